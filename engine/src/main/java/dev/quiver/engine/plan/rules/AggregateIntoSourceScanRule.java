package dev.quiver.engine.plan.rules;

import dev.quiver.engine.plan.rel.LogicalSourceScan;
import dev.quiver.engine.plan.rel.SourceScan;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;

/**
 * Aggregate directly over a source scan ({@code SELECT count(*) FROM read_parquet(…)}, where no
 * projection sits between them) → the scan reads only the grouping and argument columns.
 */
public final class AggregateIntoSourceScanRule extends RelRule<RuleConfig> {
    AggregateIntoSourceScanRule(RuleConfig config) {
        super(config);
    }

    static AggregateIntoSourceScanRule create() {
        return (AggregateIntoSourceScanRule) RuleConfig.of(
                        "AggregateIntoSourceScanRule",
                        aggregate -> aggregate
                                .operand(Aggregate.class)
                                .predicate(rel -> rel.getGroupType() == Aggregate.Group.SIMPLE)
                                .oneInput(scan ->
                                        scan.operand(LogicalSourceScan.class).noInputs()),
                        AggregateIntoSourceScanRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Aggregate aggregate = call.rel(0);
        SourceScan scan = call.rel(1);
        ImmutableBitSet.Builder used = aggregate.getGroupSet().rebuild();
        for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
            used.addAll(aggregateCall.getArgList());
            if (aggregateCall.filterArg >= 0) {
                used.set(aggregateCall.filterArg);
            }
            aggregateCall.collation.getFieldCollations().forEach(collation -> used.set(collation.getFieldIndex()));
        }
        ImmutableBitSet columns = used.build();
        if (columns.isEmpty()) {
            columns = ImmutableBitSet.of(0); // DuckDB still has to say how many rows there are
        }
        int fieldCount = scan.getRowType().getFieldCount();
        if (columns.cardinality() == fieldCount) {
            return;
        }
        Mapping mapping = Mappings.create(MappingType.INVERSE_SURJECTION, fieldCount, columns.cardinality());
        RelDataTypeFactory.Builder rowType = scan.getCluster().getTypeFactory().builder();
        List<RelDataTypeField> fields = scan.getRowType().getFieldList();
        int target = 0;
        for (int column : columns) {
            mapping.set(column, target++);
            rowType.add(fields.get(column));
        }
        SourceScan narrowed = scan.withScan(rowType.build(), scan.predicates());
        ImmutableBitSet groupSet = Mappings.apply(mapping, aggregate.getGroupSet());
        List<AggregateCall> calls = aggregate.getAggCallList().stream()
                .map(aggregateCall -> aggregateCall.transform(mapping))
                .toList();
        call.transformTo(aggregate.copy(aggregate.getTraitSet(), narrowed, groupSet, null, calls));
    }
}
