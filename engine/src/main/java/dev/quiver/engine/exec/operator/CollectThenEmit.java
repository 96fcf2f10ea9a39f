package dev.quiver.engine.exec.operator;

/**
 * The global state of a breaker that first collects its whole input, then hands out what it made
 * of it (sort, UNION ALL): the collected morsels, then the finished batches. Frees both on close.
 */
public final class CollectThenEmit implements AutoCloseable {
    private final MorselBuffer input = new MorselBuffer();
    private final FinishedBatches output = new FinishedBatches();

    /** The collected morsels; guarded by the pipeline's lock while sinks combine. */
    public MorselBuffer input() {
        return input;
    }

    /** The finished batches. */
    public FinishedBatches output() {
        return output;
    }

    @Override
    public synchronized void close() {
        input.close();
        output.close();
    }
}
