package dev.quiver.engine.plan.rel;

import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;

/** Join without equality keys (CROSS JOIN, or ON a non-equality): every pair of rows is tested. */
public final class VecNestedLoopJoin extends Join implements VecRel {
    public VecNestedLoopJoin(
            RelOptCluster cluster,
            RelTraitSet traitSet,
            RelNode left,
            RelNode right,
            RexNode condition,
            JoinRelType joinType) {
        super(cluster, traitSet, List.of(), left, right, condition, Set.of(), joinType);
    }

    @Override
    public Join copy(
            RelTraitSet traitSet,
            RexNode conditionExpr,
            RelNode left,
            RelNode right,
            JoinRelType joinType,
            boolean semiJoinDone) {
        return new VecNestedLoopJoin(getCluster(), traitSet, left, right, conditionExpr, joinType);
    }
}
