package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Lists rearranged element by element: {@code list_reverse}, {@code list_sort} (stable, in the
 * given direction and NULL placement) and {@code list_distinct} (NULLs dropped; the order of the
 * result is unspecified in DuckDB, here ascending). A NULL list gives NULL.
 */
public final class ListReorderExpr extends NestedKernel {
    /** The rearrangement. */
    public enum Kind {
        REVERSE,
        SORT,
        DISTINCT
    }

    private final Kind kind;
    private final boolean descending;
    private final boolean nullsFirst;

    /** {@code descending} and {@code nullsFirst} matter only for {@link Kind#SORT}. */
    public ListReorderExpr(String name, Kind kind, boolean descending, boolean nullsFirst, Expr list, Field field) {
        super(name, List.of(list), field, false);
        this.kind = kind;
        this.descending = descending;
        this.nullsFirst = nullsFirst;
    }

    @Override
    public String describe() {
        return kind == Kind.SORT
                ? name() + "(" + children().getFirst().describe() + ", " + (descending ? "DESC" : "ASC")
                        + (nullsFirst ? " NULLS FIRST" : " NULLS LAST") + ")"
                : super.describe();
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn list = ListColumn.of(name(), operands[0]);
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        ElementOrder order = kind != Kind.REVERSE && !list.isUntypedNull()
                ? ElementOrder.of(list.elements(), descending, nullsFirst)
                : null;
        int[] positions = new int[16];
        int[] scratch = new int[16];
        for (int row = 0; row < rowCount; row++) {
            if (list.isNull(row)) {
                result.endNullRow();
                continue;
            }
            int start = list.start(row);
            int end = list.end(row);
            switch (kind) {
                case REVERSE -> {
                    for (int position = end - 1; position >= start; position--) {
                        result.add(position);
                    }
                }
                case SORT, DISTINCT -> {
                    if (positions.length < end - start) {
                        positions = new int[end - start];
                        scratch = new int[end - start];
                    }
                    int length = 0;
                    for (int position = start; position < end; position++) {
                        if (kind == Kind.SORT || !order.isNull(position)) {
                            positions[length++] = position;
                        }
                    }
                    order.sort(positions, 0, length, scratch);
                    for (int index = 0; index < length; index++) {
                        if (kind == Kind.SORT || index == 0 || !order.equal(positions[index - 1], positions[index])) {
                            result.add(positions[index]);
                        }
                    }
                }
            }
            result.endRow();
        }
        return result.finish(list.elements(), context.allocator());
    }
}
