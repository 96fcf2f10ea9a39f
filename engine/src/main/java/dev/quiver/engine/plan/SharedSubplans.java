package dev.quiver.engine.plan;

import dev.quiver.engine.plan.rel.VecAggregate;
import dev.quiver.engine.plan.rel.VecFilter;
import dev.quiver.engine.plan.rel.VecHashJoin;
import dev.quiver.engine.plan.rel.VecIntersect;
import dev.quiver.engine.plan.rel.VecMinus;
import dev.quiver.engine.plan.rel.VecNestedLoopJoin;
import dev.quiver.engine.plan.rel.VecProject;
import dev.quiver.engine.plan.rel.VecRecursiveUnion;
import dev.quiver.engine.plan.rel.VecSort;
import dev.quiver.engine.plan.rel.VecTableScan;
import dev.quiver.engine.plan.rel.VecUnion;
import dev.quiver.engine.plan.rel.VecWindow;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.calcite.rel.RelNode;

/**
 * Finds the subplans a physical plan holds more than once: {@link PhysicalConversion} makes equal
 * subtrees (a CTE referenced twice, the same IN subquery under three UNION branches) one Vec rel,
 * so the plan reaches them as one {@link RelNode} object from several parents. Those worth computing once
 * — with a join, aggregate, set operation, window or sort inside; a bare scan is cheaper to repeat
 * than to keep — get a spool ({@link dev.quiver.engine.exec.operator.SpoolOperator}).
 *
 * <p>Not a subplan that streams from a table scan through projections, filters and join probes
 * (a fact table joined to a dimension): its output is as large as the table, and each parent's
 * join filters, which reach down its pipeline to the scan when it is computed per parent, would
 * cut it to the rows that parent needs (TPC-DS q39's inventory ⋈ warehouse, joined with a
 * different month in each CTE reference: spooled, 11.7 M rows kept; per parent, 0.23 M each).
 * The shared parts below such a subplan (a build side's aggregate) are still computed once.
 */
final class SharedSubplans {
    private SharedSubplans() {}

    /** The roots of the subplans to spool: reached more than once from {@code root}, outermost only. */
    static Set<RelNode> find(RelNode root) {
        Set<RelNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<RelNode> reachedTwice = Collections.newSetFromMap(new IdentityHashMap<>());
        visit(root, seen, reachedTwice);
        Set<RelNode> spooled = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RelNode rel : reachedTwice) {
            choose(rel, spooled);
        }
        return spooled;
    }

    private static void visit(RelNode rel, Set<RelNode> seen, Set<RelNode> reachedTwice) {
        if (!seen.add(rel)) { // met again: its inputs were walked the first time
            reachedTwice.add(rel);
            return;
        }
        for (RelNode input : rel.getInputs()) {
            visit(input, seen, reachedTwice);
        }
    }

    /** Spools {@code rel}, reached more than once, or else the shared parts inside it worth keeping. */
    private static void choose(RelNode rel, Set<RelNode> spooled) {
        if (!holdsWork(rel)) {
            return;
        }
        if (!streamsFromScan(rel)) {
            spooled.add(rel);
            return;
        }
        // computed once per parent: each of its inputs is reached once per parent too
        for (RelNode input : rel.getInputs()) {
            choose(input, spooled);
        }
    }

    /** Whether {@code rel}'s output comes out of a table scan's pipeline, no breaker between. */
    private static boolean streamsFromScan(RelNode rel) {
        if (rel instanceof VecTableScan) {
            return true;
        }
        return switch (rel) {
            case VecProject project -> streamsFromScan(project.getInput());
            case VecFilter filter -> streamsFromScan(filter.getInput());
            case VecHashJoin join ->
                streamsFromScan(PhysicalPlanBuilder.buildsLeft(join) ? join.getRight() : join.getLeft());
            default -> false;
        };
    }

    private static boolean holdsWork(RelNode rel) {
        if (rel instanceof VecAggregate
                || rel instanceof VecHashJoin
                || rel instanceof VecNestedLoopJoin
                || rel instanceof VecUnion
                || rel instanceof VecIntersect
                || rel instanceof VecMinus
                || rel instanceof VecWindow
                || rel instanceof VecSort
                || rel instanceof VecRecursiveUnion) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (holdsWork(input)) {
                return true;
            }
        }
        return false;
    }
}
