package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code list_extract(list, index)}: the element at 1-based {@code index} (negative counts from the
 * end); NULL for a NULL operand or an index outside the list (0 included), as DuckDB.
 */
public final class ListExtractExpr extends NestedKernel {
    public ListExtractExpr(String name, Expr list, Expr index, Field field) {
        super(name, List.of(list, index), field, false);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        if (list.isUntypedNull()) {
            return KernelVectors.nulls(field(), rowCount, context.allocator());
        }
        long[] indexes = Numbers.readLongs(operands[1], rowCount);
        int[] positions = new int[rowCount];
        for (int row = 0; row < rowCount; row++) {
            positions[row] = -1;
            if (list.isNull(row) || operands[1].isNull(row)) {
                continue;
            }
            long index = indexes[row];
            int length = list.length(row);
            long offset = index > 0 ? index - 1 : length + index;
            if (index != 0 && offset >= 0 && offset < length) {
                positions[row] = list.start(row) + (int) offset;
            }
        }
        try (FieldVector gathered = ListResults.gather(list.elements(), positions, rowCount, context.allocator())) {
            FieldVector result = field().createVector(context.allocator());
            gathered.makeTransferPair(result).transfer();
            return result;
        }
    }
}
