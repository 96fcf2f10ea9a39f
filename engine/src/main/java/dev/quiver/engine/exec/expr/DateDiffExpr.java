package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code date_diff('unit', start, end)} as DuckDB counts it: the number of unit boundaries
 * between the two (calendar units from the year and month numbers, {@code 2020-01-31} to
 * {@code 2020-02-01} is one month; time units from the epoch), except weeks, which are whole
 * 7-day spans of the day difference. A BIGINT; DATE arguments are midnight.
 */
public final class DateDiffExpr extends FunctionExpr {
    private final DateTruncExpr.Unit unit;
    private final Expr start;
    private final Expr end;
    /** Both operands are DATEs, counted in days: the whole DATE range, beyond TIMESTAMP's, stays exact. */
    private final boolean dates;

    public DateDiffExpr(DateTruncExpr.Unit unit, Expr start, Expr end, Field field) {
        super("date_diff", List.of(start, end), field, false);
        for (Expr operand : List.of(start, end)) {
            ValueKind kind = ValueKind.of(operand.field().getType());
            if (kind != ValueKind.TIMESTAMP && kind != ValueKind.DATE && kind != ValueKind.NULL) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        "date_diff needs DATE or TIMESTAMP operands, got " + KernelVectors.sqlName(operand.field()));
            }
        }
        if (ValueKind.of(field.getType()) != ValueKind.BIGINT) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH, "date_diff returns BIGINT, not " + KernelVectors.sqlName(field));
        }
        this.unit = unit;
        this.start = start;
        this.end = end;
        this.dates = ValueKind.of(start.field().getType()) == ValueKind.DATE
                && ValueKind.of(end.field().getType()) == ValueKind.DATE;
    }

    @Override
    public String describe() {
        return "date_diff('" + unit.name().toLowerCase(Locale.ROOT) + "', " + start.describe() + ", " + end.describe()
                + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (NumericOperand from = NumericOperand.of(start, input, context);
                NumericOperand to = NumericOperand.of(end, input, context)) {
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                KernelVectors.setValidity(result, from.validity(rowCount), to.validity(rowCount), rowCount);
                long[] a = new long[rowCount];
                long[] b = new long[rowCount];
                from.readLongs(0, rowCount, a);
                to.readLongs(0, rowCount, b);
                for (int row = 0; row < rowCount; row++) {
                    boolean finite = dates
                            ? DateTimes.isFiniteDate(a[row]) && DateTimes.isFiniteDate(b[row])
                            : DateTimes.isFiniteTimestamp(a[row]) && DateTimes.isFiniteTimestamp(b[row]);
                    if (!finite) {
                        // as DuckDB: no number of units reaches an infinity
                        Bits.clear(result.getValidityBuffer(), row);
                        a[row] = 0;
                        b[row] = 0;
                    }
                }
                if (dates) {
                    countDays(a, b, rowCount);
                } else {
                    countMicros(a, b, rowCount);
                }
                Numbers.writeLongs(a, result, rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    /** {@code a[row] = units from a[row] to b[row]}, both microseconds since the epoch. */
    private void countMicros(long[] a, long[] b, int rowCount) {
        switch (unit) {
            case MICROSECOND -> difference(a, b, rowCount, 1);
            case MILLISECOND -> difference(a, b, rowCount, 1000);
            case SECOND -> difference(a, b, rowCount, DateTimes.MICROS_PER_SECOND);
            case MINUTE -> difference(a, b, rowCount, DateTimes.MICROS_PER_MINUTE);
            case HOUR -> difference(a, b, rowCount, DateTimes.MICROS_PER_HOUR);
            case DAY -> difference(a, b, rowCount, DateTimes.MICROS_PER_DAY);
            case WEEK -> {
                difference(a, b, rowCount, DateTimes.MICROS_PER_DAY);
                for (int row = 0; row < rowCount; row++) {
                    a[row] /= 7;
                }
            }
            default -> {
                for (int row = 0; row < rowCount; row++) {
                    a[row] = calendarIndex(Math.floorDiv(b[row], DateTimes.MICROS_PER_DAY))
                            - calendarIndex(Math.floorDiv(a[row], DateTimes.MICROS_PER_DAY));
                }
            }
        }
    }

    /** {@code a[row] = units from a[row] to b[row]}, both days since the epoch. */
    private void countDays(long[] a, long[] b, int rowCount) {
        long perDay = switch (unit) {
            case MICROSECOND -> DateTimes.MICROS_PER_DAY;
            case MILLISECOND -> DateTimes.MICROS_PER_DAY / 1000;
            case SECOND -> DateTimes.MICROS_PER_DAY / DateTimes.MICROS_PER_SECOND;
            case MINUTE -> DateTimes.MICROS_PER_DAY / DateTimes.MICROS_PER_MINUTE;
            case HOUR -> DateTimes.MICROS_PER_DAY / DateTimes.MICROS_PER_HOUR;
            default -> 1;
        };
        for (int row = 0; row < rowCount; row++) {
            long days = b[row] - a[row];
            a[row] = switch (unit) {
                case MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR, DAY -> unitsOf(days, perDay);
                case WEEK -> days / 7;
                default -> calendarIndex(b[row]) - calendarIndex(a[row]);
            };
        }
    }

    /** {@code days} in a unit of which a day holds {@code perDay}; NUMERIC_OVERFLOW past BIGINT. */
    private long unitsOf(long days, long perDay) {
        long units = days * perDay;
        if (Math.multiplyHigh(days, perDay) != (units >> 63)) {
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW,
                    "Overflow in date_diff: " + days + " days in " + unit.name().toLowerCase(Locale.ROOT)
                            + "s does not fit BIGINT");
        }
        return units;
    }

    /** {@code a[row] = boundaries of size unit from a[row] to b[row]}. */
    private static void difference(long[] a, long[] b, int rowCount, long unit) {
        for (int row = 0; row < rowCount; row++) {
            a[row] = Math.floorDiv(b[row], unit) - Math.floorDiv(a[row], unit);
        }
    }

    /** The number of the calendar unit that day {@code days} falls in, counted from year 0. */
    private long calendarIndex(long days) {
        long year = DateTimes.year(days);
        return switch (unit) {
            case MILLENNIUM -> Math.floorDiv(year, 1000);
            case CENTURY -> Math.floorDiv(year, 100);
            case DECADE -> Math.floorDiv(year, 10);
            case YEAR -> year;
            case ISOYEAR -> DateTimes.isoYear(days);
            case QUARTER -> year * 4 + (DateTimes.month(days) - 1) / 3;
            default -> year * 12 + DateTimes.month(days) - 1;
        };
    }
}
