package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The scalar {@code range(stop)}, {@code range(start, stop[, step])} and {@code generate_series(…)}
 * of DuckDB: the BIGINTs from start (default 0) by step (default 1) up to stop, stop excluded for
 * range and included for generate_series; empty when the step points away from stop or is 0; NULL
 * when an operand is. (In FROM the same names are the table functions.)
 */
public final class RangeListExpr extends NestedKernel {
    /** Elements of one row's list at most: a larger range is refused rather than allocated. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final boolean inclusive;

    /** @param operands stop, or start and stop, or start, stop and step, as BIGINTs */
    public RangeListExpr(String name, boolean inclusive, List<Expr> operands, Field field) {
        super(name, operands, field, true);
        this.inclusive = inclusive;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListVector result = (ListVector) field().createVector(context.allocator());
        try {
            result.setInitialCapacity(Math.max(rowCount, 1));
            result.allocateNew();
            BigIntVector values = (BigIntVector) result.getDataVector();
            int element = 0;
            for (int row = 0; row < rowCount; row++) {
                if (anyNull(operands, row)) {
                    result.setNull(row);
                    continue;
                }
                long start = operands.length == 1 ? 0 : value(operands[0], row);
                long stop = value(operands[operands.length == 1 ? 0 : 1], row);
                long step = operands.length == 3 ? value(operands[2], row) : 1;
                long count = count(start, stop, step);
                if (element + count > MAX_ELEMENTS) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            name() + ": the lists of one batch would hold more than " + MAX_ELEMENTS + " elements");
                }
                result.startNewValue(row);
                long value = start;
                for (long index = 0; index < count; index++, value += step) {
                    values.setSafe(element++, value);
                }
                result.endValue(row, (int) count);
            }
            values.setValueCount(element);
            result.setValueCount(rowCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** How many values lie from start towards stop by step (without overflowing on the way). */
    private long count(long start, long stop, long step) {
        if (step == 0 || (step > 0 ? start > stop : start < stop)) {
            return 0;
        }
        // the distance as an unsigned number: start and stop may be the extremes of BIGINT
        long distance = step > 0 ? stop - start : start - stop;
        long stride = step > 0 ? step : -step;
        if (step == Long.MIN_VALUE) {
            stride = Long.MIN_VALUE; // 2^63 unsigned
        }
        long steps = Long.divideUnsigned(distance, stride);
        boolean lands = Long.remainderUnsigned(distance, stride) == 0;
        if (inclusive || !lands) {
            steps++; // the value at stop itself, or the last one short of it
        }
        return steps;
    }

    private static boolean anyNull(FieldVector[] operands, int row) {
        for (FieldVector operand : operands) {
            if (operand.isNull(row)) {
                return true;
            }
        }
        return false;
    }

    private static long value(FieldVector operand, int row) {
        return ((BigIntVector) operand).get(row);
    }
}
