package dev.quiver.engine.plan.rel;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;

/** The logical form of {@link PythonTableFunctionRel}, as the rewrite phase sees it. */
public final class LogicalPythonTableFunction extends PythonTableFunctionRel {
    public LogicalPythonTableFunction(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode input,
            RexCall call,
            RelDataType functionRowType,
            boolean keepUnmatched,
            RexNode condition) {
        super(cluster, traits, input, call, functionRowType, keepUnmatched, condition);
    }

    public static LogicalPythonTableFunction create(
            RelNode input, RexCall call, RelDataType functionRowType, boolean keepUnmatched, RexNode condition) {
        return new LogicalPythonTableFunction(
                input.getCluster(),
                input.getCluster().traitSetOf(Convention.NONE),
                input,
                call,
                functionRowType,
                keepUnmatched,
                condition);
    }

    @Override
    public PythonTableFunctionRel copy(RelTraitSet traits, RelNode input, RexCall call, RexNode condition) {
        return new LogicalPythonTableFunction(
                getCluster(), traits, input, call, functionRowType(), keepUnmatched(), condition);
    }
}
