package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;

/** Reads a recursive CTE's working table inside its iterative term (see {@link VecRecursiveUnion}). */
public final class VecWorkingTableScan extends TableScan implements VecRel {
    public VecWorkingTableScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table) {
        super(cluster, traitSet, List.of(), table);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new VecWorkingTableScan(getCluster(), traitSet, getTable());
    }
}
