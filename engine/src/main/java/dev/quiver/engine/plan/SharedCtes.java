package dev.quiver.engine.plan;

import dev.quiver.engine.plan.rel.LogicalSharedCte;
import dev.quiver.engine.plan.rules.CalciteRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.calcite.plan.RelDigest;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RepeatUnion;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Keeps a WITH query that aggregates, referenced more than once, one subplan through the rewrite,
 * so that it is computed once (DuckDB materialises such CTEs too). Calcite inlines a CTE at each
 * reference; the copies start equal, but rules that look across a reference's edge (a semi join
 * reduction by the store joined to one reference, a filter inferred from one reference's join)
 * make them differ, and then the physical plan computes each (TPC-DS q1: the return totals per
 * customer and store, aggregated twice).
 *
 * <p>{@link #pin} runs after decorrelation, before the trim: it finds the subplans that end in an
 * aggregation and occur more than once — equal once their projections are pushed down to the
 * scans, since a reference inside a subquery was trimmed only after decorrelation and the others
 * with the query — and puts a {@link LogicalSharedCte} boundary, over one copy, at each
 * reference. The boundary keeps every column through the trim. After the first
 * simplification, which brings each reference's own filters down to it, {@link
 * #resolveFilters} decides per CTE: if every reference filters and no two filters are the same
 * (q39's months, q4's channel and year), the references share nothing worth keeping and the
 * boundary goes, so each reference keeps its filter pushed inside as before; if every reference
 * filters, some alike, the OR of the filters goes inside (DuckDB's CTE filter push-down); else
 * the CTE is kept whole. {@link #unpin} takes the boundaries out after the rewrite; the equal
 * copies then become one physical subplan, which {@link SharedSubplans} spools.
 */
final class SharedCtes {
    /** At most this many rule firings normalize one subplan (a guard against rules undoing each other). */
    private static final int NORMALIZATION_STEPS = 500;

    private SharedCtes() {}

    /**
     * {@code rel} with a boundary over every outermost subplan that it holds more than once and
     * that ends in an aggregation; {@code rel} itself when there is none.
     */
    static RelNode pin(RelNode rel) {
        // cheap look first: most plans hold no two aggregations of the same shape over the same tables
        Map<String, List<RelNode>> byShape = new LinkedHashMap<>();
        collectCandidates(rel, byShape);
        Canonical canonical = new Canonical();
        Map<RelNode, RelNode> canonicalOf = new IdentityHashMap<>();
        Map<RelNode, Integer> counts = new IdentityHashMap<>();
        Map<RelNode, RelNode> representative = new IdentityHashMap<>();
        for (List<RelNode> candidates : byShape.values()) {
            if (candidates.size() < 2) {
                continue;
            }
            for (RelNode candidate : candidates) {
                RelNode known = canonicalOf.get(candidate);
                RelNode normal = known != null ? representative.get(known) : normalized(candidate);
                RelNode canonicalRoot = known != null ? known : intern(normal, canonical);
                canonicalOf.put(candidate, canonicalRoot);
                counts.merge(canonicalRoot, 1, Integer::sum);
                representative.putIfAbsent(canonicalRoot, normal);
            }
        }
        if (counts.values().stream().noneMatch(count -> count > 1)) {
            return rel;
        }
        return wrap(rel, canonicalOf, counts, representative, new IdentityHashMap<>());
    }

    /**
     * The subplans worth sharing in {@code rel}, by a cheap shape key (their class, columns and
     * the tables they read): only subplans of one shape can be equal.
     */
    private static void collectCandidates(RelNode rel, Map<String, List<RelNode>> byShape) {
        // every occurrence counts: the rewrite before this made equal subtrees one object
        if (worthSharing(rel)) {
            List<String> tables = new ArrayList<>();
            tablesOf(rel, tables);
            Collections.sort(tables);
            String shape = rel.getRelTypeName() + rel.getRowType().getFullTypeString() + tables;
            byShape.computeIfAbsent(shape, key -> new ArrayList<>()).add(rel);
        }
        for (RelNode input : rel.getInputs()) {
            collectCandidates(input.stripped(), byShape);
        }
    }

    private static void tablesOf(RelNode rel, List<String> tables) {
        if (rel instanceof TableScan scan) {
            tables.add(String.join(".", scan.getTable().getQualifiedName()));
        }
        for (RelNode input : rel.getInputs()) {
            tablesOf(input.stripped(), tables);
        }
    }

    /**
     * {@code rel} with its projections pushed down to the scans and merged: the references of one
     * CTE differ in where columns were trimmed (one was trimmed with the query, another, inside a
     * subquery, only after decorrelation), not in what they compute.
     */
    private static RelNode normalized(RelNode rel) {
        HepProgramBuilder program = new HepProgramBuilder()
                .addMatchLimit(NORMALIZATION_STEPS)
                .addRuleCollection(List.of(
                        CalciteRules.FILTER_PROJECT_TRANSPOSE,
                        CalciteRules.PROJECT_JOIN_TRANSPOSE,
                        CalciteRules.PROJECT_MERGE,
                        CalciteRules.PROJECT_REMOVE));
        HepPlanner planner = new HepPlanner(program.build());
        planner.setRoot(rel);
        return planner.findBestExp();
    }

    /** Whether {@code rel} holds a boundary. */
    static boolean present(RelNode rel) {
        if (rel instanceof LogicalSharedCte) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (present(input.stripped())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops the boundaries of CTEs whose references all filter differently, and puts the OR of
     * the references' filters inside the CTEs whose references all filter, some alike.
     */
    static RelNode resolveFilters(RelNode rel, RexBuilder rexBuilder) {
        References references = new References();
        collectFilters(rel, null, null, references, Collections.newSetFromMap(new IdentityHashMap<>()));
        Set<Integer> dropped = new LinkedHashSet<>();
        Map<Integer, RexNode> pushed = new HashMap<>();
        references.filters.forEach((id, conditions) -> {
            if (!references.notJoinReduced.contains(id)) {
                // every reference joins a filtered input: the semi join reduction cuts each to
                // the groups it needs (TPC-DS q2: a year of weeks each), more than sharing saves
                dropped.add(id);
                return;
            }
            if (references.unfiltered.contains(id)) {
                return;
            }
            Set<RexNode> distinct = new LinkedHashSet<>(conditions);
            if (distinct.size() == conditions.size()) {
                dropped.add(id);
            } else if (distinct.stream().allMatch(RexUtil::isDeterministic)) {
                pushed.put(id, RexUtil.composeDisjunction(rexBuilder, distinct));
            }
        });
        if (dropped.isEmpty() && pushed.isEmpty()) {
            return rel;
        }
        Map<Integer, RelNode> filteredBodies = new HashMap<>();
        return replace(rel, new IdentityHashMap<>(), cte -> {
            if (dropped.contains(cte.id())) {
                return cte.getInput();
            }
            RexNode condition = pushed.get(cte.id());
            if (condition == null) {
                return cte;
            }
            RelNode body =
                    filteredBodies.computeIfAbsent(cte.id(), id -> LogicalFilter.create(cte.getInput(), condition));
            return cte.copy(cte.getTraitSet(), List.of(body));
        });
    }

    /** {@code rel} without boundaries: each reference reads the CTE's subplan itself. */
    static RelNode unpin(RelNode rel) {
        return replace(rel, new IdentityHashMap<>(), cte -> cte.getInput());
    }

    private interface Replacement {
        RelNode apply(LogicalSharedCte cte);
    }

    /** {@code rel} with each boundary replaced (after its input's own replacements). */
    private static RelNode replace(RelNode rel, Map<RelNode, RelNode> done, Replacement replacement) {
        RelNode known = done.get(rel);
        if (known != null) {
            return known;
        }
        RelNode copied = withInputs(rel, input -> replace(input, done, replacement));
        RelNode result = copied instanceof LogicalSharedCte cte ? replacement.apply(cte) : copied;
        done.put(rel, result);
        return result;
    }

    /**
     * Records each boundary's filter (the condition of a Filter right above it, or none), and
     * whether its nearest operator above, through projections and filters, is an inner join with a
     * filtered input (the semi join reduction's case).
     */
    private static void collectFilters(
            RelNode rel, RelNode parent, RelNode above, References references, Set<RelNode> visited) {
        if (rel instanceof LogicalSharedCte cte) {
            // every reference counts, even one reached again through a shared parent
            references.add(
                    cte.id(),
                    parent instanceof Filter filter ? filter.getCondition() : null,
                    joinsFiltered(above, cte));
            if (!visited.add(rel)) {
                return;
            }
        }
        RelNode nextAbove = rel instanceof Project || rel instanceof Filter ? above : rel;
        for (RelNode input : rel.getInputs()) {
            collectFilters(input.stripped(), rel, nextAbove, references, visited);
        }
    }

    /** Whether {@code above} is an inner join whose other input than {@code cte}'s filters rows. */
    private static boolean joinsFiltered(RelNode above, LogicalSharedCte cte) {
        if (!(above instanceof Join join) || join.getJoinType() != JoinRelType.INNER) {
            return false;
        }
        return join.getInputs().stream()
                .map(RelNode::stripped)
                .anyMatch(input -> !holdsRel(input, cte) && holdsFilter(input));
    }

    private static boolean holdsRel(RelNode rel, RelNode wanted) {
        return rel == wanted || rel.getInputs().stream().anyMatch(input -> holdsRel(input.stripped(), wanted));
    }

    /** Whether {@code rel} filters rows of a table (another reference's filter does not count). */
    private static boolean holdsFilter(RelNode rel) {
        if (rel instanceof LogicalSharedCte) {
            return false;
        }
        if (rel instanceof Filter filter && !(filter.getInput().stripped() instanceof LogicalSharedCte)) {
            return true;
        }
        return rel.getInputs().stream().anyMatch(input -> holdsFilter(input.stripped()));
    }

    /** What the rewrite knows of each shared CTE's references. */
    private static final class References {
        final Map<Integer, List<RexNode>> filters = new LinkedHashMap<>();
        final Set<Integer> unfiltered = new LinkedHashSet<>();
        final Set<Integer> notJoinReduced = new LinkedHashSet<>();

        void add(int id, RexNode filter, boolean joinReduced) {
            List<RexNode> conditions = filters.computeIfAbsent(id, key -> new ArrayList<>());
            if (filter != null) {
                conditions.add(filter);
            } else {
                unfiltered.add(id);
            }
            if (!joinReduced) {
                notJoinReduced.add(id);
            }
        }
    }

    /** The canonical rel of {@code rel}'s structure: equal subtrees share one. */
    private static RelNode intern(RelNode rel, Canonical canonical) {
        return canonical.intern(withInputs(rel, input -> intern(input, canonical)));
    }

    private static RelNode wrap(
            RelNode rel,
            Map<RelNode, RelNode> canonicalOf,
            Map<RelNode, Integer> counts,
            Map<RelNode, RelNode> representative,
            Map<RelNode, Integer> ids) {
        RelNode canonicalRel = canonicalOf.get(rel);
        if (canonicalRel != null && counts.get(canonicalRel) > 1) {
            int id = ids.computeIfAbsent(canonicalRel, key -> ids.size());
            return LogicalSharedCte.create(representative.get(canonicalRel), id);
        }
        return withInputs(rel, input -> wrap(input, canonicalOf, counts, representative, ids));
    }

    /** {@code rel} over its inputs as {@code change} makes them; {@code rel} itself if none changed. */
    private static RelNode withInputs(RelNode rel, UnaryOperator<RelNode> change) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : rel.getInputs()) {
            RelNode changedInput = change.apply(input.stripped());
            inputs.add(changedInput);
            changed |= changedInput != input;
        }
        return changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
    }

    /**
     * Whether a subplan held twice is worth computing once: it ends in an aggregation (a GROUP
     * BY, a window, a UNION of such) over a table — its result is small next to the work — and
     * holds nothing that must run per reference (a recursive CTE's loop, a correlation).
     */
    private static boolean worthSharing(RelNode rel) {
        return endsInAggregation(rel) && readsTable(rel) && !holdsUnshareable(rel);
    }

    private static boolean endsInAggregation(RelNode rel) {
        return switch (rel) {
            case Aggregate aggregate -> true;
            case Window window -> true;
            case Project project -> endsInAggregation(project.getInput().stripped());
            case Filter filter -> endsInAggregation(filter.getInput().stripped());
            case Sort sort -> endsInAggregation(sort.getInput().stripped());
            case Union union -> union.getInputs().stream().allMatch(input -> endsInAggregation(input.stripped()));
            default -> false;
        };
    }

    private static boolean readsTable(RelNode rel) {
        if (rel instanceof TableScan) {
            return true;
        }
        return rel.getInputs().stream().anyMatch(input -> readsTable(input.stripped()));
    }

    private static boolean holdsUnshareable(RelNode rel) {
        if (rel instanceof RepeatUnion || rel instanceof Correlate || rel instanceof LogicalSharedCte) {
            return true;
        }
        return rel.getInputs().stream().anyMatch(input -> holdsUnshareable(input.stripped()));
    }

    /** One rel per structure: a rel's digest names its inputs by identity, so inputs go first. */
    private static final class Canonical {
        private final Map<RelDigest, RelNode> byDigest = new HashMap<>();

        RelNode intern(RelNode rel) {
            RelNode known = byDigest.putIfAbsent(rel.getRelDigest(), rel);
            return known != null ? known : rel;
        }
    }
}
