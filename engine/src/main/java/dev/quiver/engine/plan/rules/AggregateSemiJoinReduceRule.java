package dev.quiver.engine.plan.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * An inner join of a GROUP BY with a much smaller input on group keys → the same join, with the
 * GROUP BY's input first reduced by a SEMI join with that smaller input on the same keys.
 *
 * <p>Why: a decorrelated scalar subquery ({@code l_quantity < (SELECT 0.2 * avg(l_quantity) …
 * WHERE l_partkey = p_partkey)}, TPC-H Q17; Q2's and Q20's likewise) aggregates the whole inner
 * table — 200,000 groups over six million rows — and only then joins the few hundred parts that
 * pass their filter. The semi join keeps exactly the groups the join can match, each whole (it
 * filters on the group keys alone), so the join's result is unchanged; only the rows aggregated
 * shrink. The smaller input is computed twice, so the rule applies only when it is estimated at
 * most a quarter of the GROUP BY's input. It fires once: a GROUP BY whose input already is such a
 * semi join is left alone, and so is a join whose smaller input computes aggregates itself or
 * filters nothing (a whole table, matching nearly every row on its key).
 */
public final class AggregateSemiJoinReduceRule extends RelRule<RuleConfig> {
    /** The smaller input, estimated, is at most this fraction of the aggregated rows. */
    private static final double MAX_SIZE_RATIO = 0.25;

    AggregateSemiJoinReduceRule(RuleConfig config) {
        super(config);
    }

    static AggregateSemiJoinReduceRule create() {
        return (AggregateSemiJoinReduceRule) RuleConfig.of(
                        "AggregateSemiJoinReduceRule",
                        join -> join.operand(Join.class)
                                .predicate(candidate -> candidate.getJoinType() == JoinRelType.INNER)
                                .anyInputs(),
                        AggregateSemiJoinReduceRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Join join = call.rel(0);
        // keys compared with =, not IS NOT DISTINCT FROM: a NULL group key then matches nothing
        JoinInfo info = JoinInfo.createWithStrictEquality(join.getLeft(), join.getRight(), join.getCondition());
        if (info.leftKeys.isEmpty()) {
            return;
        }
        RelNode left = join.getLeft().stripped();
        RelNode right = join.getRight().stripped();
        RelNode newLeft = reduced(left, info.leftKeys, right, info.rightKeys, join);
        RelNode newRight = newLeft != null ? null : reduced(right, info.rightKeys, left, info.leftKeys, join);
        if (newLeft == null && newRight == null) {
            return;
        }
        call.transformTo(join.copy(
                join.getTraitSet(),
                join.getCondition(),
                newLeft != null ? newLeft : left,
                newRight != null ? newRight : right,
                join.getJoinType(),
                join.isSemiJoinDone()));
    }

    /**
     * {@code side} (an Aggregate, or a Project of plain columns over one) with its aggregate's
     * input semi-joined to {@code other} on the keys, or null when the rule does not apply.
     */
    private static RelNode reduced(
            RelNode side, List<Integer> sideKeys, RelNode other, List<Integer> otherKeys, Join join) {
        Project project = side instanceof Project candidate ? candidate : null;
        RelNode below = project == null ? side : project.getInput().stripped();
        if (!(below instanceof Aggregate aggregate) || aggregate.getGroupSets().size() != 1) {
            return null;
        }
        // each join key, traced to a group key of the aggregate, then to its column of the aggregated input
        List<Integer> inputKeys = new ArrayList<>();
        List<Integer> keptOtherKeys = new ArrayList<>();
        List<Integer> groupKeys = aggregate.getGroupSet().asList();
        for (int index = 0; index < sideKeys.size(); index++) {
            int column = sideKeys.get(index);
            if (project != null) {
                if (!(project.getProjects().get(column) instanceof RexInputRef ref)) {
                    continue;
                }
                column = ref.getIndex();
            }
            if (column < groupKeys.size()) {
                inputKeys.add(groupKeys.get(column));
                keptOtherKeys.add(otherKeys.get(index));
            }
        }
        if (inputKeys.isEmpty()) {
            return null;
        }
        RelNode input = aggregate.getInput().stripped();
        if (input instanceof Join existing && existing.getJoinType() == JoinRelType.SEMI) {
            return null; // reduced before
        }
        if (aggregates(other)) {
            // a GROUP BY on the other side (a CTE joined with itself: TPC-DS q4, q11, q74) costs
            // about as much to compute a second time as the reduction saves
            return null;
        }
        if (!filters(other)) {
            // whole tables joined on their keys match (nearly) every aggregated row: the semi join
            // would remove nothing, and in a CTE referenced twice it would make the references
            // differ, so the GROUP BY would run twice (TPC-DS q59: 2.88 M store_sales rows twice,
            // for a semi join with all twelve stores)
            return null;
        }
        RelMetadataQuery metadata = join.getCluster().getMetadataQuery();
        Double otherRows = metadata.getRowCount(other);
        Double inputRows = metadata.getRowCount(input);
        if (otherRows == null || inputRows == null || otherRows > MAX_SIZE_RATIO * inputRows) {
            return null;
        }
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        int inputWidth = input.getRowType().getFieldCount();
        List<RexNode> equalities = new ArrayList<>();
        for (int index = 0; index < inputKeys.size(); index++) {
            equalities.add(rexBuilder.makeCall(
                    SqlStdOperatorTable.EQUALS,
                    RexInputRef.of(inputKeys.get(index), input.getRowType()),
                    new RexInputRef(
                            inputWidth + keptOtherKeys.get(index),
                            other.getRowType()
                                    .getFieldList()
                                    .get(keptOtherKeys.get(index))
                                    .getType())));
        }
        RelNode semi = LogicalJoin.create(
                input,
                other,
                List.of(),
                RexUtil.composeConjunction(rexBuilder, equalities),
                Set.of(),
                JoinRelType.SEMI);
        RelNode newAggregate = aggregate.copy(aggregate.getTraitSet(), List.of(semi));
        return project == null ? newAggregate : project.copy(project.getTraitSet(), List.of(newAggregate));
    }

    /** Whether a filter stands somewhere in {@code rel} (through Hep's vertices). */
    private static boolean filters(RelNode rel) {
        if (rel instanceof Filter) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (filters(input.stripped())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code rel} computes an aggregate function somewhere (a DISTINCT alone does not count). */
    private static boolean aggregates(RelNode rel) {
        if (rel instanceof Aggregate aggregate && !aggregate.getAggCallList().isEmpty()) {
            return true; // a DISTINCT (TPC-H Q20's IN list) is cheap enough to compute twice
        }
        for (RelNode input : rel.getInputs()) {
            if (aggregates(input.stripped())) {
                return true;
            }
        }
        return false;
    }
}
