package dev.quiver.engine.plan.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * An outer join below an inner join whose condition rejects the NULLs the outer join pads with
 * becomes an inner join (a FULL join a LEFT or RIGHT one, when only one side's padding is
 * rejected): the padded rows could never pass the inner join. Calcite's FILTER_INTO_JOIN does this
 * for a filter over the outer join, not for the condition of a join over it — TPC-DS q93's
 * {@code store_sales LEFT JOIN store_returns …, reason WHERE sr_reason_sk = r_reason_sk}, where
 * the inner join lets the one reason's 8,000 returns be joined first and build the hash table that
 * 2.9 M sales probe, instead of all 287,000 returns.
 *
 * <p>Also through a projection between the two joins, for the projected columns that are NULL
 * when the padded ones are. The columns the outer join made nullable may lose that; a projection
 * above the inner join casts them back, so that the rels above keep their types.
 */
public final class JoinOuterInputToInnerRule extends RelRule<RuleConfig> {
    JoinOuterInputToInnerRule(RuleConfig config) {
        super(config);
    }

    static JoinOuterInputToInnerRule create() {
        return (JoinOuterInputToInnerRule) RuleConfig.of(
                        "JoinOuterInputToInnerRule",
                        join -> join.operand(Join.class)
                                .predicate(candidate -> candidate.getJoinType() == JoinRelType.INNER)
                                .anyInputs(),
                        JoinOuterInputToInnerRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Join inner = call.rel(0);
        RelNode left = inner.getLeft().stripped();
        RelNode right = inner.getRight().stripped();
        int leftWidth = left.getRowType().getFieldCount();
        RelBuilder builder = call.builder();
        RelNode newLeft = stricter(left, 0, inner.getCondition(), builder);
        RelNode newRight = stricter(right, leftWidth, inner.getCondition(), builder);
        if (newLeft == left && newRight == right) {
            return;
        }
        builder.push(newLeft).push(newRight);
        // the condition's column references take the inputs' new types
        List<RelDataType> types = new ArrayList<>(RelOptUtil.getFieldTypeList(newLeft.getRowType()));
        types.addAll(RelOptUtil.getFieldTypeList(newRight.getRowType()));
        RexNode condition = RexUtil.fixUp(builder.getRexBuilder(), List.of(inner.getCondition()), types)
                .getFirst();
        builder.join(JoinRelType.INNER, condition).convert(inner.getRowType(), false);
        call.transformTo(builder.build());
    }

    /**
     * {@code input}, the inner join's input at column {@code offset} — an outer join, or a
     * projection of one — with the outer join type made stricter where {@code condition} rejects
     * its padding NULLs; {@code input} itself when it is neither or no side's padding is rejected.
     */
    private static RelNode stricter(RelNode input, int offset, RexNode condition, RelBuilder builder) {
        Project project = input instanceof Project candidate ? candidate : null;
        RelNode below = project == null ? input : project.getInput().stripped();
        if (!(below instanceof Join outer) || !outer.getJoinType().isOuterJoin()) {
            return input;
        }
        int outerLeftWidth = outer.getLeft().getRowType().getFieldCount();
        int outerWidth = outer.getRowType().getFieldCount();
        ImmutableBitSet leftPadded = ImmutableBitSet.range(0, outerLeftWidth);
        ImmutableBitSet rightPadded = ImmutableBitSet.range(outerLeftWidth, outerWidth);
        JoinRelType type = outer.getJoinType();
        if (Strong.isNotTrue(condition, nullWhenPadded(project, rightPadded, offset))) {
            type = type.cancelNullsOnRight();
        }
        if (Strong.isNotTrue(condition, nullWhenPadded(project, leftPadded, offset))) {
            type = type.cancelNullsOnLeft();
        }
        if (type == outer.getJoinType()) {
            return input;
        }
        RelNode stricter = outer.copy(
                outer.getTraitSet(),
                outer.getCondition(),
                outer.getLeft(),
                outer.getRight(),
                type,
                outer.isSemiJoinDone());
        if (project == null) {
            return stricter;
        }
        List<RexNode> projects = RexUtil.fixUp(
                builder.getRexBuilder(), project.getProjects(), RelOptUtil.getFieldTypeList(stricter.getRowType()));
        return builder.push(stricter)
                .project(projects, project.getRowType().getFieldNames(), true)
                .build();
    }

    /**
     * The inner join's columns (from {@code offset}) that are NULL when the outer join's columns
     * {@code padded} are: those columns themselves, or the projections of them that are.
     */
    private static ImmutableBitSet nullWhenPadded(Project project, ImmutableBitSet padded, int offset) {
        if (project == null) {
            return padded.shift(offset);
        }
        ImmutableBitSet.Builder columns = ImmutableBitSet.builder();
        List<RexNode> projects = project.getProjects();
        for (int column = 0; column < projects.size(); column++) {
            if (Strong.isNull(projects.get(column), padded)) {
                columns.set(offset + column);
            }
        }
        return columns.build();
    }
}
