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
 * A DATE or TIMESTAMP plus a constant interval of {@code months} and {@code micros} (either may be
 * negative; subtraction is adding the negated interval).
 *
 * <p>Months are added first, with the day clamped to the end of a shorter month
 * ({@code DATE '1992-01-31' + INTERVAL 1 MONTH = 1992-02-29}), then the microseconds. A DATE
 * result is the day the resulting instant falls in, which is what DuckDB gives when its TIMESTAMP
 * result is cast to DATE.
 */
public final class DateAddExpr implements KernelExpr {
    private final Expr operand;
    private final long months;
    private final long micros;
    private final Field field;
    private final boolean operandIsTimestamp;
    private final boolean resultIsTimestamp;

    public DateAddExpr(Expr operand, long months, long micros, Field field) {
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
        return List.of(operand);
    }

    @Override
    public boolean mayFail() {
        return true;
    }

    @Override
    public String describe() {
        return "(" + operand.describe() + " + INTERVAL '" + months + " months " + micros + " microseconds')";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            if (ValueKind.of(values.getField().getType()) == ValueKind.NULL) {
                return KernelVectors.nulls(field, rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field, rowCount, context.allocator());
            try {
                Bits valid = Bits.validity(values, rowCount);
                KernelVectors.setValidity(result, valid, rowCount);
                long[] numbers = Numbers.readLongs(values, rowCount);
                if (!operandIsTimestamp && !resultIsTimestamp && micros % DateTimes.MICROS_PER_DAY == 0) {
                    // the common DATE +- days/months: stays in days
                    long dayShift = micros / DateTimes.MICROS_PER_DAY;
                    for (int row = 0; row < rowCount; row++) {
                        long days = months == 0 ? numbers[row] : DateTimes.addMonths(numbers[row], months);
                        numbers[row] = days + dayShift;
                    }
                } else {
                    for (int row = 0; row < rowCount; row++) {
                        long value = numbers[row];
                        long days = operandIsTimestamp ? Math.floorDiv(value, DateTimes.MICROS_PER_DAY) : value;
                        long timeOfDay = operandIsTimestamp ? value - days * DateTimes.MICROS_PER_DAY : 0;
                        if (months != 0) {
                            days = DateTimes.addMonths(days, months);
                        }
                        long instant = days * DateTimes.MICROS_PER_DAY + timeOfDay + micros;
                        numbers[row] = resultIsTimestamp ? instant : Math.floorDiv(instant, DateTimes.MICROS_PER_DAY);
                    }
                }
                if (!resultIsTimestamp) {
                    int bad = Numbers.firstOutOfRange(numbers, ValueKind.DATE, valid, rowCount);
                    if (bad >= 0) {
                        throw new QuiverException(
                                ErrorCode.NUMERIC_OVERFLOW,
                                "date out of range: " + describe() + " gives day " + numbers[bad]
                                        + " after 1970-01-01");
                    }
                }
                Numbers.writeLongs(numbers, result, rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
