package dev.quiver.engine.plan.rel;

import dev.quiver.engine.function.UdfTypes;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * Calls Python functions on every row of its input: the output is the input's columns followed by
 * one column per call. The planner puts every Python call of a query into one of these (see
 * PythonUdfExtraction), so no rewrite can copy, merge or fold a call: above it, a call's result is
 * just a column.
 */
public abstract class PythonUdfRel extends SingleRel {
    private final List<PythonUdfCall> calls;

    protected PythonUdfRel(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<PythonUdfCall> calls) {
        super(cluster, traits, input);
        this.calls = List.copyOf(calls);
    }

    public List<PythonUdfCall> calls() {
        return calls;
    }

    /** Index of the first output column computed by a call (the input's column count). */
    public int firstCallColumn() {
        return getInput().getRowType().getFieldCount();
    }

    @Override
    protected RelDataType deriveRowType() {
        RelDataTypeFactory factory = getCluster().getTypeFactory();
        RelDataTypeFactory.Builder builder =
                factory.builder().addAll(getInput().getRowType().getFieldList());
        for (int index = 0; index < calls.size(); index++) {
            PythonUdfCall call = calls.get(index);
            builder.add(
                    "$" + call.function().name() + index,
                    UdfTypes.toSql(call.function().returnType(), factory));
        }
        return builder.uniquify().build();
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer).item("calls", calls);
    }
}
