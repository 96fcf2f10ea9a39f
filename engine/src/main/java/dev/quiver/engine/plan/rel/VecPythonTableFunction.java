package dev.quiver.engine.plan.rel;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;

/** Runs a lateral Python table function call on the interpreter pool (PythonTableFunctionOperator). */
public final class VecPythonTableFunction extends PythonTableFunctionRel implements VecRel {
    public VecPythonTableFunction(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode input,
            RexCall call,
            RelDataType functionRowType,
            boolean keepUnmatched,
            RexNode condition) {
        super(cluster, traits, input, call, functionRowType, keepUnmatched, condition);
    }

    @Override
    public PythonTableFunctionRel copy(RelTraitSet traits, RelNode input, RexCall call, RexNode condition) {
        return new VecPythonTableFunction(
                getCluster(), traits, input, call, functionRowType(), keepUnmatched(), condition);
    }
}
