package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.StringFunctions;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code parse_path(path[, separator])}: the path's components as a VARCHAR list, a leading
 * separator as a component of its own, as DuckDB; NULL for a NULL path.
 */
public final class PathPartsExpr extends NestedKernel {
    /** @param operands the path and the separator option ('system', 'forward_slash', 'backslash', other: both) */
    public PathPartsExpr(String name, List<Expr> operands, Field field) {
        super(name, operands, field, false);
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        return StringListExpr.build(field(), rowCount, context.allocator(), row -> {
            if (operands[0].isNull(row)) {
                return null;
            }
            String separator = (String) LiteralExpr.valueAt(operands[1], row);
            return StringFunctions.pathParts(
                    (String) LiteralExpr.valueAt(operands[0], row), StringFunctions.pathSeparators(separator));
        });
    }
}
