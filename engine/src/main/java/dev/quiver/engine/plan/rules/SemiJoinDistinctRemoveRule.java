package dev.quiver.engine.plan.rules;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.tools.RelBuilder;

/**
 * A SEMI or ANTI join whose right input is a DISTINCT (an Aggregate with group keys only) → the
 * same join over the DISTINCT's input, projected to the group columns. Whether a matching right
 * row exists does not depend on duplicates, so the DISTINCT (which decorrelated EXISTS and NOT
 * EXISTS leave behind) is wasted work.
 */
public final class SemiJoinDistinctRemoveRule extends RelRule<RuleConfig> {
    SemiJoinDistinctRemoveRule(RuleConfig config) {
        super(config);
    }

    static SemiJoinDistinctRemoveRule create() {
        return (SemiJoinDistinctRemoveRule) RuleConfig.of(
                        "SemiJoinDistinctRemoveRule",
                        join -> join.operand(Join.class)
                                .predicate(candidate -> !candidate.getJoinType().projectsRight())
                                .inputs(
                                        left -> left.operand(RelNode.class).anyInputs(),
                                        right -> right.operand(Aggregate.class)
                                                .predicate(aggregate -> aggregate
                                                                .getAggCallList()
                                                                .isEmpty()
                                                        && aggregate.getGroupType() == Aggregate.Group.SIMPLE
                                                        && !aggregate
                                                                .getGroupSet()
                                                                .isEmpty()) // that one has a row always
                                                .anyInputs()),
                        SemiJoinDistinctRemoveRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Join join = call.rel(0);
        Aggregate distinct = call.rel(2);
        RelBuilder builder = call.builder();
        builder.push(join.getLeft());
        builder.push(distinct.getInput()).project(builder.fields(distinct.getGroupSet()));
        builder.join(join.getJoinType(), join.getCondition());
        call.transformTo(builder.build());
    }
}
