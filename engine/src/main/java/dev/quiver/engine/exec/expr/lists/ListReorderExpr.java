package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Lists rearranged element by element: {@code list_reverse}, {@code list_sort} (stable, in the
 * given direction and NULL placement) and {@code list_distinct} (NULLs dropped; the order of the
 * result is unspecified in DuckDB, here ascending) and {@code list_grade_up} (the 1-based positions
 * list_sort would take the elements from, as BIGINTs). A NULL list gives NULL.
 */
public final class ListReorderExpr extends NestedKernel {
    /** The rearrangement. */
    public enum Kind {
        REVERSE,
        SORT,
        DISTINCT,
        GRADE_UP
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
        return kind == Kind.SORT || kind == Kind.GRADE_UP
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
        int longest = 0;
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
                case SORT, DISTINCT, GRADE_UP -> {
                    if (positions.length < end - start) {
                        positions = new int[end - start];
                        scratch = new int[end - start];
                    }
                    int length = 0;
                    for (int position = start; position < end; position++) {
                        if (kind != Kind.DISTINCT || !order.isNull(position)) {
                            positions[length++] = position;
                        }
                    }
                    order.sort(positions, 0, length, scratch);
                    longest = Math.max(longest, length);
                    for (int index = 0; index < length; index++) {
                        if (kind == Kind.GRADE_UP) {
                            result.add(positions[index] - start); // the pool below holds 1, 2, 3 ...
                        } else if (kind == Kind.SORT
                                || index == 0
                                || !order.equal(positions[index - 1], positions[index])) {
                            result.add(positions[index]);
                        }
                    }
                }
            }
            result.endRow();
        }
        if (kind != Kind.GRADE_UP) {
            return result.finish(list.elements(), context.allocator());
        }
        try (BigIntVector ordinals = new BigIntVector("ordinal", context.allocator())) {
            ordinals.allocateNew(Math.max(longest, 1));
            for (int index = 0; index < longest; index++) {
                ordinals.set(index, index + 1L);
            }
            ordinals.setValueCount(longest);
            return result.finish(ordinals, context.allocator());
        }
    }
}
