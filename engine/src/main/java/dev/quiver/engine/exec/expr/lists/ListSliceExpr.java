package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.SliceBounds;
import dev.quiver.engine.exec.expr.support.Numbers;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code list_slice(list, begin, end[, step])}: every {@code step}-th element from {@code begin} to
 * {@code end} (1-based, both included, negative counting from the end, 0 meaning the start),
 * walking down from begin to end for a negative step, as DuckDB. A NULL operand gives NULL; a step
 * of 0 is an error.
 */
public final class ListSliceExpr extends NestedKernel {
    public ListSliceExpr(String name, Expr list, Expr begin, Expr end, Expr step, Field field) {
        super(name, SliceBounds.operands(list, begin, end, step), field, true);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        long[] begins = Numbers.readLongs(operands[1], rowCount);
        long[] ends = Numbers.readLongs(operands[2], rowCount);
        long[] steps = operands.length > 3 ? Numbers.readLongs(operands[3], rowCount) : null;
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        for (int row = 0; row < rowCount; row++) {
            boolean anyNull = list.isNull(row)
                    || operands[1].isNull(row)
                    || operands[2].isNull(row)
                    || (steps != null && operands[3].isNull(row));
            if (anyNull) {
                result.endNullRow();
                continue;
            }
            long step = steps == null ? 1 : steps[row];
            if (step == 0) {
                throw new QuiverException(ErrorCode.INVALID_ARGUMENT, name() + ": slice step cannot be zero");
            }
            int length = list.length(row);
            long first = SliceBounds.first(begins[row], length, step); // 0-based, inclusive
            long last = SliceBounds.last(ends[row], length, step);
            int start = list.start(row);
            if (step > 0) {
                for (long index = Math.max(first, 0); index <= Math.min(last, length - 1); index += step) {
                    result.add(start + (int) index);
                }
            } else {
                for (long index = Math.min(first, length - 1); index >= Math.max(last, 0); index += step) {
                    result.add(start + (int) index);
                }
            }
            result.endRow();
        }
        return result.finish(list.elements(), context.allocator());
    }
}
