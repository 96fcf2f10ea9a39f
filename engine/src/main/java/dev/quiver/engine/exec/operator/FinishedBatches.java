package dev.quiver.engine.exec.operator;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.Morsel;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of a pipeline breaker once it finished: batches handed to the next pipeline once
 * each, as morsels numbered in order (so an ORDER BY survives the hand-off). What is never handed
 * out is freed on {@link #close}. Thread-safe.
 */
public final class FinishedBatches implements AutoCloseable {
    private final List<Batch> batches = new ArrayList<>();
    private int next;

    /** Appends a batch; this object owns it until it is taken. */
    public synchronized void add(Batch batch) {
        batches.add(batch);
    }

    /** Appends batches; this object owns them until they are taken. */
    public synchronized void addAll(List<Batch> more) {
        batches.addAll(more);
    }

    /** The next batch as a morsel the caller owns, or null when all were taken. */
    public synchronized Morsel take() {
        if (next >= batches.size()) {
            return null;
        }
        Batch batch = batches.get(next);
        batches.set(next, null); // handed over: the morsel's consumer owns it now
        return new Morsel(next++, batch);
    }

    @Override
    public synchronized void close() {
        for (Batch batch : batches) {
            if (batch != null) {
                batch.close();
            }
        }
        batches.clear();
    }
}
