package dev.quiver.engine.exec.operator;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.Morsel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Morsels collected by a sink, owned until taken: the global state of result collection, LIMIT and
 * sort input. Not thread-safe; sinks combine into it under the pipeline's lock.
 */
public final class MorselBuffer implements AutoCloseable {
    private final List<Morsel> morsels = new ArrayList<>();
    private long rows;

    /** Adds a morsel; this buffer owns its batch until taken. */
    public void add(Morsel morsel) {
        morsels.add(morsel);
        rows += morsel.batch().rowCount();
    }

    /** Moves every morsel of {@code other} here. */
    public void addAll(MorselBuffer other) {
        for (Morsel morsel : other.morsels) {
            add(morsel);
        }
        other.morsels.clear();
        other.rows = 0;
    }

    /** Rows in the buffered morsels. */
    public long rows() {
        return rows;
    }

    /** The buffered morsels, still owned by the buffer. */
    public List<Morsel> morsels() {
        return morsels;
    }

    /** The batches in sequence order; ownership passes to the caller and the buffer empties. */
    public List<Batch> takeInOrder() {
        morsels.sort(Comparator.comparingLong(Morsel::sequence));
        List<Batch> batches = new ArrayList<>(morsels.size());
        for (Morsel morsel : morsels) {
            batches.add(morsel.batch());
        }
        morsels.clear();
        rows = 0;
        return batches;
    }

    @Override
    public void close() {
        for (Morsel morsel : morsels) {
            morsel.batch().close();
        }
        morsels.clear();
        rows = 0;
    }
}
