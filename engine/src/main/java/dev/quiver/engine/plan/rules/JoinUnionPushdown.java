package dev.quiver.engine.plan.rules;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.JoinUnionTransposeRule;

/**
 * Calcite's rules that push an inner join below a UNION ALL input (one join per union input),
 * limited to joins whose other input is small and cheap: a scan of a table with at most filters
 * and projections over it, estimated at most a quarter of the union's rows.
 *
 * <p>Why: a UNION ALL gathers its inputs before the join reads them, so a selective join above it
 * (TPC-DS q5: 3.2 M store sales and returns joined with 15 days) filters nothing until every row
 * was copied; below it, each input's join filters its own scan — down to skipping stored batches
 * by the key's range — and the union gathers only the rows that match. The other input is computed
 * once per union input, hence only a filtered scan, never a join or an aggregate.
 */
public final class JoinUnionPushdown {
    /** The other input, estimated, is at most this fraction of the union's rows. */
    private static final double MAX_SIZE_RATIO = 0.25;

    private JoinUnionPushdown() {}

    static RelOptRule unionOnLeft() {
        return JoinUnionTransposeRule.Config.LEFT
                .withOperandSupplier(b0 -> b0.operand(LogicalJoin.class)
                        .predicate(join -> isCheapSmallInnerJoin(join, join.getRight(), join.getLeft()))
                        .inputs(
                                b1 -> b1.operand(Union.class).anyInputs(),
                                b2 -> b2.operand(RelNode.class).anyInputs()))
                .as(JoinUnionTransposeRule.Config.class)
                .toRule();
    }

    static RelOptRule unionOnRight() {
        return JoinUnionTransposeRule.Config.RIGHT
                .withOperandSupplier(b0 -> b0.operand(LogicalJoin.class)
                        .predicate(join -> isCheapSmallInnerJoin(join, join.getLeft(), join.getRight()))
                        .inputs(
                                b1 -> b1.operand(RelNode.class).anyInputs(),
                                b2 -> b2.operand(Union.class).anyInputs()))
                .as(JoinUnionTransposeRule.Config.class)
                .toRule();
    }

    /** Whether some join of {@code rel} has a UNION ALL as an input: the pass runs only then. */
    public static boolean present(RelNode rel) {
        if (rel instanceof Join join
                && (join.getLeft().stripped() instanceof Union
                        || join.getRight().stripped() instanceof Union)) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (present(input.stripped())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCheapSmallInnerJoin(Join join, RelNode other, RelNode union) {
        if (join.getJoinType() != JoinRelType.INNER || !isFilteredScan(other)) {
            return false;
        }
        RelMetadataQuery metadata = join.getCluster().getMetadataQuery();
        Double otherRows = metadata.getRowCount(other);
        Double unionRows = metadata.getRowCount(union);
        return otherRows != null && unionRows != null && otherRows <= MAX_SIZE_RATIO * unionRows;
    }

    /** A table scan under nothing but filters and projections (through Hep's vertices). */
    private static boolean isFilteredScan(RelNode rel) {
        RelNode node = rel.stripped();
        while (node instanceof Filter || node instanceof Project) {
            node = node.getInput(0).stripped();
        }
        return node instanceof TableScan;
    }
}
