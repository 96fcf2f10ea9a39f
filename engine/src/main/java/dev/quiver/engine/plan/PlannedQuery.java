package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The outcome of planning a query: the executable operator tree, the result's columns, and the
 * plans of each phase for EXPLAIN.
 *
 * <p>The plans' text is written only when asked for (EXPLAIN, tests): most queries never show it,
 * and writing both plans cost up to 0.4 ms of each TPC-H query's planning. Confined to one thread,
 * as planning is.
 */
public final class PlannedQuery {
    private final PhysicalOperator root;
    private final List<Field> fields;
    private final PlanningPhases phases;
    private Supplier<String> logicalPlan;
    private Supplier<String> physicalPlan;
    private String logicalText;
    private String physicalText;
    /** The catalog table versions the plan scans. */
    private List<MemoryTable> tablesScanned = List.of();
    /** Whether it also reads sources known only when it runs (files, attached databases, table functions). */
    private boolean otherSources = true;

    /**
     * @param root          the runtime operator tree
     * @param fields        the result columns (names as the query spells them)
     * @param logicalPlan   writes Calcite's logical plan after rewriting, as text (called at most once)
     * @param physicalPlan  writes the Vec plan, as text (called at most once)
     * @param phases        where the planning time went
     */
    public PlannedQuery(
            PhysicalOperator root,
            List<Field> fields,
            Supplier<String> logicalPlan,
            Supplier<String> physicalPlan,
            PlanningPhases phases) {
        this.root = Objects.requireNonNull(root, "root");
        this.fields = fields;
        this.logicalPlan = Objects.requireNonNull(logicalPlan, "logicalPlan");
        this.physicalPlan = Objects.requireNonNull(physicalPlan, "physicalPlan");
        this.phases = phases;
    }

    /**
     * Records the catalog table versions the plan scans, and whether it also reads sources whose
     * contents are only known when it runs (files, attached databases, table functions); returns
     * this plan.
     */
    PlannedQuery withSources(List<MemoryTable> tables, boolean others) {
        this.tablesScanned = List.copyOf(tables);
        this.otherSources = others;
        return this;
    }

    /**
     * The catalog table versions the plan scans (the plan runs over exactly these versions), or null
     * when it also reads files, attached databases or table functions: then it must not run again
     * after the statement it was planned for.
     */
    public List<MemoryTable> tablesRead() {
        return otherSources ? null : tablesScanned;
    }

    /**
     * The catalog table versions the plan scans, whatever else it reads: what a run that may
     * outlive its statement's transaction keeps alive ({@link MemoryTable#retain}).
     */
    public List<MemoryTable> tablesScanned() {
        return tablesScanned;
    }

    /** The runtime operator tree. */
    public PhysicalOperator root() {
        return root;
    }

    /** The result columns (names as the query spells them). */
    public List<Field> fields() {
        return fields;
    }

    /** Calcite's logical plan after rewriting, as text. */
    public String logicalPlan() {
        if (logicalText == null) {
            logicalText = phases.time("plan text", logicalPlan);
            logicalPlan = null; // the plan's rels are no longer needed
        }
        return logicalText;
    }

    /** The Vec plan, as text. */
    public String physicalPlan() {
        if (physicalText == null) {
            physicalText = phases.time("plan text", physicalPlan);
            physicalPlan = null;
        }
        return physicalText;
    }

    /** Where the planning time went. */
    public PlanningPhases phases() {
        return phases;
    }
}
