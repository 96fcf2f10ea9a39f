package dev.quiver.engine.plan.rules;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.rules.AggregateExpandDistinctAggregatesRule;
import org.apache.calcite.rel.rules.AggregateGroupingSetsToUnionRule;
import org.apache.calcite.rel.rules.FilterAggregateTransposeRule;
import org.apache.calcite.rel.rules.FilterJoinRule;
import org.apache.calcite.rel.rules.FilterMergeRule;
import org.apache.calcite.rel.rules.FilterProjectTransposeRule;
import org.apache.calcite.rel.rules.FilterSetOpTransposeRule;
import org.apache.calcite.rel.rules.IntersectToDistinctRule;
import org.apache.calcite.rel.rules.JoinPushExpressionsRule;
import org.apache.calcite.rel.rules.JoinToMultiJoinRule;
import org.apache.calcite.rel.rules.LoptOptimizeJoinRule;
import org.apache.calcite.rel.rules.MinusToDistinctRule;
import org.apache.calcite.rel.rules.ProjectJoinTransposeRule;
import org.apache.calcite.rel.rules.ProjectMergeRule;
import org.apache.calcite.rel.rules.ProjectRemoveRule;
import org.apache.calcite.rel.rules.ProjectToWindowRule;
import org.apache.calcite.rel.rules.ProjectWindowTransposeRule;
import org.apache.calcite.rel.rules.ReduceExpressionsRule;
import org.apache.calcite.rel.rules.SemiJoinRule;
import org.apache.calcite.rel.rules.SubQueryRemoveRule;
import org.apache.calcite.rel.rules.UnionMergeRule;
import org.apache.calcite.rel.rules.UnionToDistinctRule;

/**
 * The Calcite rules Quiver's rewrite phases use, each made from the same config as its namesake in
 * Calcite's {@code CoreRules} (CalciteRulesTest checks that). Not taken from {@code CoreRules}
 * itself: its initialization makes all of Calcite's ~150 core rules (~25–40 ms of CPU in a fresh
 * process, on the first statement's path) where a statement needs these 26.
 */
public final class CalciteRules {
    private CalciteRules() {}

    public static final RelOptRule AGGREGATE_EXPAND_DISTINCT_AGGREGATES_TO_JOIN =
            AggregateExpandDistinctAggregatesRule.Config.JOIN.toRule();
    public static final RelOptRule AGGREGATE_GROUPING_SETS_TO_UNION =
            AggregateGroupingSetsToUnionRule.Config.DEFAULT.toRule();
    public static final RelOptRule FILTER_AGGREGATE_TRANSPOSE = FilterAggregateTransposeRule.Config.DEFAULT.toRule();
    public static final RelOptRule FILTER_INTO_JOIN =
            FilterJoinRule.FilterIntoJoinRule.FilterIntoJoinRuleConfig.DEFAULT.toRule();
    public static final RelOptRule FILTER_MERGE = FilterMergeRule.Config.DEFAULT.toRule();
    public static final RelOptRule FILTER_PROJECT_TRANSPOSE = FilterProjectTransposeRule.Config.DEFAULT.toRule();
    public static final RelOptRule FILTER_REDUCE_EXPRESSIONS =
            ReduceExpressionsRule.FilterReduceExpressionsRule.FilterReduceExpressionsRuleConfig.DEFAULT.toRule();
    public static final RelOptRule FILTER_SET_OP_TRANSPOSE = FilterSetOpTransposeRule.Config.DEFAULT.toRule();
    public static final RelOptRule FILTER_SUB_QUERY_TO_CORRELATE = SubQueryRemoveRule.Config.FILTER.toRule();
    public static final RelOptRule INTERSECT_TO_DISTINCT = IntersectToDistinctRule.Config.DEFAULT.toRule();
    public static final RelOptRule JOIN_CONDITION_PUSH =
            FilterJoinRule.JoinConditionPushRule.JoinConditionPushRuleConfig.DEFAULT.toRule();
    public static final RelOptRule JOIN_PUSH_EXPRESSIONS = JoinPushExpressionsRule.Config.DEFAULT.toRule();
    public static final RelOptRule JOIN_SUB_QUERY_TO_CORRELATE = SubQueryRemoveRule.Config.JOIN.toRule();
    public static final RelOptRule JOIN_TO_MULTI_JOIN = JoinToMultiJoinRule.Config.DEFAULT.toRule();
    public static final RelOptRule JOIN_TO_SEMI_JOIN =
            SemiJoinRule.JoinToSemiJoinRule.JoinToSemiJoinRuleConfig.DEFAULT.toRule();
    public static final RelOptRule MINUS_TO_DISTINCT = MinusToDistinctRule.Config.DEFAULT.toRule();
    public static final RelOptRule MULTI_JOIN_OPTIMIZE = LoptOptimizeJoinRule.Config.DEFAULT.toRule();
    public static final RelOptRule PROJECT_JOIN_TRANSPOSE = ProjectJoinTransposeRule.Config.DEFAULT.toRule();
    public static final RelOptRule PROJECT_MERGE = ProjectMergeRule.Config.DEFAULT.toRule();
    public static final RelOptRule PROJECT_REDUCE_EXPRESSIONS =
            ReduceExpressionsRule.ProjectReduceExpressionsRule.ProjectReduceExpressionsRuleConfig.DEFAULT.toRule();
    public static final RelOptRule PROJECT_REMOVE = ProjectRemoveRule.Config.DEFAULT.toRule();
    public static final RelOptRule PROJECT_SUB_QUERY_TO_CORRELATE = SubQueryRemoveRule.Config.PROJECT.toRule();
    public static final RelOptRule PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW =
            ProjectToWindowRule.ProjectToLogicalProjectAndWindowRule.ProjectToLogicalProjectAndWindowRuleConfig.DEFAULT
                    .toRule();
    public static final RelOptRule PROJECT_TO_SEMI_JOIN =
            SemiJoinRule.ProjectToSemiJoinRule.ProjectToSemiJoinRuleConfig.DEFAULT.toRule();
    public static final RelOptRule PROJECT_WINDOW_TRANSPOSE = ProjectWindowTransposeRule.Config.DEFAULT.toRule();
    public static final RelOptRule UNION_MERGE = UnionMergeRule.Config.DEFAULT.toRule();
    public static final RelOptRule UNION_TO_DISTINCT = UnionToDistinctRule.Config.DEFAULT.toRule();
}
