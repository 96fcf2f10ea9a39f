package dev.quiver.engine.plan.rel;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.sql.SqlKind;

/** The logical ASOF join, before physical planning: {@link VecAsofJoin} once converted. */
public final class LogicalAsofJoin extends AsofJoin {
    public LogicalAsofJoin(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode left,
            RelNode right,
            JoinRelType joinType,
            int[] leftKeys,
            int[] rightKeys,
            int leftOrder,
            int rightOrder,
            SqlKind inequality) {
        super(cluster, traits, left, right, joinType, leftKeys, rightKeys, leftOrder, rightOrder, inequality);
    }

    @Override
    protected AsofJoin copy(RelTraitSet traits, RelNode left, RelNode right) {
        return new LogicalAsofJoin(
                getCluster(),
                traits,
                left,
                right,
                joinType(),
                leftKeys(),
                rightKeys(),
                leftOrder(),
                rightOrder(),
                inequality());
    }
}
