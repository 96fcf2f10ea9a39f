package dev.quiver.engine.plan.rules;

import dev.quiver.engine.plan.rel.LogicalSourceScan;
import dev.quiver.engine.plan.rel.SourceScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;

/**
 * Project over a source scan (with or without a Quiver filter between them) → the scan reads only
 * the columns the projection and the filter use, so DuckDB never decodes the others. Pushed
 * predicates are DuckDB SQL over column names, so they stay valid when columns are dropped.
 */
public final class ProjectIntoSourceScanRule extends RelRule<RuleConfig> {
    private final boolean withFilter;

    ProjectIntoSourceScanRule(RuleConfig config, boolean withFilter) {
        super(config);
        this.withFilter = withFilter;
    }

    /** Project directly over the scan. */
    static ProjectIntoSourceScanRule create() {
        return (ProjectIntoSourceScanRule) RuleConfig.of(
                        "ProjectIntoSourceScanRule",
                        project -> project.operand(Project.class)
                                .oneInput(scan ->
                                        scan.operand(LogicalSourceScan.class).noInputs()),
                        config -> new ProjectIntoSourceScanRule(config, false))
                .toRule();
    }

    /** Project over a filter over the scan: the filter's columns are read too. */
    static ProjectIntoSourceScanRule createOverFilter() {
        return (ProjectIntoSourceScanRule) RuleConfig.of(
                        "ProjectFilterIntoSourceScanRule",
                        project -> project.operand(Project.class)
                                .oneInput(filter -> filter.operand(Filter.class)
                                        .oneInput(scan -> scan.operand(LogicalSourceScan.class)
                                                .noInputs())),
                        config -> new ProjectIntoSourceScanRule(config, true))
                .toRule();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Project project = call.rel(0);
        Filter filter = withFilter ? call.rel(1) : null;
        SourceScan scan = call.rel(withFilter ? 2 : 1);
        List<RexNode> used = new ArrayList<>(project.getProjects());
        if (filter != null) {
            used.add(filter.getCondition());
        }
        ImmutableBitSet columns = RelOptUtil.InputFinder.bits(used, null);
        int fieldCount = scan.getRowType().getFieldCount();
        if (columns.isEmpty()) {
            columns = ImmutableBitSet.of(0); // DuckDB still has to say how many rows there are
        }
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
        RelDataType narrowedType = rowType.build();
        RelNode input = scan.withScan(narrowedType, scan.predicates());
        RexPermuteInputsShuttle shuttle = new RexPermuteInputsShuttle(mapping, input);
        if (filter != null) {
            input = filter.copy(
                    filter.getTraitSet(), input, filter.getCondition().accept(shuttle));
        }
        List<RexNode> projects =
                project.getProjects().stream().map(node -> node.accept(shuttle)).toList();
        call.transformTo(project.copy(project.getTraitSet(), input, projects, project.getRowType()));
    }
}
