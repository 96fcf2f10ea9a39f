package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.arrow.vector.FieldVector;

/**
 * A filter's condition as the conjuncts of its top-level AND, each evaluated only on the rows the
 * ones before it kept, as DuckDB's filters narrow a selection vector: a list of row numbers that
 * shrinks conjunct by conjunct, with no BOOLEAN vector in between.
 *
 * <p>Comparisons and IN lists over columns ({@link SelectingExpr}) narrow the list in place, most
 * selective first: the order adapts to the share of rows each has kept so far (TPC-H Q12's
 * one-year {@code l_receiptdate} range, which keeps 15 %, runs before its {@code l_shipmode} IN
 * list, which keeps 29 %). Order changes no result: these conjuncts cannot fail, and a row is kept
 * only where every conjunct is TRUE. The other conjuncts run last, as one AND, over the rows still
 * kept — where their errors are real ones.
 *
 * <p>THREADING: immutable but for the kept-row counts that choose the order, which every thread
 * updates without a lock (a lost update only delays a better order).
 */
public final class Conjunction {
    /**
     * Below one kept row in this many, the remaining conjuncts are evaluated on copies of the kept
     * rows rather than over the whole batch (as {@link LogicalExpr} decides).
     */
    private static final int FEW_KEPT_ROWS = 4;

    private final List<SelectingExpr> selecting;
    /** The other conjuncts as one AND, or null when there are none. */
    private final Expr rest;
    /** Rows each selecting conjunct was asked about, and rows it kept, over every batch so far. */
    private final AtomicLongArray asked;

    private final AtomicLongArray kept;

    private Conjunction(List<SelectingExpr> selecting, Expr rest) {
        this.selecting = List.copyOf(selecting);
        this.rest = rest;
        this.asked = new AtomicLongArray(selecting.size());
        this.kept = new AtomicLongArray(selecting.size());
    }

    /** The conjunction of {@code condition}, or null when none of its conjuncts can narrow rows in place. */
    public static Conjunction of(Expr condition) {
        List<Expr> conjuncts = condition instanceof LogicalExpr logical && logical.conjuncts() != null
                ? logical.conjuncts()
                : List.of(condition);
        List<SelectingExpr> selecting = new ArrayList<>();
        List<Expr> others = new ArrayList<>();
        for (Expr conjunct : conjuncts) {
            if (conjunct instanceof SelectingExpr candidate && candidate.selects()) {
                selecting.add(candidate);
            } else {
                others.add(conjunct);
            }
        }
        if (selecting.isEmpty()) {
            return null;
        }
        Expr rest = switch (others.size()) {
            case 0 -> null;
            case 1 -> others.getFirst();
            default -> new LogicalExpr(LogicalExpr.Operator.AND, others, KernelVectors.BOOLEAN);
        };
        return new Conjunction(selecting, rest);
    }

    /**
     * Writes the rows of {@code input} where the condition is TRUE (not FALSE, not NULL), ascending,
     * into {@code selected} (at least {@code input.rowCount()} long) and returns their number. Of a
     * batch with a selection ({@link Batch#selection}), only the selected rows are tested: each
     * conjunct reads those the ones before it kept.
     *
     * @throws dev.quiver.engine.error.QuiverException for a data error of a conjunct that is not
     *     selecting, raised by a row every conjunct before it kept
     */
    public int select(Batch input, int[] selected, ExecutionContext context) {
        int count = startingRows(input, selected);
        for (int position : order()) {
            if (count == 0) {
                return 0;
            }
            int before = count;
            count = selecting.get(position).selectTrue(input, selected, count);
            asked.addAndGet(position, before);
            kept.addAndGet(position, count);
        }
        return rest == null || count == 0 ? count : keepWhere(rest, input, selected, count, context);
    }

    /**
     * Writes the rows of {@code input} where {@code condition} is TRUE into {@code selected} and
     * returns their number, as {@link #select} does for a condition none of whose conjuncts
     * narrows rows in place. Of a batch with a selection, the condition is evaluated on copies of
     * the selected rows of the columns it reads: never more work than compacting the batch first,
     * which is what a filter did before, whatever the condition costs per row (a LIKE).
     */
    public static int select(Expr condition, Batch input, int[] selected, ExecutionContext context) {
        int count = startingRows(input, selected);
        if (count == 0) {
            return 0;
        }
        if (input.selection() == null) {
            return keepWhere(condition, input, selected, count, context);
        }
        try (FieldVector values = Exprs.evaluateOn(condition, input, selected, count, context)) {
            return keepTrue(values, count, selected, count, false);
        }
    }

    /** The rows a batch holds (its selection, or every row) into {@code selected}; their number. */
    private static int startingRows(Batch input, int[] selected) {
        int[] selection = input.selection();
        if (selection != null) {
            System.arraycopy(selection, 0, selected, 0, input.selectedRowCount());
            return input.selectedRowCount();
        }
        int rowCount = input.rowCount();
        for (int row = 0; row < rowCount; row++) {
            selected[row] = row;
        }
        return rowCount;
    }

    /** The selecting conjuncts' positions, the one that kept the smallest share of rows so far first. */
    private int[] order() {
        int size = selecting.size();
        int[] order = new int[size];
        double[] shares = new double[size];
        for (int position = 0; position < size; position++) {
            long askedRows = asked.get(position);
            // not yet asked: as if it kept every row, so conjuncts known to narrow go first
            shares[position] = askedRows == 0 ? 1.0 : (double) kept.get(position) / askedRows;
            order[position] = position;
        }
        for (int index = 1; index < size; index++) { // insertion sort: a handful of conjuncts, stable
            int position = order[index];
            int slot = index;
            while (slot > 0 && shares[order[slot - 1]] > shares[position]) {
                order[slot] = order[slot - 1];
                slot--;
            }
            order[slot] = position;
        }
        return order;
    }

    /** Keeps, of the rows selected so far, those where {@code condition} is TRUE. */
    private static int keepWhere(Expr condition, Batch input, int[] selected, int count, ExecutionContext context) {
        int rowCount = input.rowCount();
        if (count >= rowCount / FEW_KEPT_ROWS) {
            FieldVector whole = Exprs.evaluateWhole(condition, input, context, count == rowCount);
            if (whole != null) {
                try (FieldVector values = whole) {
                    return keepTrue(values, rowCount, selected, count, true);
                }
            }
        }
        // few rows left, or the whole batch raised an error somewhere: the kept rows alone
        try (FieldVector values = Exprs.evaluateOn(condition, input, selected, count, context)) {
            return keepTrue(values, count, selected, count, false);
        }
    }

    /**
     * Keeps the selected rows where {@code values} is TRUE: value {@code selected[index]} of a
     * whole-batch vector, or value {@code index} of one evaluated on the selected rows alone.
     */
    private static int keepTrue(FieldVector values, int valueCount, int[] selected, int count, boolean wholeBatch) {
        Bits valid = Bits.validity(values, valueCount);
        Bits data = LogicalExpr.dataOf(values, valueCount);
        int keptCount = 0;
        for (int index = 0; index < count; index++) {
            int row = selected[index];
            int at = wholeBatch ? row : index;
            selected[keptCount] = row;
            keptCount += valid.get(at) && data.get(at) ? 1 : 0;
        }
        return keptCount;
    }
}
