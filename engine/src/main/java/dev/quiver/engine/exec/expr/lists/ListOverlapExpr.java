package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code list_has_any(left, right)} (some non-NULL element of right is in left) and
 * {@code list_has_all(left, right)} (every non-NULL element of right is in left), as DuckDB: NULL
 * elements are ignored and a NULL list gives NULL. Both lists have one element type.
 */
public final class ListOverlapExpr extends NestedKernel {
    private final boolean all;

    /** @param all whether every element must be found ({@code list_has_all}) rather than one */
    public ListOverlapExpr(String name, boolean all, Expr left, Expr right, Field field) {
        super(name, List.of(left, right), field, false);
        this.all = all;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn left = ListColumn.of(name(), operands[0]);
        ListColumn right = ListColumn.of(name(), operands[1]);
        boolean[] nulls = new boolean[rowCount];
        boolean[] answers = new boolean[rowCount];
        if (left.isUntypedNull() || right.isUntypedNull()) {
            Arrays.fill(nulls, true);
            return booleans(answers, nulls, rowCount, context.allocator());
        }
        int base = left.elements().getValueCount();
        try (FieldVector pool = ListResults.pool(
                List.of(left.elements(), right.elements()), left.elements().getField(), context.allocator())) {
            ElementOrder order = ElementOrder.of(pool);
            int[] sorted = new int[16];
            int[] scratch = new int[16];
            for (int row = 0; row < rowCount; row++) {
                if (left.isNull(row) || right.isNull(row)) {
                    nulls[row] = true;
                    continue;
                }
                if (sorted.length < left.length(row)) {
                    sorted = new int[left.length(row)];
                    scratch = new int[left.length(row)];
                }
                int count = 0;
                for (int position = left.start(row); position < left.end(row); position++) {
                    if (!order.isNull(position)) {
                        sorted[count++] = position;
                    }
                }
                order.sort(sorted, 0, count, scratch);
                boolean answer = all;
                for (int position = right.start(row); position < right.end(row); position++) {
                    int needle = base + position;
                    if (order.isNull(needle)) {
                        continue;
                    }
                    if (order.containsSorted(sorted, 0, count, needle) != all) {
                        answer = !all;
                        break;
                    }
                }
                answers[row] = answer;
            }
        }
        return booleans(answers, nulls, rowCount, context.allocator());
    }
}
