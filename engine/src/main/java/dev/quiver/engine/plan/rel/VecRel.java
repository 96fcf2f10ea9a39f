package dev.quiver.engine.plan.rel;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;

/**
 * A relational operator in Quiver's physical convention: one {@code Vec*} rel per runtime operator
 * family. {@code PhysicalPlanBuilder} turns a tree of them into runtime operators.
 */
public interface VecRel extends RelNode {
    /** Calling convention of Quiver's vectorized, morsel-parallel runtime. */
    Convention CONVENTION = new Convention.Impl("VEC", VecRel.class);
}
