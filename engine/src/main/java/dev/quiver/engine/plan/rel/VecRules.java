package dev.quiver.engine.plan.rel;

import dev.quiver.engine.sql.AsofJoins;
import dev.quiver.engine.sql.PositionalJoins;
import dev.quiver.engine.sql.SampleSpec;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Sample;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalIntersect;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalMinus;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalRepeatUnion;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.schema.TransientTable;

/** The rules that convert logical rels into Quiver's {@link VecRel#CONVENTION}; instances only here. */
public final class VecRules {
    private VecRules() {}

    public static final RelOptRule TABLE_SCAN = ConverterRule.Config.INSTANCE
            .withConversion(LogicalTableScan.class, Convention.NONE, VecRel.CONVENTION, "VecTableScanRule")
            .withRuleFactory(VecTableScanRule::new)
            .toRule(VecTableScanRule.class);
    public static final RelOptRule VALUES = ConverterRule.Config.INSTANCE
            .withConversion(LogicalValues.class, Convention.NONE, VecRel.CONVENTION, "VecValuesRule")
            .withRuleFactory(VecValuesRule::new)
            .toRule(VecValuesRule.class);
    public static final RelOptRule FILTER = ConverterRule.Config.INSTANCE
            .withConversion(LogicalFilter.class, Convention.NONE, VecRel.CONVENTION, "VecFilterRule")
            .withRuleFactory(VecFilterRule::new)
            .toRule(VecFilterRule.class);
    public static final RelOptRule PROJECT = ConverterRule.Config.INSTANCE
            .withConversion(LogicalProject.class, Convention.NONE, VecRel.CONVENTION, "VecProjectRule")
            .withRuleFactory(VecProjectRule::new)
            .toRule(VecProjectRule.class);
    public static final RelOptRule SORT = ConverterRule.Config.INSTANCE
            .withConversion(LogicalSort.class, Convention.NONE, VecRel.CONVENTION, "VecSortRule")
            .withRuleFactory(VecSortRule::new)
            .toRule(VecSortRule.class);
    public static final RelOptRule JOIN = ConverterRule.Config.INSTANCE
            .withConversion(LogicalJoin.class, Convention.NONE, VecRel.CONVENTION, "VecJoinRule")
            .withRuleFactory(VecJoinRule::new)
            .toRule(VecJoinRule.class);
    public static final RelOptRule UNION = ConverterRule.Config.INSTANCE
            .withConversion(LogicalUnion.class, Convention.NONE, VecRel.CONVENTION, "VecUnionRule")
            .withRuleFactory(VecUnionRule::new)
            .toRule(VecUnionRule.class);
    public static final RelOptRule INTERSECT = ConverterRule.Config.INSTANCE
            .withConversion(LogicalIntersect.class, Convention.NONE, VecRel.CONVENTION, "VecIntersectRule")
            .withRuleFactory(VecIntersectRule::new)
            .toRule(VecIntersectRule.class);
    public static final RelOptRule MINUS = ConverterRule.Config.INSTANCE
            .withConversion(LogicalMinus.class, Convention.NONE, VecRel.CONVENTION, "VecMinusRule")
            .withRuleFactory(VecMinusRule::new)
            .toRule(VecMinusRule.class);

    public static final RelOptRule TABLE_FUNCTION_SCAN = ConverterRule.Config.INSTANCE
            .withConversion(
                    LogicalTableFunctionScan.class, Convention.NONE, VecRel.CONVENTION, "VecTableFunctionScanRule")
            .withRuleFactory(VecTableFunctionScanRule::new)
            .toRule(VecTableFunctionScanRule.class);

    public static final RelOptRule AGGREGATE = ConverterRule.Config.INSTANCE
            .withConversion(LogicalAggregate.class, Convention.NONE, VecRel.CONVENTION, "VecAggregateRule")
            .withRuleFactory(VecAggregateRule::new)
            .toRule(VecAggregateRule.class);

    public static final RelOptRule PYTHON_UDF = ConverterRule.Config.INSTANCE
            .withConversion(LogicalPythonUdf.class, Convention.NONE, VecRel.CONVENTION, "VecPythonUdfRule")
            .withRuleFactory(VecPythonUdfRule::new)
            .toRule(VecPythonUdfRule.class);

    public static final RelOptRule PYTHON_TABLE_FUNCTION = ConverterRule.Config.INSTANCE
            .withConversion(
                    LogicalPythonTableFunction.class, Convention.NONE, VecRel.CONVENTION, "VecPythonTableFunctionRule")
            .withRuleFactory(VecPythonTableFunctionRule::new)
            .toRule(VecPythonTableFunctionRule.class);

    public static final RelOptRule PYTHON_TABLE_INPUT = ConverterRule.Config.INSTANCE
            .withConversion(
                    PythonTableInputRel.Logical.class, Convention.NONE, VecRel.CONVENTION, "VecPythonTableInputRule")
            .withRuleFactory(VecPythonTableInputRule::new)
            .toRule(VecPythonTableInputRule.class);

    public static final RelOptRule UNNEST = ConverterRule.Config.INSTANCE
            .withConversion(LogicalUnnest.class, Convention.NONE, VecRel.CONVENTION, "VecUnnestRule")
            .withRuleFactory(VecUnnestRule::new)
            .toRule(VecUnnestRule.class);

    public static final RelOptRule SOURCE_SCAN = ConverterRule.Config.INSTANCE
            .withConversion(LogicalSourceScan.class, Convention.NONE, VecRel.CONVENTION, "VecFileScanRule")
            .withRuleFactory(VecFileScanRule::new)
            .toRule(VecFileScanRule.class);

    public static final RelOptRule WINDOW = ConverterRule.Config.INSTANCE
            .withConversion(LogicalWindow.class, Convention.NONE, VecRel.CONVENTION, "VecWindowRule")
            .withRuleFactory(VecWindowRule::new)
            .toRule(VecWindowRule.class);

    public static final RelOptRule SAMPLE = ConverterRule.Config.INSTANCE
            .withConversion(Sample.class, Convention.NONE, VecRel.CONVENTION, "VecSampleRule")
            .withRuleFactory(VecSampleRule::new)
            .toRule(VecSampleRule.class);

    public static final RelOptRule ASOF_JOIN = ConverterRule.Config.INSTANCE
            .withConversion(LogicalAsofJoin.class, Convention.NONE, VecRel.CONVENTION, "VecAsofJoinRule")
            .withRuleFactory(VecAsofJoinRule::new)
            .toRule(VecAsofJoinRule.class);

    /** Every conversion rule, for the physical planning phase. */
    public static final RelOptRule RECURSIVE_UNION = ConverterRule.Config.INSTANCE
            .withConversion(LogicalRepeatUnion.class, Convention.NONE, VecRel.CONVENTION, "VecRecursiveUnionRule")
            .withRuleFactory(VecRecursiveUnionRule::new)
            .toRule(VecRecursiveUnionRule.class);

    public static final List<RelOptRule> ALL = List.of(
            TABLE_SCAN,
            VALUES,
            FILTER,
            PROJECT,
            SORT,
            TABLE_FUNCTION_SCAN,
            SOURCE_SCAN,
            JOIN,
            UNION,
            INTERSECT,
            MINUS,
            AGGREGATE,
            PYTHON_UDF,
            WINDOW,
            PYTHON_TABLE_FUNCTION,
            PYTHON_TABLE_INPUT,
            UNNEST,
            SAMPLE,
            ASOF_JOIN,
            RECURSIVE_UNION);

    private static RelNode vec(RelNode input) {
        return convert(input, input.getTraitSet().replace(VecRel.CONVENTION));
    }

    private static RelNode convert(RelNode input, org.apache.calcite.plan.RelTraitSet traits) {
        return RelOptRule.convert(input, traits);
    }

    /** LogicalTableScan → VecTableScan, or VecWorkingTableScan for a recursive CTE's working table. */
    static final class VecTableScanRule extends ConverterRule {
        VecTableScanRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalTableScan scan = (LogicalTableScan) rel;
            if (scan.getTable().unwrap(TransientTable.class) != null) {
                return new VecWorkingTableScan(
                        scan.getCluster(), scan.getTraitSet().replace(VecRel.CONVENTION), scan.getTable());
            }
            return new VecTableScan(scan.getCluster(), scan.getTraitSet().replace(VecRel.CONVENTION), scan.getTable());
        }
    }

    /** LogicalSourceScan → VecFileScan, with its columns and pushed predicates. */
    static final class VecFileScanRule extends ConverterRule {
        VecFileScanRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalSourceScan scan = (LogicalSourceScan) rel;
            return new VecFileScan(
                    scan.getCluster(),
                    scan.getTraitSet().replace(VecRel.CONVENTION),
                    scan.table(),
                    scan.getRowType(),
                    scan.predicates());
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
            return new VecValues(
                    values.getCluster(),
                    values.getRowType(),
                    values.getTuples(),
                    values.getTraitSet().replace(VecRel.CONVENTION));
        }
    }

    /** LogicalPythonUdf → VecPythonUdf. */
    static final class VecPythonUdfRule extends ConverterRule {
        VecPythonUdfRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalPythonUdf udf = (LogicalPythonUdf) rel;
            return new VecPythonUdf(
                    udf.getCluster(), udf.getTraitSet().replace(VecRel.CONVENTION), vec(udf.getInput()), udf.calls());
        }
    }

    /** PythonTableInputRel.Logical → VecPythonTableInput. */
    static final class VecPythonTableInputRule extends ConverterRule {
        VecPythonTableInputRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            PythonTableInputRel function = (PythonTableInputRel) rel;
            return new VecPythonTableInput(
                    function.getCluster(),
                    function.getTraitSet().replace(VecRel.CONVENTION),
                    vec(function.getInput()),
                    function.call(),
                    function.getRowType(),
                    function.partitionKeys(),
                    function.order());
        }
    }

    /** LogicalPythonTableFunction → VecPythonTableFunction. */
    static final class VecPythonTableFunctionRule extends ConverterRule {
        VecPythonTableFunctionRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalPythonTableFunction function = (LogicalPythonTableFunction) rel;
            return new VecPythonTableFunction(
                    function.getCluster(),
                    function.getTraitSet().replace(VecRel.CONVENTION),
                    vec(function.getInput()),
                    function.call(),
                    function.functionRowType(),
                    function.keepUnmatched(),
                    function.condition());
        }
    }

    /** Sample (USING SAMPLE, TABLESAMPLE) → VecSample. */
    static final class VecSampleRule extends ConverterRule {
        VecSampleRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            Sample sample = (Sample) rel;
            return new VecSample(
                    sample.getCluster(),
                    sample.getTraitSet().replace(VecRel.CONVENTION),
                    vec(sample.getInput()),
                    SampleSpec.fromCalcite(sample.getSamplingParameters()));
        }
    }

    /** LogicalUnnest → VecUnnest. */
    static final class VecUnnestRule extends ConverterRule {
        VecUnnestRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalUnnest unnest = (LogicalUnnest) rel;
            return new VecUnnest(
                    unnest.getCluster(),
                    unnest.getTraitSet().replace(VecRel.CONVENTION),
                    vec(unnest.getInput()),
                    unnest.kept(),
                    unnest.lists(),
                    unnest.depths(),
                    unnest.ordinality(),
                    unnest.keepUnmatched(),
                    unnest.unnestRowType());
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
            return new VecFilter(
                    filter.getCluster(),
                    filter.getTraitSet().replace(VecRel.CONVENTION),
                    vec(filter.getInput()),
                    filter.getCondition());
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
            return new VecProject(
                    project.getCluster(),
                    project.getTraitSet().replace(VecRel.CONVENTION),
                    vec(project.getInput()),
                    project.getProjects(),
                    project.getRowType());
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
            return new VecSort(
                    sort.getCluster(),
                    sort.getTraitSet().replace(VecRel.CONVENTION),
                    vec(sort.getInput()),
                    sort.getCollation(),
                    sort.offset,
                    sort.fetch);
        }
    }

    /** LogicalTableFunctionScan → VecTableFunctionScan (table functions without relational inputs). */
    static final class VecTableFunctionScanRule extends ConverterRule {
        VecTableFunctionScanRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalTableFunctionScan scan = (LogicalTableFunctionScan) rel;
            if (!scan.getInputs().isEmpty()) {
                return null;
            }
            return new VecTableFunctionScan(
                    scan.getCluster(),
                    scan.getTraitSet().replace(VecRel.CONVENTION),
                    List.of(),
                    scan.getCall(),
                    scan.getElementType(),
                    scan.getRowType(),
                    scan.getColumnMappings());
        }
    }

    /**
     * LogicalJoin → VecHashJoin when the condition has an equality that can be hashed, else
     * VecNestedLoopJoin. Join types beyond INNER, outer, SEMI and ANTI stay unconverted.
     */
    static final class VecJoinRule extends ConverterRule {
        VecJoinRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalJoin join = (LogicalJoin) rel;
            if (!List.of(
                                    JoinRelType.INNER,
                                    JoinRelType.LEFT,
                                    JoinRelType.RIGHT,
                                    JoinRelType.FULL,
                                    JoinRelType.SEMI,
                                    JoinRelType.ANTI)
                            .contains(join.getJoinType())
                    || !join.getVariablesSet().isEmpty()) {
                return null;
            }
            org.apache.calcite.plan.RelTraitSet traits = join.getTraitSet().replace(VecRel.CONVENTION);
            RelNode left = vec(join.getLeft());
            RelNode right = vec(join.getRight());
            if (join.getCondition() instanceof RexCall asof && asof.getOperator() == AsofJoins.CONDITION) {
                return null; // AsofJoinPlanning turns these into LogicalAsofJoin; one left here is a bug
            }
            if (join.getCondition() instanceof RexCall call && call.getOperator() == PositionalJoins.CONDITION) {
                return new VecPositionalJoin(join.getCluster(), traits, left, right, join.getCondition());
            }
            return VecHashJoin.keys(join).isEmpty()
                    ? new VecNestedLoopJoin(
                            join.getCluster(), traits, left, right, join.getCondition(), join.getJoinType())
                    : new VecHashJoin(join.getCluster(), traits, left, right, join.getCondition(), join.getJoinType());
        }
    }

    /** LogicalAsofJoin → VecAsofJoin. */
    static final class VecAsofJoinRule extends ConverterRule {
        VecAsofJoinRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalAsofJoin join = (LogicalAsofJoin) rel;
            return new VecAsofJoin(
                    join.getCluster(),
                    join.getTraitSet().replace(VecRel.CONVENTION),
                    vec(join.getLeft()),
                    vec(join.getRight()),
                    join.joinType(),
                    join.leftKeys(),
                    join.rightKeys(),
                    join.leftOrder(),
                    join.rightOrder(),
                    join.inequality());
        }
    }

    /** LogicalRepeatUnion (a recursive CTE, its spools removed by the planner) → VecRecursiveUnion. */
    static final class VecRecursiveUnionRule extends ConverterRule {
        VecRecursiveUnionRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalRepeatUnion union = (LogicalRepeatUnion) rel;
            return new VecRecursiveUnion(
                    union.getCluster(),
                    union.getTraitSet().replace(VecRel.CONVENTION),
                    vec(union.getSeedRel()),
                    vec(union.getIterativeRel()),
                    union.all,
                    union.getTransientTable());
        }
    }

    /** LogicalUnion → VecUnion. */
    static final class VecUnionRule extends ConverterRule {
        VecUnionRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalUnion union = (LogicalUnion) rel;
            return new VecUnion(
                    union.getCluster(),
                    union.getTraitSet().replace(VecRel.CONVENTION),
                    union.getInputs().stream().map(VecRules::vec).toList(),
                    union.all);
        }
    }

    /** LogicalIntersect → VecIntersect. */
    static final class VecIntersectRule extends ConverterRule {
        VecIntersectRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalIntersect intersect = (LogicalIntersect) rel;
            return new VecIntersect(
                    intersect.getCluster(),
                    intersect.getTraitSet().replace(VecRel.CONVENTION),
                    intersect.getInputs().stream().map(VecRules::vec).toList(),
                    intersect.all);
        }
    }

    /** LogicalMinus → VecMinus. */
    static final class VecMinusRule extends ConverterRule {
        VecMinusRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalMinus minus = (LogicalMinus) rel;
            return new VecMinus(
                    minus.getCluster(),
                    minus.getTraitSet().replace(VecRel.CONVENTION),
                    minus.getInputs().stream().map(VecRules::vec).toList(),
                    minus.all);
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
            return new VecAggregate(
                    aggregate.getCluster(),
                    aggregate.getTraitSet().replace(VecRel.CONVENTION),
                    vec(aggregate.getInput()),
                    aggregate.getGroupSet(),
                    aggregate.getGroupSets(),
                    aggregate.getAggCallList());
        }
    }

    /** LogicalWindow → VecWindow. */
    static final class VecWindowRule extends ConverterRule {
        VecWindowRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalWindow window = (LogicalWindow) rel;
            return new VecWindow(
                    window.getCluster(),
                    window.getTraitSet().replace(VecRel.CONVENTION),
                    vec(window.getInput()),
                    window.getConstants(),
                    window.getRowType(),
                    window.groups);
        }
    }
}
