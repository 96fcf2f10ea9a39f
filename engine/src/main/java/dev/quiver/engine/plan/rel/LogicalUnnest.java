package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/** The logical form of {@link UnnestRel}, as the rewrite phase sees it. */
public final class LogicalUnnest extends UnnestRel {
    public LogicalUnnest(
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

    /** Every input column kept. */
    public static LogicalUnnest create(
            RelNode input,
            List<RexNode> lists,
            List<Integer> depths,
            boolean ordinality,
            boolean keepUnmatched,
            RelDataType unnestRowType) {
        return new LogicalUnnest(
                input.getCluster(),
                input.getCluster().traitSetOf(Convention.NONE),
                input,
                ImmutableBitSet.range(input.getRowType().getFieldCount()),
                lists,
                depths,
                ordinality,
                keepUnmatched,
                unnestRowType);
    }

    @Override
    public UnnestRel copy(RelTraitSet traits, RelNode input, ImmutableBitSet kept, List<RexNode> lists) {
        return new LogicalUnnest(
                getCluster(), traits, input, kept, lists, depths(), ordinality(), keepUnmatched(), unnestRowType());
    }
}
