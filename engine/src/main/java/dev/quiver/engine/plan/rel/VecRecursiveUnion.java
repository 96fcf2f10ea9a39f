package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RepeatUnion;

/**
 * A recursive CTE: the seed (left), then the iterative term (right) over the previous round's
 * rows, read by a {@link VecWorkingTableScan} of the transient table, until a round adds none.
 */
public final class VecRecursiveUnion extends RepeatUnion implements VecRel {
    public VecRecursiveUnion(
            RelOptCluster cluster,
            RelTraitSet traitSet,
            RelNode seed,
            RelNode iterative,
            boolean all,
            RelOptTable transientTable) {
        super(cluster, traitSet, seed, iterative, all, -1, transientTable);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new VecRecursiveUnion(getCluster(), traitSet, inputs.get(0), inputs.get(1), all, getTransientTable());
    }
}
