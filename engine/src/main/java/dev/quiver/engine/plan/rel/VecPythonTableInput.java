package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;

/** Runs a Python table function over a table argument (PythonTableInputOperator or, unpartitioned, PythonTableFunctionOperator). */
public final class VecPythonTableInput extends PythonTableInputRel implements VecRel {
    public VecPythonTableInput(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode input,
            RexCall call,
            RelDataType functionRowType,
            List<Integer> partitionKeys,
            RelCollation order) {
        super(cluster, traits, input, call, functionRowType, partitionKeys, order);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new VecPythonTableInput(
                getCluster(), traitSet, sole(inputs), call(), getRowType(), partitionKeys(), order());
    }
}
