package dev.quiver.engine.plan.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;

/**
 * Window functions ({@code f(…) OVER (PARTITION BY … ORDER BY … frame)}): the input's columns
 * followed by one column per call, group by group, as Calcite's {@link Window} defines them.
 */
public final class VecWindow extends Window implements VecRel {
    public VecWindow(
            RelOptCluster cluster,
            RelTraitSet traitSet,
            RelNode input,
            List<RexLiteral> constants,
            RelDataType rowType,
            List<Group> groups) {
        super(cluster, traitSet, input, constants, rowType, groups);
    }

    @Override
    public Window copy(List<RexLiteral> constants) {
        return new VecWindow(getCluster(), getTraitSet(), getInput(), constants, getRowType(), groups);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new VecWindow(getCluster(), traitSet, sole(inputs), constants, getRowType(), groups);
    }
}
