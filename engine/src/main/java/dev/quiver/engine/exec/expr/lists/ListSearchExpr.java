package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code list_contains(list, value)} (BOOLEAN) and {@code list_position(list, value)} (1-based
 * INTEGER, NULL when absent), as DuckDB: a NULL list gives NULL; a NULL value gives NULL for
 * list_contains, and list_position finds the first NULL element. The value has the element type
 * (the planner casts it).
 */
public final class ListSearchExpr extends NestedKernel {
    /** What the search answers. */
    public enum Answer {
        CONTAINS,
        POSITION
    }

    private final Answer answer;

    public ListSearchExpr(String name, Answer answer, Expr list, Expr value, Field field) {
        super(name, List.of(list, value), field, false);
        this.answer = answer;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        FieldVector values = operands[1];
        boolean[] nulls = new boolean[rowCount];
        boolean[] found = new boolean[rowCount];
        long[] positions = new long[rowCount];
        if (list.isUntypedNull()) {
            Arrays.fill(nulls, true);
            return result(found, positions, nulls, rowCount, context);
        }
        if (values instanceof NullVector) {
            // an untyped NULL: list_contains gives NULL, list_position finds the first NULL element
            for (int row = 0; row < rowCount; row++) {
                nulls[row] = true;
                for (int position = list.start(row); !list.isNull(row) && position < list.end(row); position++) {
                    if (answer == Answer.POSITION && list.elements().isNull(position)) {
                        positions[row] = position - list.start(row) + 1;
                        nulls[row] = false;
                        break;
                    }
                }
            }
            return result(found, positions, nulls, rowCount, context);
        }
        int elementCount = list.elements().getValueCount();
        try (FieldVector pool = ListResults.pool(
                List.of(list.elements(), values), list.elements().getField(), context.allocator())) {
            ElementOrder order = ElementOrder.of(pool);
            for (int row = 0; row < rowCount; row++) {
                boolean valueNull = values.isNull(row);
                if (list.isNull(row) || (valueNull && answer == Answer.CONTAINS)) {
                    nulls[row] = true;
                    continue;
                }
                int needle = elementCount + row;
                for (int position = list.start(row); position < list.end(row); position++) {
                    if (order.isNull(position) == valueNull && order.equal(position, needle)) {
                        found[row] = true;
                        positions[row] = position - list.start(row) + 1;
                        break;
                    }
                }
                nulls[row] = answer == Answer.POSITION && !found[row];
            }
        }
        return result(found, positions, nulls, rowCount, context);
    }

    private FieldVector result(
            boolean[] found, long[] positions, boolean[] nulls, int rowCount, ExecutionContext context) {
        return answer == Answer.CONTAINS
                ? booleans(found, nulls, rowCount, context.allocator())
                : integers(positions, nulls, rowCount, context.allocator());
    }
}
