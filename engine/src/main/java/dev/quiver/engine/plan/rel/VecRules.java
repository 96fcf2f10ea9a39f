package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.logical.LogicalValues;

/** The rules that convert logical rels into Quiver's {@link VecRel#CONVENTION}; instances only here. */
public final class VecRules {
    private VecRules() {
    }

    public static final RelOptRule TABLE_SCAN = ConverterRule.Config.INSTANCE
            .withConversion(LogicalTableScan.class, Convention.NONE, VecRel.CONVENTION, "VecTableScanRule")
            .withRuleFactory(VecTableScanRule::new).toRule(VecTableScanRule.class);
    public static final RelOptRule VALUES = ConverterRule.Config.INSTANCE
            .withConversion(LogicalValues.class, Convention.NONE, VecRel.CONVENTION, "VecValuesRule")
            .withRuleFactory(VecValuesRule::new).toRule(VecValuesRule.class);
    public static final RelOptRule FILTER = ConverterRule.Config.INSTANCE
            .withConversion(LogicalFilter.class, Convention.NONE, VecRel.CONVENTION, "VecFilterRule")
            .withRuleFactory(VecFilterRule::new).toRule(VecFilterRule.class);
    public static final RelOptRule PROJECT = ConverterRule.Config.INSTANCE
            .withConversion(LogicalProject.class, Convention.NONE, VecRel.CONVENTION, "VecProjectRule")
            .withRuleFactory(VecProjectRule::new).toRule(VecProjectRule.class);
    public static final RelOptRule SORT = ConverterRule.Config.INSTANCE
            .withConversion(LogicalSort.class, Convention.NONE, VecRel.CONVENTION, "VecSortRule")
            .withRuleFactory(VecSortRule::new).toRule(VecSortRule.class);
    public static final RelOptRule AGGREGATE = ConverterRule.Config.INSTANCE
            .withConversion(LogicalAggregate.class, Convention.NONE, VecRel.CONVENTION, "VecAggregateRule")
            .withRuleFactory(VecAggregateRule::new).toRule(VecAggregateRule.class);

    /** Every conversion rule, for the physical planning phase. */
    public static final List<RelOptRule> ALL = List.of(TABLE_SCAN, VALUES, FILTER, PROJECT, SORT, AGGREGATE);

    private static RelNode vec(RelNode input) {
        return convert(input, input.getTraitSet().replace(VecRel.CONVENTION));
    }

    private static RelNode convert(RelNode input, org.apache.calcite.plan.RelTraitSet traits) {
        return RelOptRule.convert(input, traits);
    }

    /** LogicalTableScan → VecTableScan. */
    static final class VecTableScanRule extends ConverterRule {
        VecTableScanRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalTableScan scan = (LogicalTableScan) rel;
            return new VecTableScan(scan.getCluster(), scan.getTraitSet().replace(VecRel.CONVENTION), scan.getTable());
        }
    }

    /** LogicalValues → VecValues. */
    static final class VecValuesRule extends ConverterRule {
        VecValuesRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalValues values = (LogicalValues) rel;
            return new VecValues(values.getCluster(), values.getRowType(), values.getTuples(),
                    values.getTraitSet().replace(VecRel.CONVENTION));
        }
    }

    /** LogicalFilter → VecFilter. */
    static final class VecFilterRule extends ConverterRule {
        VecFilterRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalFilter filter = (LogicalFilter) rel;
            return new VecFilter(filter.getCluster(), filter.getTraitSet().replace(VecRel.CONVENTION),
                    vec(filter.getInput()), filter.getCondition());
        }
    }

    /** LogicalProject → VecProject. */
    static final class VecProjectRule extends ConverterRule {
        VecProjectRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalProject project = (LogicalProject) rel;
            return new VecProject(project.getCluster(), project.getTraitSet().replace(VecRel.CONVENTION),
                    vec(project.getInput()), project.getProjects(), project.getRowType());
        }
    }

    /** LogicalSort → VecSort. */
    static final class VecSortRule extends ConverterRule {
        VecSortRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalSort sort = (LogicalSort) rel;
            return new VecSort(sort.getCluster(), sort.getTraitSet().replace(VecRel.CONVENTION),
                    vec(sort.getInput()), sort.getCollation(), sort.offset, sort.fetch);
        }
    }

    /** LogicalAggregate → VecAggregate, unless it uses something the runtime lacks (then the planner reports it). */
    static final class VecAggregateRule extends ConverterRule {
        VecAggregateRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalAggregate aggregate = (LogicalAggregate) rel;
            if (VecAggregate.unsupported(aggregate) != null) {
                return null;
            }
            return new VecAggregate(aggregate.getCluster(), aggregate.getTraitSet().replace(VecRel.CONVENTION),
                    vec(aggregate.getInput()), aggregate.getGroupSet(), aggregate.getGroupSets(),
                    aggregate.getAggCallList());
        }
    }
}
