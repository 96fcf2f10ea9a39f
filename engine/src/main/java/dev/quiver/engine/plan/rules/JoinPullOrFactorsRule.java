package dev.quiver.engine.plan.rules;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * The join-condition twin of {@link FilterPullOrFactorsRule}: conjuncts shared by every branch of
 * an OR move out of it, so an equality they contain becomes a hash-join key.
 */
public final class JoinPullOrFactorsRule extends RelRule<RuleConfig> {
    JoinPullOrFactorsRule(RuleConfig config) {
        super(config);
    }

    static JoinPullOrFactorsRule create() {
        return (JoinPullOrFactorsRule) RuleConfig.of(
                        "JoinPullOrFactorsRule",
                        join -> join.operand(Join.class).anyInputs(),
                        JoinPullOrFactorsRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Join join = call.rel(0);
        RexNode condition = join.getCondition();
        RexNode pulled = RexUtil.pullFactors(join.getCluster().getRexBuilder(), condition);
        if (!pulled.equals(condition)) {
            call.transformTo(join.copy(
                    join.getTraitSet(),
                    pulled,
                    join.getLeft(),
                    join.getRight(),
                    join.getJoinType(),
                    join.isSemiJoinDone()));
        }
    }
}
