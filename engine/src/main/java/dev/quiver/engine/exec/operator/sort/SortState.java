package dev.quiver.engine.exec.operator.sort;

import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.pipeline.Morsel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.FieldVector;

/**
 * The global state of one sort: the collected input, then (after finish) all of it as one set of
 * columns cut into ranges of the sort order; then, while the next pipeline runs, the ranges handed
 * to threads one at a time and the sorted batches waiting to be handed out. Frees everything on
 * close.
 */
final class SortState implements AutoCloseable {
    final MorselBuffer input = new MorselBuffer();
    /** Every input row, once finish ran; empty before. */
    List<FieldVector> columns = new ArrayList<>();
    /** The row numbers of each range of the order, each in ascending row order. */
    int[][] ranges = new int[0][];
    /** The sequence number of each range's first output batch: ranges emit in order, densely numbered. */
    long[] firstSequence = new long[0];

    final AtomicInteger nextRange = new AtomicInteger();
    /** Sorted batches not yet handed out (a range yields one per morsel size). */
    final ConcurrentLinkedQueue<Morsel> pending = new ConcurrentLinkedQueue<>();

    @Override
    public synchronized void close() {
        input.close();
        columns.forEach(FieldVector::close);
        columns = new ArrayList<>();
        for (Morsel morsel = pending.poll(); morsel != null; morsel = pending.poll()) {
            morsel.batch().close();
        }
        ranges = new int[0][];
    }
}
