package dev.quiver.engine;

import dev.quiver.engine.catalog.TableLookup;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.ResultCollector;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QueryPlanner;
import dev.quiver.udf.pool.QueryMemoryLimit;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
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

    QueryStatements(Quiver database, SessionSettings settings) {
        this.database = database;
        this.settings = settings;
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
        return planner(tables != null ? tables : database.catalog());
    }

    /** A planner that reads the tables as {@code lookup} sees them. */
    QueryPlanner planner(TableLookup lookup) {
        return new QueryPlanner(
                database.catalog(),
                lookup,
                database::files,
                database::pythonInfo,
                database.config().batchRows(),
                database.config().sourcePushdown());
    }

    QueryResult query(PlannedQuery plan) {
        BufferAllocator allocator = newAllocator("query");
        try {
            return QueryResult.ofRows(plan.fields(), runToBatches(plan, allocator), allocator);
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    /** Starts a planned query whose rows are read as it runs (see {@link QueryStream}), on {@code threads}. */
    QueryStream stream(PlannedQuery plan, PipelineExecutor threads) {
        return QueryStream.start(
                plan,
                database.newQueryAllocator("stream"),
                database.config().threads(),
                database.config().batchRows(),
                threads);
    }

    /** Runs a planned query; the batches are allocated from (and must be freed before) {@code allocator}. */
    List<Batch> runToBatches(PlannedQuery plan, BufferAllocator allocator) {
        ExecutionContext context = new ExecutionContext(
                allocator, settings.threads(), database.config().batchRows());
        running = context;
        if (cancelRequested) { // cancel() came before the query started
            context.cancel();
        }
        try (QueryState state = new QueryState(context);
                QueryMemoryLimit pythonMemory = database.limitPythonQueryMemory(allocator)) {
            ResultCollector collector = new ResultCollector(plan.root());
            List<Pipeline> pipelines = PipelineBuilder.build(plan.root(), collector);
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
}
