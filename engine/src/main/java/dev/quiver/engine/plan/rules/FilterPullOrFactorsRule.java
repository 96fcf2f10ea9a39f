package dev.quiver.engine.plan.rules;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * A filter whose condition is an OR of ANDs sharing conjuncts → the shared conjuncts ANDed with
 * the OR of what is left: {@code (k = k' AND a) OR (k = k' AND b)} becomes
 * {@code k = k' AND (a OR b)}. The pulled-out equality can then become a hash-join key (TPC-H Q19)
 * instead of leaving a nested-loop join that evaluates the whole OR per row pair.
 */
public final class FilterPullOrFactorsRule extends RelRule<RuleConfig> {
    FilterPullOrFactorsRule(RuleConfig config) {
        super(config);
    }

    static FilterPullOrFactorsRule create() {
        return (FilterPullOrFactorsRule) RuleConfig.of(
                        "FilterPullOrFactorsRule",
                        filter -> filter.operand(Filter.class).anyInputs(),
                        FilterPullOrFactorsRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Filter filter = call.rel(0);
        RexNode condition = filter.getCondition();
        RexNode pulled = RexUtil.pullFactors(filter.getCluster().getRexBuilder(), condition);
        if (!pulled.equals(condition)) {
            call.transformTo(filter.copy(filter.getTraitSet(), filter.getInput(), pulled));
        }
    }
}
