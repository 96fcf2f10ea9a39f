package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;

/**
 * A Python table function over a table argument ({@code f(TABLE(t) PARTITION BY k ORDER BY o)}):
 * the input is the table, the call's table operand is the input row as a STRUCT; each partition's
 * rows go in order to one instance of the function. Outputs only the function's columns.
 */
public abstract class PythonTableInputRel extends SingleRel {
    private final RexCall call;
    private final List<Integer> partitionKeys;
    private final RelCollation order;

    protected PythonTableInputRel(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode input,
            RexCall call,
            RelDataType functionRowType,
            List<Integer> partitionKeys,
            RelCollation order) {
        super(cluster, traits, input);
        this.call = call;
        this.rowType = functionRowType;
        this.partitionKeys = List.copyOf(partitionKeys);
        this.order = order;
    }

    /** The call, its operands over the input's columns. */
    public RexCall call() {
        return call;
    }

    /** The input columns of PARTITION BY; empty for none. */
    public List<Integer> partitionKeys() {
        return partitionKeys;
    }

    /** ORDER BY within a partition; empty for none. */
    public RelCollation order() {
        return order;
    }

    /** Whether the rows go to instances by partition (PARTITION BY or ORDER BY given). */
    public boolean partitioned() {
        return !partitionKeys.isEmpty() || !order.getFieldCollations().isEmpty();
    }

    @Override
    protected RelDataType deriveRowType() {
        return rowType;
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer)
                .item("call", call)
                .itemIf("partitionBy", partitionKeys, !partitionKeys.isEmpty())
                .itemIf("orderBy", order, !order.getFieldCollations().isEmpty());
    }

    /** Logical form, as the rewrite phase makes it. */
    public static final class Logical extends PythonTableInputRel {
        public Logical(
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
            return new Logical(getCluster(), traitSet, sole(inputs), call(), getRowType(), partitionKeys(), order());
        }
    }
}
