package dev.quiver.engine.plan.rules;

import dev.quiver.engine.plan.rel.LogicalPythonUdf;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * A filter over Python calls → the conjuncts that read no call result go below the calls: Python
 * then runs only on rows that pass them, and they can move on towards the scans (a Python call in
 * WHERE does not stop the other conjuncts from being pushed down).
 */
public final class FilterPythonUdfTransposeRule extends RelRule<RuleConfig> {
    FilterPythonUdfTransposeRule(RuleConfig config) {
        super(config);
    }

    static FilterPythonUdfTransposeRule create() {
        return (FilterPythonUdfTransposeRule) RuleConfig.of(
                        "FilterPythonUdfTransposeRule",
                        filter -> filter.operand(LogicalFilter.class)
                                .oneInput(udf ->
                                        udf.operand(LogicalPythonUdf.class).anyInputs()),
                        FilterPythonUdfTransposeRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalFilter filter = call.rel(0);
        LogicalPythonUdf udf = call.rel(1);
        int firstCallColumn = udf.firstCallColumn();
        List<RexNode> below = new ArrayList<>();
        List<RexNode> above = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            int firstColumn = RelOptUtil.InputFinder.bits(conjunct).nextSetBit(firstCallColumn);
            (firstColumn < 0 ? below : above).add(conjunct);
        }
        if (below.isEmpty()) {
            return;
        }
        var rexBuilder = filter.getCluster().getRexBuilder();
        RelNode filteredInput = LogicalFilter.create(udf.getInput(), RexUtil.composeConjunction(rexBuilder, below));
        RelNode calls = udf.copy(udf.getTraitSet(), List.of(filteredInput));
        call.transformTo(
                above.isEmpty() ? calls : LogicalFilter.create(calls, RexUtil.composeConjunction(rexBuilder, above)));
    }
}
