package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A count per list: {@code len(list)} / {@code cardinality(map)} (elements, NULLs included) or
 * {@code list_unique(list)} (distinct non-NULL elements). A NULL list gives NULL.
 */
public final class ListCountExpr extends NestedKernel {
    /** What is counted. */
    public enum Counted {
        /** every element. */
        ELEMENTS,
        /** distinct non-NULL elements. */
        DISTINCT
    }

    private final Counted counted;

    public ListCountExpr(String name, Counted counted, Expr list, Field field) {
        super(name, List.of(list), field, false);
        this.counted = counted;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        long[] counts = new long[rowCount];
        boolean[] nulls = new boolean[rowCount];
        ElementOrder order =
                counted == Counted.DISTINCT && !list.isUntypedNull() ? ElementOrder.of(list.elements()) : null;
        int[] positions = new int[16];
        int[] scratch = new int[16];
        for (int row = 0; row < rowCount; row++) {
            if (list.isNull(row)) {
                nulls[row] = true;
                continue;
            }
            if (order == null) {
                counts[row] = list.length(row);
                continue;
            }
            int length = 0;
            if (positions.length < list.length(row)) {
                positions = new int[list.length(row)];
                scratch = new int[list.length(row)];
            }
            for (int position = list.start(row); position < list.end(row); position++) {
                if (!order.isNull(position)) {
                    positions[length++] = position;
                }
            }
            order.sort(positions, 0, length, scratch);
            long distinct = 0;
            for (int index = 0; index < length; index++) {
                if (index == 0 || !order.equal(positions[index - 1], positions[index])) {
                    distinct++;
                }
            }
            counts[row] = distinct;
        }
        return integers(counts, nulls, rowCount, context.allocator());
    }
}
