package dev.quiver.engine.plan.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * An inner join whose condition holds an OR of branches that each constrain one input on its own
 * → a filter on that input with what the branches imply for it, the OR itself kept in the join:
 * {@code (n1 = 'FRANCE' AND n2 = 'GERMANY') OR (n1 = 'GERMANY' AND n2 = 'FRANCE')} implies
 * {@code n1 = 'FRANCE' OR n1 = 'GERMANY'} on n1's side (TPC-H Q7; Q19's part and lineitem
 * conditions likewise). Those filters shrink inputs before the join, and the join order sees
 * them.
 *
 * <p>Fires once per join: it does nothing when the input already is a filter with the implied
 * condition, so it must run in a pass of its own (another rule rewriting that filter would make it
 * fire again); {@link #applies} says whether a plan has anything to derive.
 */
public final class JoinOrImpliedFiltersRule extends RelRule<RuleConfig> {
    JoinOrImpliedFiltersRule(RuleConfig config) {
        super(config);
    }

    static JoinOrImpliedFiltersRule create() {
        return (JoinOrImpliedFiltersRule) RuleConfig.of(
                        "JoinOrImpliedFiltersRule",
                        join -> join.operand(Join.class)
                                .predicate(candidate -> candidate.getJoinType() == JoinRelType.INNER)
                                .anyInputs(),
                        JoinOrImpliedFiltersRule::new)
                .toRule();
    }

    /** Whether some inner join of {@code rel} has an OR among its condition's conjuncts. */
    public static boolean applies(RelNode rel) {
        return RelSearch.any(
                rel,
                node -> node instanceof Join join
                        && join.getJoinType() == JoinRelType.INNER
                        && RelOptUtil.conjunctions(join.getCondition()).stream()
                                .anyMatch(part -> part.isA(SqlKind.OR)));
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Join join = call.rel(0);
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        ImmutableBitSet leftColumns = ImmutableBitSet.range(leftWidth);
        ImmutableBitSet rightColumns =
                ImmutableBitSet.range(leftWidth, join.getRowType().getFieldCount());
        List<RexNode> leftImplied = new ArrayList<>();
        List<RexNode> rightImplied = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
            if (conjunct.isA(SqlKind.OR)) {
                addIfImplied(conjunct, leftColumns, 0, rexBuilder, leftImplied);
                addIfImplied(conjunct, rightColumns, leftWidth, rexBuilder, rightImplied);
            }
        }
        RelNode left = withFilter(join.getLeft(), leftImplied, rexBuilder);
        RelNode right = withFilter(join.getRight(), rightImplied, rexBuilder);
        if (left != join.getLeft() || right != join.getRight()) {
            call.transformTo(join.copy(
                    join.getTraitSet(), join.getCondition(), left, right, join.getJoinType(), join.isSemiJoinDone()));
        }
    }

    /**
     * The OR, over one input's columns ({@code side}, shifted by {@code offset}), of each branch's
     * conjuncts that read only that input; nothing when some branch has none.
     */
    private static void addIfImplied(
            RexNode or, ImmutableBitSet side, int offset, RexBuilder rexBuilder, List<RexNode> implied) {
        List<RexNode> branches = new ArrayList<>();
        for (RexNode branch : RelOptUtil.disjunctions(or)) {
            List<RexNode> own = new ArrayList<>();
            for (RexNode part : RelOptUtil.conjunctions(branch)) {
                ImmutableBitSet used = RelOptUtil.InputFinder.bits(part);
                if (!used.isEmpty() && side.contains(used) && RexUtil.isDeterministic(part)) {
                    own.add(part);
                }
            }
            if (own.isEmpty()) {
                return;
            }
            branches.add(RexUtil.composeConjunction(rexBuilder, own));
        }
        RexNode disjunction = RexUtil.composeDisjunction(rexBuilder, branches);
        implied.add(offset == 0 ? disjunction : RexUtil.shift(disjunction, -offset));
    }

    private static RelNode withFilter(RelNode input, List<RexNode> implied, RexBuilder rexBuilder) {
        if (implied.isEmpty()) {
            return input;
        }
        RelNode stripped = input.stripped();
        if (stripped instanceof Filter filter
                && RelOptUtil.conjunctions(filter.getCondition()).containsAll(implied)) {
            return input; // derived before
        }
        return LogicalFilter.create(input, RexUtil.composeConjunction(rexBuilder, implied));
    }
}
