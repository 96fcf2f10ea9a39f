package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;

/** Runs Python function calls on the interpreter pool, batch by batch (PythonUdfOperator). */
public final class VecPythonUdf extends PythonUdfRel implements VecRel {
    public VecPythonUdf(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<PythonUdfCall> calls) {
        super(cluster, traits, input, calls);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new VecPythonUdf(getCluster(), traitSet, sole(inputs), calls());
    }
}
