package dev.quiver.engine.plan.rel;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.sql.SqlKind;

/** The ASOF join in Quiver's convention: AsofJoinOperator. */
public final class VecAsofJoin extends AsofJoin implements VecRel {
    public VecAsofJoin(
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
        return new VecAsofJoin(
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
