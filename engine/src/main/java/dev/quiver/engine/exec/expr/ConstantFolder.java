package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.vector.NestedFields;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Replaces an expression that reads no column by the constant it evaluates to, at plan time, so
 * that {@code x < CAST('1995-03-15' AS DATE)} runs as a comparison with a constant.
 *
 * <p>An expression that fails when evaluated ({@code 1 / 0}) is left alone: whether it raises
 * depends on whether the query evaluates it at all ({@code CASE WHEN false THEN 1 / 0 END} must not).
 */
public final class ConstantFolder {
    private ConstantFolder() {}

    /** {@code expr} as a {@link LiteralExpr} when it is constant and evaluates cleanly, else {@code expr}. */
    public static Expr fold(Expr expr) {
        if (expr instanceof LiteralExpr
                || !(expr instanceof KernelExpr)
                || NestedFields.isNested(expr.field().getType())) { // constants hold scalar values only
            return expr;
        }
        BitSet columns = Exprs.columns(expr);
        if (columns == null || !columns.isEmpty()) {
            return expr;
        }
        try {
            return new LiteralExpr(expr.field(), evaluate(expr));
        } catch (QuiverException e) {
            return expr;
        }
    }

    /**
     * The value of an expression that reads no column, as a literal holds it.
     *
     * @throws QuiverException when the evaluation fails ({@code CAST('x' AS INTEGER)})
     */
    public static Object evaluate(Expr expr) {
        if (expr instanceof LiteralExpr literal) {
            return literal.value();
        }
        try (RootAllocator allocator = new RootAllocator()) {
            ExecutionContext context = new ExecutionContext(allocator, 1, 1);
            try (FieldVector value = expr.evaluate(new Batch(List.of(), 1), context)) {
                return LiteralExpr.valueAt(value, 0);
            }
        }
    }
}
