package dev.quiver.engine.exec.expr;

import java.util.List;

/**
 * What the kernels of this package tell each other about an expression beyond {@link Expr}: its
 * operands, and whether evaluating it can raise a data error.
 *
 * <p>CASE, COALESCE, AND and OR use it to decide whether an operand may be evaluated over the
 * whole batch (it cannot fail, so rows the SQL would not evaluate are harmless) or only over the
 * rows that need it (it can fail: {@code CASE WHEN x = 0 THEN 0 ELSE 1 / x END} must not divide
 * by zero).
 */
interface KernelExpr extends Expr {
    /** The operands, in order. */
    List<Expr> children();

    /** Whether this node itself (not counting its operands) can throw a data error. */
    boolean mayFail();
}
