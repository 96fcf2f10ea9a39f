package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/** Unnests lists in a pipeline (UnnestOperator). */
public final class VecUnnest extends UnnestRel implements VecRel {
    public VecUnnest(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode input,
            ImmutableBitSet kept,
            List<RexNode> lists,
            List<Integer> depths,
            boolean ordinality,
            boolean keepUnmatched,
            RelDataType unnestRowType) {
        super(cluster, traits, input, kept, lists, depths, ordinality, keepUnmatched, unnestRowType);
    }

    @Override
    public UnnestRel copy(RelTraitSet traits, RelNode input, ImmutableBitSet kept, List<RexNode> lists) {
        return new VecUnnest(
                getCluster(), traits, input, kept, lists, depths(), ordinality(), keepUnmatched(), unnestRowType());
    }
}
