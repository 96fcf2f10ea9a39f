package dev.quiver.engine;

import dev.quiver.engine.catalog.SearchPath;
import dev.quiver.engine.catalog.TableLookup;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.ResultCollector;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.exec.pipeline.QueryProfile;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QueryPlanner;
import dev.quiver.udf.pool.QueryMemoryLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * Plans and runs queries for one session: SELECT, EXPLAIN, and the query part of INSERT and CTAS.
 * Each query gets its own planner and its own memory-limited allocator; the running one can be
 * cancelled and its progress read from other threads.
 */
final class QueryStatements {
    private final Quiver database;
    /** The context of the query running now, for cancel() and progress() from other threads. */
    private volatile ExecutionContext running;
    /** Set by cancel() while a statement runs, so that a cancel during planning stops the query it plans. */
    private volatile boolean cancelRequested;
    /** The tables the running statement reads (its transaction), or null: the committed ones. */
    private TableLookup tables;

    private final SessionSettings settings;

    /** How the connection's statements name objects (its TEMP schema first). */
    private final SearchPath names;

    QueryStatements(Quiver database, SessionSettings settings, SearchPath names) {
        this.database = database;
        this.settings = settings;
        this.names = names;
    }

    /** The connection's search path: how its statements name tables, views, macros and sequences. */
    SearchPath names() {
        return names;
    }

    /**
     * The internal name of the table {@code name} means to the running statement (a TEMP table of
     * the connection first), whether or not it exists.
     */
    String tableName(SqlIdentifier name) {
        TableLookup lookup = tableLookup();
        return names.resolve(name, internal -> lookup.table(internal).isPresent());
    }

    /** A query's allocator, limited by the session's memory_limit. */
    BufferAllocator newAllocator(String name) {
        return database.newQueryAllocator(name, settings.memoryLimit());
    }

    /**
     * Called as each call of the session starts (one statement, or a whole script): a cancel of an
     * earlier call does not carry over, but one that comes between the statements of a script does.
     */
    void callStarts() {
        cancelRequested = false;
    }

    /** Fails with CANCELLED when cancel() came since the call started, e.g. between two statements. */
    void checkNotCancelled() {
        if (cancelRequested) {
            throw new QuiverException(ErrorCode.CANCELLED, "query cancelled");
        }
    }

    /** Plans from now on read the tables as {@code lookup} sees them (null: as committed). */
    void readFrom(TableLookup lookup) {
        this.tables = lookup;
    }

    QueryPlanner planner() {
        return planner(tableLookup());
    }

    /** The tables the running statement reads: its transaction's, or the committed ones. */
    TableLookup tableLookup() {
        return tables != null ? tables : database.catalog();
    }

    /** A planner that reads the tables as {@code lookup} sees them. */
    QueryPlanner planner(TableLookup lookup) {
        return new QueryPlanner(
                        database.catalog(),
                        lookup,
                        database::files,
                        database::pythonInfo,
                        database.config().batchRows(),
                        database.config().sourcePushdown(),
                        names.temporarySchema())
                .stopWhen(this::checkNotCancelled); // a cancel or statement_timeout stops planning too
    }

    QueryResult query(PlannedQuery plan) {
        return query(plan, List.of());
    }

    /** Runs a plan whose parameters take {@code parameters} (see {@link ExecutionContext#parameter}). */
    QueryResult query(PlannedQuery plan, List<Object> parameters) {
        BufferAllocator allocator = newAllocator("query");
        try {
            return QueryResult.ofRows(plan.fields(), runToBatches(plan, allocator, null, parameters), allocator);
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    /**
     * Starts a planned query whose rows are read as it runs (see {@link QueryStream}), on {@code
     * threads}, its parameters taking {@code parameters} (see {@link ExecutionContext#parameter}).
     */
    QueryStream stream(PlannedQuery plan, List<Object> parameters, PipelineExecutor threads) {
        return QueryStream.start(
                plan,
                parameters,
                database.newQueryAllocator("stream"),
                database.config().threads(),
                database.config().batchRows(),
                threads);
    }

    /** Runs a planned query; the batches are allocated from (and must be freed before) {@code allocator}. */
    List<Batch> runToBatches(PlannedQuery plan, BufferAllocator allocator) {
        return runToBatches(plan, allocator, null, List.of());
    }

    /** Runs a planned query, its pipelines profiled into {@code profile} when that is not null. */
    private List<Batch> runToBatches(
            PlannedQuery plan, BufferAllocator allocator, QueryProfile[] profile, List<Object> parameters) {
        ExecutionContext context = new ExecutionContext(
                allocator, settings.threads(), database.config().batchRows(), parameters);
        running = context;
        if (cancelRequested) { // cancel() came before the query started
            context.cancel();
        }
        try (QueryState state = new QueryState(context);
                QueryMemoryLimit pythonMemory = database.limitPythonQueryMemory(allocator)) {
            ResultCollector collector = new ResultCollector(plan.root());
            List<Pipeline> pipelines = PipelineBuilder.build(plan.root(), collector);
            if (profile != null) {
                profile[0] = state.startProfiling();
            }
            database.executor().run(pipelines, state);
            return state.<ResultCollector.Result>finished(collector).take();
        } finally {
            running = null;
        }
    }

    /** Forgets a cancel that came for a statement that has ended (its statement_timeout fired). */
    void clearCancel() {
        cancelRequested = false;
    }

    /** Cancels the running query, if any; it fails with CANCELLED. Any thread. */
    void cancel() {
        cancelRequested = true; // before reading running: runToBatches sets running, then reads the flag
        ExecutionContext context = running;
        if (context != null) {
            context.cancel();
        }
    }

    /** Rows scanned and rows to scan by the running query, or null when none runs. Any thread. */
    long[] progress() {
        ExecutionContext context = running;
        return context == null ? null : new long[] {context.rowsScanned(), context.rowsToScan()};
    }

    /** EXPLAIN: one VARCHAR column, one line per row — the logical plan, the Vec plan, the pipelines. */
    QueryResult explain(SqlNode explicandum) {
        PlannedQuery plan = planner().plan(explicandum);
        List<String> lines = new ArrayList<>();
        lines.add("Logical plan:");
        plan.logicalPlan().lines().forEach(line -> lines.add("  " + line));
        lines.add("Physical plan:");
        plan.physicalPlan().lines().forEach(line -> lines.add("  " + line));
        lines.add("Pipelines:");
        List<Pipeline> pipelines = PipelineBuilder.build(plan.root(), new ResultCollector(plan.root()));
        for (int index = 0; index < pipelines.size(); index++) {
            lines.add("  " + (index + 1) + ". " + pipelines.get(index));
        }
        return QueryResult.ofLines("explain", lines, newAllocator("explain"));
    }

    /**
     * EXPLAIN ANALYZE: runs the query, discarding its rows, and returns the physical plan and each
     * pipeline's stages with the rows they emitted and the time spent in each (summed over threads).
     */
    QueryResult explainAnalyze(SqlNode explicandum) {
        if (!explicandum.isA(SqlKind.QUERY)) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "EXPLAIN ANALYZE runs queries only, not "
                            + explicandum.getKind().lowerName.toUpperCase(Locale.ROOT)
                            + " statements; use EXPLAIN to see their plan");
        }
        long start = System.nanoTime();
        PlannedQuery plan = planner().plan(explicandum);
        long planned = System.nanoTime();
        QueryProfile[] profile = new QueryProfile[1];
        long rows = 0;
        try (BufferAllocator allocator = newAllocator("query")) {
            for (Batch batch : runToBatches(plan, allocator, profile, List.of())) {
                rows += batch.rowCount();
                batch.close();
            }
        }
        long ran = System.nanoTime();
        List<String> lines = new ArrayList<>();
        lines.add("Physical plan:");
        plan.physicalPlan().lines().forEach(line -> lines.add("  " + line));
        lines.add(String.format(
                Locale.ROOT,
                "Total: %.4f s (planning %.4f s, execution %.4f s), %d result rows",
                (ran - start) / 1e9,
                (planned - start) / 1e9,
                (ran - planned) / 1e9,
                rows));
        lines.add("Planning phases (validation to operators; parsing came before):");
        plan.phases().lines().forEach(line -> lines.add("  " + line));
        lines.add(
                "Pipelines (stage time summed over threads, its share of all stages; rows and batches out, into a sink):");
        lines.addAll(profile[0].lines());
        return QueryResult.ofLines("explain", lines, newAllocator("explain"));
    }
}
