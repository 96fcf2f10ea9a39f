package dev.quiver.engine.exec.pipeline;

import dev.quiver.engine.exec.Batch;

/**
 * A batch travelling through a pipeline with its sequence number, which orders the final result
 * when the source is ordered (the output of a sort); other sources number their morsels too, and
 * the order then simply does not matter.
 */
public record Morsel(long sequence, Batch batch) {}
