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
 * DuckDB's DATE-valued calendar functions: {@code last_day(d)} (of a DATE or TIMESTAMP) and
 * {@code make_date(year, month, day)}, which refuses a date that does not exist.
 */
public final class DateFunctionExpr extends FunctionExpr {
    /** The functions. */
    public enum Function {
        LAST_DAY,
        MAKE_DATE
    }

    private final Function function;
    private final List<Expr> operands;

    /** @param operands a TIMESTAMP for LAST_DAY (the planner casts a DATE); three BIGINTs for MAKE_DATE */
    public DateFunctionExpr(Function function, List<Expr> operands, Field field) {
        super(
                function.name().toLowerCase(Locale.ROOT),
                function == Function.MAKE_DATE
                        ? operands.stream()
                                .map(operand -> StringOperands.requireInteger("make_date", operand))
                                .toList()
                        : operands,
                field,
                function == Function.MAKE_DATE);
        this.function = function;
        this.operands = children();
        ValueKind first = ValueKind.of(operands.getFirst().field().getType());
        if (ValueKind.of(field.getType()) != ValueKind.DATE
                || function == Function.LAST_DAY && first != ValueKind.TIMESTAMP && first != ValueKind.NULL) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    function + " cannot take "
                            + KernelVectors.sqlName(operands.getFirst().field()));
        }
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        NumericOperand[] values = new NumericOperand[operands.size()];
        try {
            Bits valid = Bits.constant(true, rowCount);
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                long[][] numbers = new long[values.length][rowCount];
                for (int index = 0; index < values.length; index++) {
                    values[index] = NumericOperand.of(operands.get(index), input, context);
                    values[index].readLongs(0, rowCount, numbers[index]);
                }
                KernelVectors.setValidity(result, values[0].validity(rowCount), rowCount);
                for (int index = 1; index < values.length; index++) {
                    KernelVectors.setValidity(
                            result,
                            Bits.of(result.getValidityBuffer(), rowCount),
                            values[index].validity(rowCount),
                            rowCount);
                }
                valid = Bits.of(result.getValidityBuffer(), rowCount);
                long[] days = new long[rowCount];
                if (function == Function.LAST_DAY) {
                    for (int row = 0; row < rowCount; row++) {
                        if (!DateTimes.isFiniteTimestamp(numbers[0][row])) {
                            Bits.clear(result.getValidityBuffer(), row); // as DuckDB: an infinity has no month
                            continue;
                        }
                        long day = Math.floorDiv(numbers[0][row], DateTimes.MICROS_PER_DAY);
                        long year = DateTimes.year(day);
                        int month = DateTimes.month(day);
                        days[row] = DateTimes.daysFromCivil(year, month, DateTimes.daysInMonth(year, month));
                    }
                } else {
                    for (int row = 0; row < rowCount; row++) {
                        if (valid.get(row)) {
                            days[row] = makeDate(numbers[0][row], numbers[1][row], numbers[2][row]);
                        }
                    }
                }
                Numbers.writeLongs(days, result, rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        } finally {
            for (NumericOperand value : values) {
                KernelVectors.closeQuietly(value);
            }
        }
    }

    private static long makeDate(long year, long month, long day) {
        if (year < DateTimes.MIN_YEAR
                || year > DateTimes.MAX_YEAR
                || month < 1
                || month > 12
                || day < 1
                || day > DateTimes.daysInMonth(year, (int) month)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "Date out of range: " + year + "-" + month + "-" + day);
        }
        return DateTimes.daysFromCivil(year, (int) month, (int) day);
    }
}
