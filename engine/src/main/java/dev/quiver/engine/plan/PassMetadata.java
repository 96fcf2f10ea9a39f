package dev.quiver.engine.plan;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptListener;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * One metadata cache for a whole Hep pass, kept across the pass's rule firings: only the entries of
 * operators whose inputs changed are dropped. Calcite drops the cluster's whole cache at every
 * {@code transformTo}, so each firing made the next rule re-derive the pulled-up predicates,
 * row counts and selectivities of every operator below it (join predicate inference, the dearest,
 * again and again through a 15-firing simplification pass).
 *
 * <p>Why keeping it is safe: an entry of operator R depends only on R itself (immutable but for its
 * inputs) and on the entries of the operators below it. Calcite caches an entry under the operator
 * a Hep vertex stands for, never under the vertex; a vertex keeps the operator it was made for, and
 * Hep changes a plan only by making new operators and by pointing a parent at another vertex
 * ({@code replaceInput}). So after each firing a walk over the plan (~50 operators, microseconds)
 * compares every operator's inputs with those it had after the previous firing: an operator whose
 * inputs changed, that is new, or that lies above either, loses its entries. Operators outside the
 * plan (the ones a rule replaced, or made and dropped) are never asked again in this pass.
 *
 * <p>Made per pass; confined to the planning thread. {@link #close} gives the cluster back its own
 * cache supplier and a fresh cache, as Calcite leaves it after a firing.
 */
final class PassMetadata implements RelOptListener, AutoCloseable {
    private final RelOptCluster cluster;
    private final Supplier<RelMetadataQuery> ownSupplier;
    private final RelMetadataQuery query;
    private final HepPlanner planner;
    /** Each operator of the plan after the last firing, with the operators its inputs stood for then. */
    private Map<RelNode, List<RelNode>> inputsSeen = new IdentityHashMap<>();

    /** Keeps one cache for {@code planner}'s pass; call after {@code setRoot}, before {@code findBestExp}. */
    PassMetadata(RelOptCluster cluster, HepPlanner planner) {
        this.cluster = cluster;
        this.planner = planner;
        this.ownSupplier = cluster.getMetadataQuerySupplier();
        this.query = ownSupplier.get();
        cluster.setMetadataQuerySupplier(() -> query);
        cluster.invalidateMetadataQuery(); // the next request gets this pass's cache
        walk();
    }

    @Override
    public void ruleProductionSucceeded(RuleProductionEvent event) {
        if (!event.isBefore()) { // the plan has its new operator by now
            walk();
        }
    }

    /** Drops the entries of operators that are new or whose inputs changed, and of all above them. */
    private void walk() {
        RelNode root = planner.getRoot();
        if (root == null) {
            return;
        }
        Map<RelNode, List<RelNode>> now = new IdentityHashMap<>();
        changed(root.stripped(), now, new IdentityHashMap<>());
        inputsSeen = now;
    }

    /** Whether the entries of {@code rel} were dropped (a plan may share subtrees: each visited once). */
    private boolean changed(RelNode rel, Map<RelNode, List<RelNode>> now, Map<RelNode, Boolean> visited) {
        Boolean known = visited.get(rel);
        if (known != null) {
            return known;
        }
        List<RelNode> inputs = new ArrayList<>(rel.getInputs().size());
        boolean changed = false;
        for (RelNode input : rel.getInputs()) {
            RelNode stripped = input.stripped();
            inputs.add(stripped);
            changed |= changed(stripped, now, visited);
        }
        List<RelNode> before = inputsSeen.get(rel);
        if (changed || before == null || !sameOperators(before, inputs)) {
            query.clearCache(rel);
            changed = true;
        }
        now.put(rel, inputs);
        visited.put(rel, changed);
        return changed;
    }

    private static boolean sameOperators(List<RelNode> before, List<RelNode> after) {
        if (before.size() != after.size()) {
            return false;
        }
        for (int index = 0; index < before.size(); index++) {
            if (before.get(index) != after.get(index)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        cluster.setMetadataQuerySupplier(ownSupplier);
        cluster.invalidateMetadataQuery();
    }

    @Override
    public void relEquivalenceFound(RelEquivalenceEvent event) {}

    @Override
    public void ruleAttempted(RuleAttemptedEvent event) {}

    @Override
    public void relDiscarded(RelDiscardedEvent event) {}

    @Override
    public void relChosen(RelChosenEvent event) {}
}
