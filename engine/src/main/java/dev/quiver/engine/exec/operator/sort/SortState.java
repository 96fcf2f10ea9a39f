package dev.quiver.engine.exec.operator.sort;

import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.pipeline.Morsel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.FieldVector;

/**
 * The global state of one sort: the collected input, then (after finish) all of it as one set of
 * columns cut into ranges of the order; then, while the next pipeline runs, the ranges handed to
 * threads one at a time and the sorted batches waiting to be handed out. Frees everything on close.
 *
 * <p>Sorted batches are handed out strictly in sequence order, whichever thread sorted them: a
 * streamed result relies on a source never handing out a lower number after a higher one.
 */
final class SortState implements AutoCloseable {
    private static final long WAIT_MILLIS = 50;

    final MorselBuffer input = new MorselBuffer();
    /** Every input row, once finish ran; empty before. */
    List<FieldVector> columns = new ArrayList<>();
    /** The row numbers of each range of the order, each in ascending row order. */
    int[][] ranges = new int[0][];
    /** The sequence number of each range's first output batch: ranges emit in order, densely numbered. */
    long[] firstSequence = new long[0];
    /** How many batches all ranges make. */
    long morselCount;

    final AtomicInteger nextRange = new AtomicInteger();
    /** Sorted batches not yet handed out, by sequence number. */
    private final TreeMap<Long, Morsel> sorted = new TreeMap<>();

    private long nextToHand;

    /** Adds a sorted range's batches and wakes threads waiting for the next one in order. */
    synchronized void addSorted(List<Morsel> morsels) {
        for (Morsel morsel : morsels) {
            sorted.put(morsel.sequence(), morsel);
        }
        notifyAll();
    }

    /** The next batch in order if it is sorted already, else null. */
    synchronized Morsel takeNext() {
        Morsel next = sorted.remove(nextToHand);
        if (next != null) {
            nextToHand++;
        }
        return next;
    }

    /** Whether every batch was handed out. */
    synchronized boolean allHandedOut() {
        return nextToHand >= morselCount;
    }

    /** Waits a little for another thread to sort the range holding the next batch in order. */
    synchronized void awaitNext(ExecutionContext context) {
        if (!sorted.containsKey(nextToHand) && nextToHand < morselCount) {
            try {
                // timed: a failed or cancelled query does not notify this monitor
                wait(WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                context.cancel();
            }
        }
        context.checkCancelled();
    }

    @Override
    public synchronized void close() {
        input.close();
        columns.forEach(FieldVector::close);
        columns = new ArrayList<>();
        sorted.values().forEach(morsel -> morsel.batch().close());
        sorted.clear();
        ranges = new int[0][];
    }
}
