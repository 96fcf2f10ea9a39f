package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.vector.NestedFields;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.memory.OutOfMemoryException;
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
        try (RootAllocator allocator = new RootAllocator(FOLDING_MEMORY)) {
            Object value = ScopedValue.where(FOLDING, Boolean.TRUE).call(() -> evaluate(expr, allocator));
            boolean large = value instanceof String text && text.length() > LARGEST_FOLDED_VALUE
                    || value instanceof byte[] bytes && bytes.length > LARGEST_FOLDED_VALUE;
            return large ? expr : new LiteralExpr(expr.field(), value);
        } catch (QuiverException | OutOfMemoryException e) {
            return expr;
        }
    }

    /**
     * Memory one folding may take: {@code repeat('a', 10^8)} is computed when the query runs (where
     * cancel and statement_timeout reach it), not while it is planned.
     */
    private static final long FOLDING_MEMORY = 8L << 20;

    /** The longest string or blob folded into a literal: a plan (and its digests) repeat literals. */
    private static final int LARGEST_FOLDED_VALUE = 64 << 10;

    /** Bound while a constant is folded. */
    private static final ScopedValue<Boolean> FOLDING = ScopedValue.newInstance();

    /**
     * Called by kernels before they build a result of {@code bytes} bytes: while folding, a result
     * too large for a literal stops the folding at once (the expression then runs with the query).
     */
    static void checkFoldable(double bytes) {
        if (FOLDING.isBound() && bytes > LARGEST_FOLDED_VALUE) {
            throw new QuiverException(ErrorCode.UNSUPPORTED, "a constant of " + (long) bytes + " bytes is not folded");
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
            return evaluate(expr, allocator);
        }
    }

    private static Object evaluate(Expr expr, RootAllocator allocator) {
        ExecutionContext context = new ExecutionContext(allocator, 1, 1);
        try (FieldVector value = expr.evaluate(new Batch(List.of(), 1), context)) {
            return LiteralExpr.valueAt(value, 0);
        }
    }
}
