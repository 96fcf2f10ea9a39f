package dev.quiver.engine.plan.metadata;

import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.metadata.RelMdSelectivity;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Selectivity of a join condition from distinct counts: equalities between left and right columns
 * keep {@code 1 / max(distinct left keys, distinct right keys)} of the pairs — the
 * textbook estimate that makes a foreign-key join yield about as many rows as the referencing
 * side, and a join on a low-cardinality column (two dimension tables on a nation key) yield many.
 * Other conjuncts keep Calcite's guesses; conjuncts multiply (independence).
 */
public class JoinSelectivity extends RelMdSelectivity {
    @Override
    public Double getSelectivity(Join join, RelMetadataQuery mq, RexNode predicate) {
        if (!join.getJoinType().projectsRight() || predicate == null || predicate.isAlwaysTrue()) {
            return super.getSelectivity(join, mq, predicate); // SEMI/ANTI: Calcite's semi-join estimate
        }
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        ImmutableBitSet.Builder leftKeys = ImmutableBitSet.builder();
        ImmutableBitSet.Builder rightKeys = ImmutableBitSet.builder();
        double selectivity = 1;
        for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
            int[] pair = equiPair(conjunct, leftWidth);
            if (pair == null) {
                selectivity *= RelMdUtil.guessSelectivity(conjunct);
            } else {
                leftKeys.set(pair[0]);
                rightKeys.set(pair[1]);
            }
        }
        ImmutableBitSet left = leftKeys.build();
        if (!left.isEmpty()) {
            // all key columns at once: multiplying per-column estimates would assume them independent,
            // which composite keys (partsupp's part and supplier) are not
            selectivity /=
                    Math.max(distinct(mq, join.getLeft(), left), distinct(mq, join.getRight(), rightKeys.build()));
        }
        return selectivity;
    }

    /** For {@code left column = right column} (through casts), the two columns; otherwise null. */
    private static int[] equiPair(RexNode conjunct, int leftWidth) {
        if (!conjunct.isA(SqlKind.EQUALS) && !conjunct.isA(SqlKind.IS_NOT_DISTINCT_FROM)) {
            return null;
        }
        List<RexNode> operands = ((RexCall) conjunct).getOperands();
        int first = column(operands.get(0));
        int second = column(operands.get(1));
        if (first < 0 || second < 0 || (first < leftWidth) == (second < leftWidth)) {
            return null;
        }
        return new int[] {Math.min(first, second), Math.max(first, second) - leftWidth};
    }

    /** Distinct values of {@code columns} of {@code rel}, at least 1, at most its row count. */
    private static double distinct(RelMetadataQuery mq, RelNode rel, ImmutableBitSet columns) {
        Double rows = mq.getRowCount(rel);
        double rowCount = rows == null ? 1 : Math.max(1, rows);
        Double distinct = mq.getDistinctRowCount(rel, columns, null);
        // unknown: assume a key, the common case for a join column of an input without statistics
        return distinct == null ? rowCount : Math.max(1, Math.min(distinct, rowCount));
    }

    /** The input column {@code node} reads, through casts, or -1 when it is an expression. */
    private static int column(RexNode node) {
        RexNode stripped = node;
        while (stripped.isA(SqlKind.CAST)) {
            stripped = ((RexCall) stripped).getOperands().get(0);
        }
        return stripped instanceof RexInputRef ref ? ref.getIndex() : -1;
    }
}
