package dev.quiver.engine.plan.rules;

import dev.quiver.engine.plan.rel.LogicalSourceScan;
import dev.quiver.engine.plan.rel.SourceScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Filter over a source scan → the scan applies the conjuncts DuckDB can say with the same meaning
 * (see {@link DuckDbPredicates}); the others stay in a Quiver filter above it. Rows DuckDB drops
 * are never decoded into Arrow, copied or filtered again.
 */
public final class FilterIntoSourceScanRule extends RelRule<RuleConfig> {
    FilterIntoSourceScanRule(RuleConfig config) {
        super(config);
    }

    static FilterIntoSourceScanRule create() {
        return (FilterIntoSourceScanRule) RuleConfig.of(
                        "FilterIntoSourceScanRule",
                        filter -> filter.operand(Filter.class)
                                .oneInput(scan ->
                                        scan.operand(LogicalSourceScan.class).noInputs()),
                        FilterIntoSourceScanRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Filter filter = call.rel(0);
        SourceScan scan = call.rel(1);
        DuckDbPredicates translator = new DuckDbPredicates(
                scan.getRowType().getFieldNames(), filter.getCluster().getRexBuilder());
        List<String> pushed = new ArrayList<>(scan.predicates());
        List<RexNode> kept = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            Optional<String> sql = translator.translate(conjunct);
            if (sql.isPresent()) {
                pushed.add(sql.get());
            } else {
                kept.add(conjunct);
            }
        }
        if (pushed.size() == scan.predicates().size()) {
            return; // nothing DuckDB can do
        }
        SourceScan narrowed = scan.withScan(scan.getRowType(), pushed);
        call.transformTo(
                kept.isEmpty()
                        ? narrowed
                        : filter.copy(
                                filter.getTraitSet(),
                                narrowed,
                                RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), kept)));
    }
}
