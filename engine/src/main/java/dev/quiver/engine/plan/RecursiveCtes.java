package dev.quiver.engine.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableSpool;

/**
 * Prepares recursive CTEs for physical planning. Calcite plans {@code WITH RECURSIVE} as a
 * RepeatUnion whose inputs write the transient (working) table through TableSpools; Quiver's
 * RecursiveUnionOperator keeps the working table itself, so the spools go.
 */
final class RecursiveCtes {
    private RecursiveCtes() {}

    /** {@code rel} without TableSpools; unchanged (the same object) when it has none. */
    static RelNode withoutSpools(RelNode rel) {
        List<RelNode> inputs = new ArrayList<>(rel.getInputs().size());
        boolean changed = false;
        for (RelNode input : rel.getInputs()) {
            RelNode stripped = withoutSpools(input);
            inputs.add(stripped);
            changed |= stripped != input;
        }
        if (rel instanceof TableSpool) {
            return inputs.getFirst();
        }
        return changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
    }
}
