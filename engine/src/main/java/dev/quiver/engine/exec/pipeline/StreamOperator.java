package dev.quiver.engine.exec.pipeline;

import dev.quiver.engine.exec.Batch;
import java.util.function.Consumer;

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

    /**
     * Processes one batch into one or more batches, handed to {@code downstream} in order; this is
     * what pipelines call. Operators whose output can be far larger than their input (a join's
     * probe) override it to emit bounded batches. Takes ownership of {@code input}; each batch
     * passed to {@code downstream} belongs to it. Passes at least one batch (it may have zero
     * rows), so that every morsel reaches the sink. Called concurrently from several threads.
     */
    default void process(Batch input, QueryState query, Consumer<Batch> downstream) {
        downstream.accept(process(input, query));
    }

    /**
     * Whether {@link #process} takes a batch with a selection ({@link Batch#selection}) as it is;
     * the pipeline executor compacts the batch first for an operator that does not. An operator
     * that does returns a batch with the same selection (or none).
     */
    default boolean processesSelection() {
        return false;
    }

    /**
     * Whether {@link #process} reads only the selected rows of a batch with a selection (a join's
     * probe), so that a selection keeping few rows costs it no more than their copy would: an
     * operator below may then hand it any selection instead of copying the rows.
     */
    default boolean readsOnlySelectedRows() {
        return false;
    }

    /**
     * The input column that output column {@code outputColumn} is an unchanged copy of, row for
     * row (every output row comes from one input row and keeps that row's value), or -1. Lets
     * {@link PipelineBuilder} move a join filter below this operator; -1 is always safe.
     */
    default int inputColumn(int outputColumn) {
        return -1;
    }

    /**
     * Whether every output column is an input column ({@link #inputColumn}) and every input row
     * one output row: the operator copies nothing, so a filter costs less above it than below.
     */
    default boolean onlyPicksColumns() {
        return false;
    }

    /**
     * One operator that does what this one and then {@code next} (the operator right after it in a
     * pipeline) do, in one step that copies the rows once; null when the two do not combine.
     * {@link PipelineBuilder} asks it of the operators it places (join filters).
     */
    default StreamOperator fuse(StreamOperator next) {
        return null;
    }
}
