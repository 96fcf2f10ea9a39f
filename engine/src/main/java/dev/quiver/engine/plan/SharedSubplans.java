package dev.quiver.engine.plan;

import dev.quiver.engine.plan.rel.VecAggregate;
import dev.quiver.engine.plan.rel.VecHashJoin;
import dev.quiver.engine.plan.rel.VecIntersect;
import dev.quiver.engine.plan.rel.VecMinus;
import dev.quiver.engine.plan.rel.VecNestedLoopJoin;
import dev.quiver.engine.plan.rel.VecSort;
import dev.quiver.engine.plan.rel.VecUnion;
import dev.quiver.engine.plan.rel.VecWindow;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.calcite.rel.RelNode;

/**
 * Finds the subplans a physical plan holds more than once: Volcano registers equal subtrees (a CTE
 * referenced twice, the same IN subquery under three UNION branches) as one set, so the cheapest
 * plan reaches them as one {@link RelNode} object from several parents. Those worth computing once
 * — with a join, aggregate, set operation, window or sort inside; a bare scan is cheaper to repeat
 * than to keep — get a spool ({@link dev.quiver.engine.exec.operator.SpoolOperator}).
 */
final class SharedSubplans {
    private SharedSubplans() {}

    /** The roots of subplans reached more than once from {@code root}, outermost only. */
    static Set<RelNode> find(RelNode root) {
        Set<RelNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<RelNode> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        visit(root, seen, shared);
        shared.removeIf(rel -> !worthKeeping(rel));
        return shared;
    }

    private static void visit(RelNode rel, Set<RelNode> seen, Set<RelNode> shared) {
        if (!seen.add(rel)) { // met again: its inputs were walked the first time
            shared.add(rel);
            return;
        }
        for (RelNode input : rel.getInputs()) {
            visit(input, seen, shared);
        }
    }

    private static boolean worthKeeping(RelNode rel) {
        if (rel instanceof VecAggregate
                || rel instanceof VecHashJoin
                || rel instanceof VecNestedLoopJoin
                || rel instanceof VecUnion
                || rel instanceof VecIntersect
                || rel instanceof VecMinus
                || rel instanceof VecWindow
                || rel instanceof VecSort) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (worthKeeping(input)) {
                return true;
            }
        }
        return false;
    }
}
