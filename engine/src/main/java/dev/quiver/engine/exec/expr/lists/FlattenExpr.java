package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code flatten(list_of_lists)}: the inner lists joined, one level deep; NULL inner lists are
 * skipped and a NULL outer list gives NULL, as DuckDB.
 */
public final class FlattenExpr extends NestedKernel {
    public FlattenExpr(String name, Expr lists, Field field) {
        super(name, List.of(lists), field, false);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn outer = ListColumn.of(name(), operands[0]);
        ListColumn inner = outer.isUntypedNull() ? null : ListColumn.of(name(), outer.elements());
        ListResults.Builder result = new ListResults.Builder(field(), rowCount);
        for (int row = 0; row < rowCount; row++) {
            if (outer.isNull(row)) {
                result.endNullRow();
                continue;
            }
            for (int position = outer.start(row); position < outer.end(row); position++) {
                if (!inner.isNull(position)) {
                    result.addRange(inner.start(position), inner.end(position));
                }
            }
            result.endRow();
        }
        return result.finish(inner == null ? null : inner.elements(), context.allocator());
    }
}
