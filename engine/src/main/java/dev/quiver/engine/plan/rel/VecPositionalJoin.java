package dev.quiver.engine.plan.rel;

import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;

/** DuckDB's POSITIONAL JOIN, planned as a full join on the positional mark: PositionalJoinOperator. */
public final class VecPositionalJoin extends Join implements VecRel {
    public VecPositionalJoin(
            RelOptCluster cluster, RelTraitSet traitSet, RelNode left, RelNode right, RexNode condition) {
        super(cluster, traitSet, List.of(), left, right, condition, Set.of(), JoinRelType.FULL);
    }

    @Override
    public Join copy(
            RelTraitSet traitSet,
            RexNode conditionExpr,
            RelNode left,
            RelNode right,
            JoinRelType joinType,
            boolean semiJoinDone) {
        return new VecPositionalJoin(getCluster(), traitSet, left, right, conditionExpr);
    }
}
