package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * A lateral call of a Python table function: the function runs once per input row (its arguments
 * refer to the input's columns) and each row it yields comes out after that input row's columns.
 * With {@code keepUnmatched} (LEFT JOIN LATERAL … ON TRUE) an input row yielding nothing comes
 * out once, with NULL function columns; its {@code condition} (LEFT JOIN LATERAL … ON cond, over
 * this rel's output row) decides which yielded rows count, as in DuckDB: an input row none of whose
 * yielded rows passes comes out once with NULLs. What a {@code Correlate} over a table function
 * scan becomes (see PythonTableFunctionCalls).
 */
public abstract class PythonTableFunctionRel extends SingleRel {
    private final RexCall call;
    private final boolean keepUnmatched;
    private final RelDataType functionRowType;
    private final RexNode condition;

    /** @param condition the ON condition of a LEFT JOIN LATERAL over this rel's output, or null (TRUE) */
    protected PythonTableFunctionRel(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode input,
            RexCall call,
            RelDataType functionRowType,
            boolean keepUnmatched,
            RexNode condition) {
        super(cluster, traits, input);
        this.call = call;
        this.functionRowType = functionRowType;
        this.keepUnmatched = keepUnmatched;
        this.condition = condition;
    }

    /** The call, its operands over the input's columns. */
    public RexCall call() {
        return call;
    }

    /** The function's own columns (its declared result columns). */
    public RelDataType functionRowType() {
        return functionRowType;
    }

    public boolean keepUnmatched() {
        return keepUnmatched;
    }

    /** The ON condition of a LEFT JOIN LATERAL (over this rel's output row), or null for TRUE. */
    public RexNode condition() {
        return condition;
    }

    @Override
    protected RelDataType deriveRowType() {
        RelDataTypeFactory factory = getCluster().getTypeFactory();
        return factory.builder()
                .addAll(getInput().getRowType().getFieldList())
                .addAll(functionRowType.getFieldList())
                .uniquify()
                .build();
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return mq.getRowCount(getInput()) * 10; // a guess: table functions usually yield several rows
    }

    @Override
    public RelNode accept(RexShuttle shuttle) {
        RexNode rewritten = shuttle.apply(call);
        RexNode rewrittenCondition = condition == null ? null : shuttle.apply(condition);
        return rewritten == call && rewrittenCondition == condition
                ? this
                : copy(getTraitSet(), getInput(), (RexCall) rewritten, rewrittenCondition);
    }

    /** A copy with another input, call and condition. */
    public abstract PythonTableFunctionRel copy(RelTraitSet traits, RelNode input, RexCall call, RexNode condition);

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return copy(traitSet, sole(inputs), call, condition);
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer)
                .item("call", call)
                .itemIf("keepUnmatched", true, keepUnmatched)
                .itemIf("condition", condition, condition != null);
    }
}
