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
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A DATE or TIMESTAMP plus an interval of {@code months} and {@code micros} (either may be
 * negative; subtraction is adding the negated interval), constant or, with a {@code factor}
 * operand, that many times the interval in each row ({@code d + n} is {@code d + n * INTERVAL 1 DAY}).
 *
 * <p>Months are added first, with the day clamped to the end of a shorter month
 * ({@code DATE '1992-01-31' + INTERVAL 1 MONTH = 1992-02-29}), then the microseconds. A DATE
 * result is the day the resulting instant falls in, which is what DuckDB gives when its TIMESTAMP
 * result is cast to DATE.
 */
public final class DateAddExpr implements KernelExpr {
    private final Expr operand;
    private final Expr factor;
    private final long months;
    private final long micros;
    private final Field field;
    private final boolean operandIsTimestamp;
    private final boolean resultIsTimestamp;

    public DateAddExpr(Expr operand, long months, long micros, Field field) {
        this(operand, null, months, micros, field);
    }

    /**
     * @param factor an integer expression the interval is multiplied by in each row (NULL gives
     *               NULL), or null for the interval itself
     */
    public DateAddExpr(Expr operand, Expr factor, long months, long micros, Field field) {
        ValueKind kind = ValueKind.of(operand.field().getType());
        ValueKind resultKind = ValueKind.of(field.getType());
        if ((kind != ValueKind.DATE && kind != ValueKind.TIMESTAMP && kind != ValueKind.NULL)
                || (resultKind != ValueKind.DATE && resultKind != ValueKind.TIMESTAMP)) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "cannot add an interval to " + KernelVectors.sqlName(operand.field()) + " giving "
                            + KernelVectors.sqlName(field));
        }
        this.operand = operand;
        this.factor = factor == null ? null : StringOperands.requireInteger("date arithmetic", factor);
        this.months = months;
        this.micros = micros;
        this.field = field;
        this.operandIsTimestamp = kind == ValueKind.TIMESTAMP;
        this.resultIsTimestamp = resultKind == ValueKind.TIMESTAMP;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return factor == null ? List.of(operand) : List.of(operand, factor);
    }

    @Override
    public boolean mayFail() {
        return true;
    }

    @Override
    public String describe() {
        String interval = "INTERVAL '" + months + " months " + micros + " microseconds'";
        return "(" + operand.describe() + " + " + (factor == null ? "" : factor.describe() + " * ") + interval + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context);
                FieldVector factors = factor == null ? null : factor.evaluate(input, context)) {
            if (ValueKind.of(values.getField().getType()) == ValueKind.NULL
                    || (factors != null && ValueKind.of(factors.getField().getType()) == ValueKind.NULL)) {
                return KernelVectors.nulls(field, rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field, rowCount, context.allocator());
            try {
                Bits valid = Bits.validity(values, rowCount);
                Bits factorValid = factors == null ? Bits.constant(true, rowCount) : Bits.validity(factors, rowCount);
                KernelVectors.setValidity(result, valid, factorValid, rowCount);
                long[] numbers = Numbers.readLongs(values, rowCount);
                long[] times = factors == null ? null : Numbers.readLongs(factors, rowCount);
                for (int row = 0; row < rowCount; row++) {
                    if (!valid.get(row) || !factorValid.get(row)) {
                        continue; // a NULL row's placeholder must not overflow
                    }
                    if (times == null) {
                        numbers[row] = add(numbers[row], months, micros);
                    } else {
                        numbers[row] = add(
                                numbers[row],
                                Math.multiplyExact(months, times[row]),
                                Math.multiplyExact(micros, times[row]));
                    }
                }
                if (!resultIsTimestamp) {
                    int bad =
                            Numbers.firstOutOfRange(numbers, ValueKind.DATE, Bits.validity(result, rowCount), rowCount);
                    if (bad >= 0) {
                        throw outOfRange("gives day " + numbers[bad] + " after 1970-01-01");
                    }
                }
                Numbers.writeLongs(numbers, result, rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (ArithmeticException e) {
                result.close();
                throw outOfRange("overflows");
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    /** One value plus the interval; DATE +- whole days (and months) stays in days. */
    private long add(long value, long addMonths, long addMicros) {
        if (operandIsTimestamp ? !DateTimes.isFiniteTimestamp(value) : !DateTimes.isFiniteDate(value)) {
            return DateTimes.infinityOf(value, resultIsTimestamp); // as DuckDB: it stays that infinity
        }
        if (!operandIsTimestamp && !resultIsTimestamp && addMicros % DateTimes.MICROS_PER_DAY == 0) {
            long days = addMonths == 0 ? value : DateTimes.addMonths(value, addMonths);
            return Math.addExact(days, addMicros / DateTimes.MICROS_PER_DAY);
        }
        long days = operandIsTimestamp ? Math.floorDiv(value, DateTimes.MICROS_PER_DAY) : value;
        long timeOfDay = operandIsTimestamp ? value - days * DateTimes.MICROS_PER_DAY : 0;
        if (addMonths != 0) {
            days = DateTimes.addMonths(days, addMonths);
        }
        long instant =
                Math.addExact(Math.addExact(Math.multiplyExact(days, DateTimes.MICROS_PER_DAY), timeOfDay), addMicros);
        return resultIsTimestamp ? instant : Math.floorDiv(instant, DateTimes.MICROS_PER_DAY);
    }

    private QuiverException outOfRange(String what) {
        return new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "date out of range: " + describe() + " " + what);
    }
}
