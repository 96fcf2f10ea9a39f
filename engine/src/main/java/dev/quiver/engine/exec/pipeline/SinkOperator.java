package dev.quiver.engine.exec.pipeline;

import dev.quiver.engine.exec.Batch;

/**
 * A physical operator that ends a pipeline: a pipeline breaker (aggregate, hash-join build, sort)
 * or the query's result collector.
 *
 * <p>Protocol, per pipeline run: {@link #createGlobal} once; on each thread {@link #createLocal},
 * then {@link #consume} for each of that thread's batches ({@link #morselDone} after each morsel),
 * then {@link #combine} (called under a lock, one thread at a time); finally {@link #finish} once,
 * after every thread combined. The global state is stored in {@link QueryState} under this
 * operator, where the breaker's
 * {@link SourceOperator} side (or a probe) reads it.
 *
 * @param <G> state shared by the run
 * @param <L> state of one thread
 */
public interface SinkOperator<G extends AutoCloseable, L> extends PhysicalOperator {
    G createGlobal(QueryState query);

    L createLocal(G global, QueryState query);

    /** Takes ownership of the batch. Called only with this thread's local state. */
    void consume(L local, Morsel morsel, QueryState query);

    /**
     * Called after every batch of the morsel numbered {@code sequence} reached {@link #consume} on
     * this thread, also when it yielded no batch: a streaming sink hands the morsel on here.
     * Default: nothing.
     */
    default void morselDone(L local, long sequence, QueryState query) {}

    /** Merges a finished thread's local state into the global one. */
    void combine(G global, L local, QueryState query);

    /**
     * Called once, after every thread combined, on one thread while the pipeline's worker threads
     * are idle: work that splits into independent parts can run on them through {@link
     * QueryState#runParallel}.
     */
    void finish(G global, QueryState query);

    /**
     * Whether {@link #consume} takes a batch with a selection ({@link Batch#selection}) as it is;
     * the pipeline executor compacts the batch first for a sink that does not.
     */
    default boolean consumesSelection() {
        return false;
    }

    /**
     * Whether the sink needs no more input (a satisfied LIMIT): threads stop pulling morsels. Read
     * concurrently; default never.
     */
    default boolean isSatisfied(G global) {
        return false;
    }

    /** Frees a local state whose thread failed before {@link #combine}. */
    default void abandonLocal(L local) {
        if (local instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // already failing; the first error is the one reported
            }
        }
    }

    /** Convenience for sinks whose input is plain batches. */
    static void closeQuietly(Batch batch) {
        if (batch != null) {
            batch.close();
        }
    }
}
