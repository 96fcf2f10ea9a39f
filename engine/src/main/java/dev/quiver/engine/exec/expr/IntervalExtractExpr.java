package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.vector.Interval;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code EXTRACT(field FROM interval)}, {@code date_part} and {@code epoch} of an INTERVAL, as DuckDB
 * reads the three parts without normalising them: YEAR and MONTH split the months (14 months is year
 * 1, month 2), DAY is the days part, the clock fields split the microseconds (25 hours is hour 25),
 * and every field keeps the part's sign. EPOCH counts a year as 365.25 days and a month as 30.
 */
public final class IntervalExtractExpr extends FunctionExpr {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
    private static final long MICROS_PER_MONTH = 30 * MICROS_PER_DAY;
    /** DuckDB's epoch year: 365.25 days, so that 12 months are not 360 days. */
    private static final long MICROS_PER_YEAR = 36525 * MICROS_PER_DAY / 100;

    private final ExtractExpr.Unit unit;
    private final Expr operand;

    public IntervalExtractExpr(ExtractExpr.Unit unit, Expr operand, Field field) {
        super("EXTRACT", List.of(operand), field, false);
        switch (unit) {
            case YEAR,
                    QUARTER,
                    MONTH,
                    DAY,
                    DECADE,
                    CENTURY,
                    MILLENNIUM,
                    EPOCH,
                    HOUR,
                    MINUTE,
                    SECOND,
                    MILLISECOND,
                    MICROSECOND -> {}
            default ->
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "interval units \"" + unit.name().toLowerCase(Locale.ROOT)
                                + "\" not recognized: an INTERVAL has year, quarter, month, day, decade, century,"
                                + " millennium, hour, minute, second, millisecond, microsecond and epoch");
        }
        ValueKind resultKind = ValueKind.of(field.getType());
        if (!resultKind.isInteger() && resultKind != ValueKind.DOUBLE) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "EXTRACT returns an integer or DOUBLE, not " + KernelVectors.sqlName(field));
        }
        this.unit = unit;
        this.operand = operand;
    }

    @Override
    public String describe() {
        return "EXTRACT(" + unit + " FROM " + operand.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            if (ValueKind.of(values.getField().getType()) == ValueKind.NULL) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                Bits valid = Bits.validity(values, rowCount);
                KernelVectors.setValidity(result, valid, rowCount);
                ValueKind resultKind = ValueKind.of(field().getType());
                if (resultKind == ValueKind.DOUBLE) {
                    double[] seconds = new double[rowCount];
                    for (int row = 0; row < rowCount; row++) {
                        if (valid.get(row)) {
                            seconds[row] = unit == ExtractExpr.Unit.EPOCH
                                    ? epochMicros(Interval.read(values.getDataBuffer(), row)) / 1e6
                                    : part(Interval.read(values.getDataBuffer(), row));
                        }
                    }
                    Numbers.writeDoubles(seconds, result, rowCount);
                } else {
                    long[] parts = new long[rowCount];
                    for (int row = 0; row < rowCount; row++) {
                        if (valid.get(row)) {
                            Interval value = Interval.read(values.getDataBuffer(), row);
                            parts[row] = unit == ExtractExpr.Unit.EPOCH
                                    ? epochMicros(value) / MICROS_PER_SECOND
                                    : part(value);
                        }
                    }
                    int bad = Numbers.firstOutOfRange(parts, resultKind, valid, rowCount);
                    if (bad >= 0) {
                        throw new QuiverException(
                                ErrorCode.NUMERIC_OVERFLOW,
                                "EXTRACT(" + unit + ") = " + parts[bad] + " does not fit "
                                        + KernelVectors.sqlName(field()));
                    }
                    Numbers.writeLongs(parts, result, rowCount);
                }
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    /** One field of {@code value}; Java's {@code /} and {@code %} truncate toward zero as DuckDB's do. */
    private long part(Interval value) {
        long months = value.months();
        long micros = value.micros();
        return switch (unit) {
            case YEAR -> months / 12;
            case QUARTER -> months % 12 / 3 + 1;
            case MONTH -> months % 12;
            case DAY -> value.days();
            case DECADE -> months / 120;
            case CENTURY -> months / 1200;
            case MILLENNIUM -> months / 12000;
            case HOUR -> micros / MICROS_PER_HOUR;
            case MINUTE -> micros % MICROS_PER_HOUR / MICROS_PER_MINUTE;
            case SECOND -> micros % MICROS_PER_MINUTE / MICROS_PER_SECOND;
            case MILLISECOND -> micros % MICROS_PER_MINUTE / 1000;
            case MICROSECOND -> micros % MICROS_PER_MINUTE;
            default -> throw QuiverException.internal("interval unit " + unit + " passed the constructor", null);
        };
    }

    /** The whole interval in microseconds: years of 365.25 days, months of 30, days of 24 hours. */
    private static long epochMicros(Interval value) {
        long months = value.months();
        return months / 12 * MICROS_PER_YEAR
                + months % 12 * MICROS_PER_MONTH
                + value.days() * MICROS_PER_DAY
                + value.micros();
    }
}
