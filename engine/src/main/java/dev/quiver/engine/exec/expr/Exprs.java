package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/** Facts about expression trees, and evaluation over a subset of a batch's rows. */
public final class Exprs {
    private Exprs() {}

    /**
     * Whether evaluating {@code expr} can never raise a data error, so evaluating it on rows the SQL
     * would skip is harmless. Expressions this package does not know are assumed to fail.
     */
    static boolean isSafe(Expr expr) {
        return switch (expr) {
            case ColumnExpr column -> true;
            case LiteralExpr literal -> true;
            case KernelExpr kernel ->
                !kernel.mayFail() && kernel.children().stream().allMatch(Exprs::isSafe);
            default -> false;
        };
    }

    /** The input columns {@code expr} reads, or null when it contains expressions this package does not know. */
    static BitSet columns(Expr expr) {
        BitSet columns = new BitSet();
        return collectColumns(expr, columns) ? columns : null;
    }

    private static boolean collectColumns(Expr expr, BitSet columns) {
        switch (expr) {
            case ColumnExpr column -> {
                columns.set(column.index());
                return true;
            }
            case LiteralExpr literal -> {
                return true;
            }
            case KernelExpr kernel -> {
                for (Expr child : kernel.children()) {
                    if (!collectColumns(child, columns)) {
                        return false;
                    }
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Evaluates {@code expr} over rows {@code rows[0..count)} of {@code input} only: a vector of
     * {@code count} values, value {@code i} for row {@code rows[i]}. Only the columns the expression
     * reads are copied.
     */
    static FieldVector evaluateOn(Expr expr, Batch input, int[] rows, int count, ExecutionContext context) {
        BitSet needed = columns(expr);
        List<FieldVector> gathered = new ArrayList<>();
        try {
            List<FieldVector> columns = new ArrayList<>(input.columnCount());
            for (int columnIndex = 0; columnIndex < input.columnCount(); columnIndex++) {
                FieldVector column = input.column(columnIndex);
                if (needed == null || needed.get(columnIndex)) {
                    FieldVector copy = Gather.gather(column, rows, count, context.allocator());
                    gathered.add(copy);
                    columns.add(copy);
                } else {
                    // never read by expr; any vector with enough values keeps Batch's invariant
                    columns.add(column);
                }
            }
            // not closed: it holds columns of the caller's batch; the gathered ones are closed below
            Batch subset = new Batch(columns, count);
            return expr.evaluate(subset, context);
        } finally {
            for (FieldVector copy : gathered) {
                copy.close();
            }
        }
    }

    /**
     * Evaluates {@code expr} over the whole batch although only some rows need it, when that is
     * sure to raise no error the SQL would not: the expression cannot fail, every row needs it, or
     * it simply does not fail. Returns null when it failed (on rows that may not need it); the
     * caller then evaluates it over its rows only ({@link #evaluateOn}), where an error is real.
     *
     * <p>Optimistic, because expressions that could fail rarely do: a whole-batch loop beats
     * copying the needed columns out, and a guarded {@code 1 / x} costs a second evaluation only in
     * batches where the guard mattered. Never for expressions this package does not know (a Python
     * function): they may be costly, and their errors are not data errors to retry.
     */
    static FieldVector evaluateWhole(Expr expr, Batch input, ExecutionContext context, boolean everyRowNeedsIt) {
        if (everyRowNeedsIt || isSafe(expr)) {
            return expr.evaluate(input, context);
        }
        if (columns(expr) == null) {
            return null;
        }
        try {
            return expr.evaluate(input, context);
        } catch (QuiverException e) {
            if (isDataError(e.code())) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Whether {@link #evaluateBeyondSelection} can evaluate {@code expr}: every node of it is one
     * this package knows (not a Python call).
     */
    public static boolean canEvaluateBeyondSelection(Expr expr) {
        return isSafe(expr) || columns(expr) != null;
    }

    /**
     * {@code expr} over every row of {@code input} although only its selection ({@link
     * Batch#selection}) is in the batch, or null when that raised a data error (on a row outside
     * the selection, maybe): the caller then evaluates over the selected rows alone, where an error
     * is real. As {@link #evaluateWhole}, whose reasoning this shares.
     */
    public static FieldVector evaluateBeyondSelection(Expr expr, Batch input, ExecutionContext context) {
        return evaluateWhole(expr, input, context, false);
    }

    /** Errors that depend on the values of rows (and so may come from rows the SQL would skip). */
    static boolean isDataError(ErrorCode code) {
        return switch (code) {
            case DIVISION_BY_ZERO, NUMERIC_OVERFLOW, INVALID_CAST, INVALID_ARGUMENT -> true;
            default -> false;
        };
    }

    /** A readable list of operands for {@code describe()}. */
    static String describeAll(List<Expr> operands) {
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < operands.size(); index++) {
            if (index > 0) {
                text.append(", ");
            }
            text.append(operands.get(index).describe());
        }
        return text.toString();
    }
}
