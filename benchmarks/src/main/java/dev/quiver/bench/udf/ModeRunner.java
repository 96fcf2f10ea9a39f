package dev.quiver.bench.udf;

import java.io.IOException;

/**
 * Runs one workload over every input batch in one {@link Mode}. Set up (pools, processes,
 * function registration) happens before the first {@link #runOnce}, outside any measurement.
 */
interface ModeRunner extends AutoCloseable {
    /** Runs every batch once and returns how long it took and what it produced. */
    Timing runOnce() throws Exception;

    @Override
    void close() throws IOException;

    /**
     * One timed pass over the input.
     *
     * @param nanos    elapsed wall time of the pass (results checked and freed afterwards, untimed)
     * @param checksum the pass's output
     */
    record Timing(long nanos, Checksum checksum) {}
}
