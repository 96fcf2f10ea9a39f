package dev.quiver.engine.exec.operator;

/**
 * The global state of a breaker that first collects its whole input, then hands out what it made
 * of it (sort, UNION ALL): the collected morsels, then the finished batches. Frees both on close.
 */
final class CollectThenEmit implements AutoCloseable {
    final MorselBuffer input = new MorselBuffer();
    final FinishedBatches output = new FinishedBatches();

    @Override
    public synchronized void close() {
        input.close();
        output.close();
    }
}
