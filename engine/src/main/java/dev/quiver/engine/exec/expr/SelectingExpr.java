package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;

/**
 * An expression that can narrow a list of rows to those where it is TRUE without building a BOOLEAN
 * vector: a filter's conjunct evaluated on the rows the conjuncts before it kept ({@link
 * Conjunction}), as DuckDB's filters narrow a selection vector.
 */
interface SelectingExpr extends Expr {
    /** Whether {@link #selectTrue} can evaluate this expression (its operands' shape and types). */
    boolean selects();

    /**
     * Keeps, of {@code rows[0..count)} (ascending rows of {@code input}), in place and in order,
     * those where this expression is TRUE — not FALSE, not NULL — and returns their number. Reads
     * only those rows and never fails; only when {@link #selects}. With {@code count} equal to the
     * batch's row count the rows can only be {@code 0, 1, 2, …}, which implementations may use.
     */
    int selectTrue(Batch input, int[] rows, int count);
}
