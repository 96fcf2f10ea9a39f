package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Lists joined end to end. Each operand is a list or a single element ({@code list_append},
 * {@code list_prepend}). As DuckDB: {@code list_concat} skips NULL lists (so it is never NULL: all
 * NULL gives an empty list) while {@code ||} gives NULL when any list is NULL; a NULL list appended to stays a list,
 * and a NULL element is appended as a NULL element.
 */
public final class ListConcatExpr extends NestedKernel {
    private final boolean[] single;
    private final boolean nullIfAnyNull;

    /**
     * @param single        per operand, whether it is one element rather than a list
     * @param nullIfAnyNull whether a NULL list makes the result NULL ({@code ||})
     */
    public ListConcatExpr(String name, List<Expr> operands, boolean[] single, boolean nullIfAnyNull, Field field) {
        super(name, operands, field, false);
        this.single = single.clone();
        this.nullIfAnyNull = nullIfAnyNull;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        Field elementField = field().getChildren().getFirst();
        ListColumn[] lists = new ListColumn[operands.length];
        int[] bases = new int[operands.length];
        List<FieldVector> parts = new ArrayList<>();
        int poolSize = 0;
        for (int index = 0; index < operands.length; index++) {
            FieldVector part = single[index] ? operands[index] : null;
            if (!single[index]) {
                lists[index] = ListColumn.of(name(), operands[index]);
                part = lists[index].elements();
            }
            bases[index] = poolSize;
            if (part != null && !(part instanceof NullVector)) {
                parts.add(part);
                poolSize += part.getValueCount();
            } else if (single[index]) {
                bases[index] = -1; // an untyped NULL element
            }
        }
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        try (FieldVector pool = parts.isEmpty() ? null : ListResults.pool(parts, elementField, context.allocator())) {
            for (int row = 0; row < rowCount; row++) {
                boolean anyNull = false;
                for (int index = 0; index < operands.length; index++) {
                    if (single[index]) {
                        result.add(bases[index] < 0 ? -1 : bases[index] + row);
                    } else if (lists[index].isNull(row)) {
                        anyNull = true;
                    } else {
                        int start = lists[index].start(row);
                        result.addRange(bases[index] + start, bases[index] + lists[index].end(row));
                    }
                }
                if (nullIfAnyNull && anyNull) {
                    result.endNullRow();
                } else {
                    result.endRow();
                }
            }
            return result.finish(pool, context.allocator());
        }
    }
}
