package dev.quiver.engine.plan.rules;

import org.apache.calcite.plan.RelOptRule;

/** Quiver's own logical rewrite rules; instances only here. */
public final class QuiverRules {
    private QuiverRules() {}

    public static final RelOptRule EXISTS_TO_SEMI_JOIN = ExistsToSemiJoinRule.create();
    public static final RelOptRule LEFT_JOIN_IS_NULL_TO_ANTI_JOIN = LeftJoinIsNullToAntiJoinRule.create();
    public static final RelOptRule JOIN_OUTER_INPUT_TO_INNER = JoinOuterInputToInnerRule.create();
    public static final RelOptRule SEMI_JOIN_DISTINCT_REMOVE = SemiJoinDistinctRemoveRule.create();
    public static final RelOptRule PYTHON_AGGREGATE_ARGUMENT_CAST = PythonAggregateArgumentCastRule.create();
    public static final RelOptRule FILTER_PULL_OR_FACTORS = FilterPullOrFactorsRule.create();
    public static final RelOptRule FILTER_DATE_COMPARISON = FilterDateComparisonRule.create();
    public static final RelOptRule JOIN_PULL_OR_FACTORS = JoinPullOrFactorsRule.create();
    /** In a pass of its own: see the rule. */
    public static final RelOptRule JOIN_OR_IMPLIED_FILTERS = JoinOrImpliedFiltersRule.create();
    /** In a pass of its own, then the filters it adds pushed down: see the rule. */
    public static final RelOptRule JOIN_KEY_FILTER_TRANSFER = JoinKeyFilterTransferRule.create();

    /** Before Calcite's AGGREGATE_GROUPING_SETS_TO_UNION, which takes the sets this leaves. */
    public static final RelOptRule GROUPING_SETS_EXPAND = GroupingSetsExpandRule.create();

    public static final RelOptRule WINDOW_CONSTANT_ARGUMENT = WindowConstantArgumentRule.create();

    public static final RelOptRule FILTER_PYTHON_UDF_TRANSPOSE = FilterPythonUdfTransposeRule.create();
    /** In a pass of its own, after join ordering: see the rule. */
    public static final RelOptRule AGGREGATE_SEMI_JOIN_REDUCE = AggregateSemiJoinReduceRule.create();
    /** In a pass of its own, after join ordering: see the rule. */
    public static final RelOptRule AGGREGATE_PARTIAL_PUSHDOWN = AggregatePartialPushdownRule.create();
    /** After join ordering: see {@link SelectiveSemiJoinPushdown}. */
    public static final RelOptRule SELECTIVE_SEMI_JOIN_JOIN_TRANSPOSE = SelectiveSemiJoinPushdown.belowJoins();

    /** After eager aggregation: see {@link JoinUnionPushdown}. */
    public static final RelOptRule JOIN_UNION_TRANSPOSE_LEFT = JoinUnionPushdown.unionOnLeft();

    public static final RelOptRule JOIN_UNION_TRANSPOSE_RIGHT = JoinUnionPushdown.unionOnRight();

    public static final RelOptRule SELECTIVE_SEMI_JOIN_PROJECT_TRANSPOSE = SelectiveSemiJoinPushdown.belowProjects();
    /** In a pass of its own, after the semi joins moved down: see the rule. */
    public static final RelOptRule PROJECT_SEMI_JOIN_TRIM = ProjectSemiJoinTrimRule.create();

    public static final RelOptRule GREEDY_JOIN_ORDER = GreedyJoinOrderRule.create();

    /** Reads through DuckDB (read_parquet, read_csv, attached tables) → LogicalSourceScan. */
    public static final RelOptRule SOURCE_SCAN = SourceScanRule.create();

    public static final RelOptRule FILTER_INTO_SOURCE_SCAN = FilterIntoSourceScanRule.create();
    public static final RelOptRule PROJECT_INTO_SOURCE_SCAN = ProjectIntoSourceScanRule.create();
    public static final RelOptRule PROJECT_FILTER_INTO_SOURCE_SCAN = ProjectIntoSourceScanRule.createOverFilter();
    public static final RelOptRule AGGREGATE_INTO_SOURCE_SCAN = AggregateIntoSourceScanRule.create();
}
