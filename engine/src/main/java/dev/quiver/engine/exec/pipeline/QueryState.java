package dev.quiver.engine.exec.pipeline;

import dev.quiver.engine.exec.ExecutionContext;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The run-time state of one query: its {@link ExecutionContext} and the global state of every
 * sink, keyed by operator identity. Closing it frees every state still held (after a failure, or
 * once the result was taken).
 */
public final class QueryState implements AutoCloseable {
    private final ExecutionContext context;
    private final Map<PhysicalOperator, AutoCloseable> globals = new IdentityHashMap<>();
    /** Where EXPLAIN ANALYZE collects timings, or null when the query is not profiled. */
    private volatile QueryProfile profile;
    /** Where {@link #runParallel} runs tasks: the calling thread alone until an executor attaches its workers. */
    private volatile ParallelTasks parallelTasks;

    public QueryState(ExecutionContext context) {
        this.context = context;
        this.parallelTasks = new ParallelTasks(null, 1);
    }

    /** Lets {@link #runParallel} use {@code workers} (the executor running this query's pipelines). */
    void useWorkers(ExecutorService workers) {
        parallelTasks = new ParallelTasks(workers, context.threads());
    }

    /**
     * Runs {@code task} for every number in [0, {@code count}) on this thread and up to
     * {@link ExecutionContext#threads()} - 1 idle worker threads, returning when all have run; for
     * work a sink's {@code finish} can split (each task must touch only its own part). Rethrows
     * the first task's failure; CANCELLED once the query is cancelled.
     */
    public void runParallel(int count, IntConsumer task) {
        parallelTasks.run(count, task, context);
    }

    public ExecutionContext context() {
        return context;
    }

    /** Profiles this query's pipelines from now on (EXPLAIN ANALYZE); returns the profile they fill. */
    public QueryProfile startProfiling() {
        QueryProfile started = new QueryProfile();
        profile = started;
        return started;
    }

    /** The profile being filled, or null when the query is not profiled. */
    public QueryProfile profile() {
        return profile;
    }

    /** The global state of {@code sink}, created on first use. */
    @SuppressWarnings("unchecked")
    public synchronized <G extends AutoCloseable> G global(PhysicalOperator sink, Supplier<G> create) {
        return (G) globals.computeIfAbsent(sink, key -> create.get());
    }

    /** The finished global state of {@code sink}; fails if its pipeline has not run. */
    @SuppressWarnings("unchecked")
    public synchronized <G extends AutoCloseable> G finished(PhysicalOperator sink) {
        G state = (G) globals.get(sink);
        if (state == null) {
            throw new IllegalStateException("pipeline of " + sink.describe() + " has not run (a bug in the scheduler)");
        }
        return state;
    }

    @Override
    public synchronized void close() {
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable state : globals.values()) {
            try {
                state.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        globals.clear();
        if (!failures.isEmpty()) {
            IllegalStateException failure =
                    new IllegalStateException("freeing query state failed", failures.getFirst());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
