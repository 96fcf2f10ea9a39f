package dev.quiver.engine.plan.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;

/**
 * A projection over a SEMI or ANTI join that uses few of the left input's columns → the join over
 * the left input trimmed to those columns and the join's keys. Field trimming runs before semi
 * joins are moved down ({@link SelectiveSemiJoinPushdown}), which can leave a semi join right on a
 * wide scan with the projection above it: the join then copies every column of the rows it keeps
 * (TPC-DS q59: 23 columns of store_sales where 3 are read).
 */
public final class ProjectSemiJoinTrimRule extends RelRule<RuleConfig> {
    ProjectSemiJoinTrimRule(RuleConfig config) {
        super(config);
    }

    static ProjectSemiJoinTrimRule create() {
        return (ProjectSemiJoinTrimRule) RuleConfig.of(
                        "ProjectSemiJoinTrimRule",
                        project -> project.operand(Project.class)
                                .oneInput(join -> join.operand(Join.class)
                                        .predicate(candidate ->
                                                !candidate.getJoinType().projectsRight())
                                        .anyInputs()),
                        ProjectSemiJoinTrimRule::new)
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Project project = call.rel(0);
        Join join = call.rel(1);
        int leftCount = join.getLeft().getRowType().getFieldCount();
        int rightCount = join.getRight().getRowType().getFieldCount();
        ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null)
                .union(RelOptUtil.InputFinder.bits(join.getCondition()).intersect(ImmutableBitSet.range(leftCount)));
        if (used.cardinality() >= leftCount) {
            return;
        }
        int kept = used.cardinality();
        // the join's inputs side by side: the left's used columns first, then the right unchanged
        Mapping joinMapping =
                Mappings.create(MappingType.INVERSE_SURJECTION, leftCount + rightCount, kept + rightCount);
        Mapping leftMapping = Mappings.create(MappingType.INVERSE_SURJECTION, leftCount, kept);
        int target = 0;
        for (int column : used) {
            joinMapping.set(column, target);
            leftMapping.set(column, target);
            target++;
        }
        for (int column = 0; column < rightCount; column++) {
            joinMapping.set(leftCount + column, kept + column);
        }
        RelBuilder builder = call.builder();
        builder.push(join.getLeft()).project(builder.fields(used.asList()));
        builder.push(join.getRight());
        builder.join(join.getJoinType(), join.getCondition().accept(new RexPermuteInputsShuttle(joinMapping)));
        List<RexNode> projects = new ArrayList<>();
        for (RexNode expression : project.getProjects()) {
            projects.add(expression.accept(new RexPermuteInputsShuttle(leftMapping)));
        }
        builder.project(projects, project.getRowType().getFieldNames(), true);
        call.transformTo(builder.build());
    }
}
