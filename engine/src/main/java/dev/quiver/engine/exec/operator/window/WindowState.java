package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.operator.MorselBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The global state of one window operator run: the collected input, then (after finish) all of it
 * as one batch cut into buckets by partition hash; then, while the output pipeline runs, the
 * buckets handed to threads one at a time and the batches waiting to be emitted. Frees everything
 * on close.
 */
final class WindowState implements AutoCloseable {
    final MorselBuffer input = new MorselBuffer();
    final HeapReservation memory;
    /** Every input row, once finish ran; null before and when there were none. */
    Batch rows;
    /** Per row: the hash of its partition keys; null without PARTITION BY. */
    long[] hashes;
    /** The encoded partition keys: row r is {@code keyBytes[keyStarts[r], keyStarts[r + 1])}; null without PARTITION BY. */
    byte[] keyBytes;

    int[] keyStarts;
    /** The row numbers of each bucket. */
    int[][] buckets = new int[0][];
    /**
     * Without PARTITION BY and with many rows: the one partition's rows cut into ranges of the
     * ORDER BY ({@code SortRanges}), sorted by whichever threads claim them; null otherwise (then
     * the partition is the one bucket).
     */
    int[][] sortRanges;

    final AtomicInteger nextRange = new AtomicInteger();
    final AtomicInteger sortedRanges = new AtomicInteger();

    final AtomicInteger nextBucket = new AtomicInteger();
    final AtomicLong nextSequence = new AtomicLong();
    /** Batches of evaluated buckets not yet handed out (a bucket yields one per morsel size). */
    final ConcurrentLinkedQueue<Batch> pending = new ConcurrentLinkedQueue<>();

    WindowState(HeapReservation memory) {
        this.memory = memory;
    }

    @Override
    public synchronized void close() {
        input.close();
        if (rows != null) {
            rows.close();
            rows = null;
        }
        for (Batch batch = pending.poll(); batch != null; batch = pending.poll()) {
            batch.close();
        }
        hashes = null;
        keyBytes = null;
        buckets = new int[0][];
        sortRanges = null;
        memory.close();
    }
}
