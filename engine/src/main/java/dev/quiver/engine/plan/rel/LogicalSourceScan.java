package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.rel.type.RelDataType;

/** A {@link SourceScan} before physical planning: the rewrite rules push projections and filters into it. */
public final class LogicalSourceScan extends SourceScan {
    public LogicalSourceScan(RelOptCluster cluster, DuckDbTable table, RelDataType rowType, List<String> predicates) {
        super(cluster, cluster.traitSetOf(Convention.NONE), table, rowType, predicates);
    }

    @Override
    public SourceScan withScan(RelDataType rowType, List<String> predicates) {
        return new LogicalSourceScan(getCluster(), table(), rowType, predicates);
    }
}
