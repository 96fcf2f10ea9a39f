package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

/** Reads a {@link SourceScan}'s columns and rows through DuckDB's Arrow export, one DuckDB batch per morsel. */
public final class VecFileScan extends SourceScan implements VecRel {
    public VecFileScan(
            RelOptCluster cluster,
            RelTraitSet traits,
            DuckDbTable table,
            RelDataType rowType,
            List<String> predicates) {
        super(cluster, traits, table, rowType, predicates);
    }

    @Override
    public SourceScan withScan(RelDataType rowType, List<String> predicates) {
        return new VecFileScan(getCluster(), getTraitSet(), table(), rowType, predicates);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new VecFileScan(getCluster(), traitSet, table(), getRowType(), predicates());
    }
}
