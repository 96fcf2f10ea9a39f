package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;

/** The logical form of {@link PythonUdfRel}, as the rewrite phase sees it. */
public final class LogicalPythonUdf extends PythonUdfRel {
    public LogicalPythonUdf(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<PythonUdfCall> calls) {
        super(cluster, traits, input, calls);
    }

    public static LogicalPythonUdf create(RelNode input, List<PythonUdfCall> calls) {
        return new LogicalPythonUdf(input.getCluster(), input.getCluster().traitSetOf(Convention.NONE), input, calls);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new LogicalPythonUdf(getCluster(), traitSet, sole(inputs), calls());
    }
}
