package dev.quiver.engine.exec.pipeline;

import dev.quiver.engine.exec.Batch;

/**
 * A physical operator that turns each batch into one batch as it streams through a pipeline:
 * filter, project, hash-join probe, Python UDF.
 *
 * <p>Immutable and shared by all threads of a pipeline; anything a call needs per thread lives in
 * local variables, anything shared (a hash table) in {@link QueryState}.
 */
public interface StreamOperator extends PhysicalOperator {
    /**
     * Processes one batch. Takes ownership of {@code input} (closes it or passes its columns on) and
     * returns a batch the caller owns; it may have zero rows. Called concurrently from several threads.
     */
    Batch process(Batch input, QueryState query);
}
