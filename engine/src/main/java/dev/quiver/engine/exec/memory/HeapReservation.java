package dev.quiver.engine.exec.memory;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Arrays;
import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Bytes of Java heap arrays counted against a query's Arrow allocator, and so against its memory
 * limit: reserve before allocating, and {@link #close} when the arrays become garbage. Going over
 * the limit is a MEMORY_LIMIT error naming what needed the memory; the query then fails and its
 * allocator closes with nothing left, like any other failure.
 *
 * <p>Arrow rounds each reservation up to a power of two, so a request is reserved as the powers of
 * two its size (rounded up to 1 KiB) is made of: the count stays within 1 KiB of the truth.
 *
 * <p>The {@code grow} methods are the way to size the arrays of hash tables and accumulators: they
 * reserve before they copy, and at least double, so growth stays amortised O(1). Hash tables and
 * accumulators live on the heap because the JIT keeps array access in hot loops free of the bounds
 * and reference-count checks ArrowBuf pays per access.
 *
 * <p>Thread-safe; a reservation only grows until it is closed.
 */
public final class HeapReservation implements AutoCloseable {
    private static final long GRANULE = 1024;

    private final BufferAllocator allocator;
    private final AllocationReservation reservation;
    private final String what;
    private long bytes;

    /** @param what names the user of the memory in errors, e.g. "the hash table of a join" */
    public HeapReservation(BufferAllocator allocator, String what) {
        this.allocator = allocator;
        this.reservation = allocator.newReservation();
        this.what = what;
    }

    /** Counts {@code more} bytes; fails with MEMORY_LIMIT, reserving nothing, when the query has no room. */
    public synchronized void reserve(long more) {
        if (more <= 0) {
            return;
        }
        long rounded = (more + GRANULE - 1) / GRANULE * GRANULE;
        long added = 0;
        for (long remaining = rounded; remaining != 0; remaining &= remaining - 1) {
            long piece = Long.lowestOneBit(remaining);
            if (!reservation.add(piece)) {
                // the pieces already added stay counted until close: the query is failing anyway
                bytes += added;
                throw new QuiverException(
                        ErrorCode.MEMORY_LIMIT,
                        "query ran out of memory: " + what + " needed "
                                + more + " more bytes after " + bytes + " and the query memory limit of " + limit()
                                + " bytes allows no more; raise the limit or reduce the data");
            }
            added += piece;
        }
        bytes += added;
    }

    /** {@code array} if it holds {@code needed} elements, else a copy with room for them, reserved first. */
    public long[] grow(long[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve((long) (size - array.length) * Long.BYTES);
        return Arrays.copyOf(array, size);
    }

    /** As {@link #grow(long[], int)}. */
    public int[] grow(int[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve((long) (size - array.length) * Integer.BYTES);
        return Arrays.copyOf(array, size);
    }

    /** As {@link #grow(long[], int)}. */
    public double[] grow(double[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve((long) (size - array.length) * Double.BYTES);
        return Arrays.copyOf(array, size);
    }

    /** As {@link #grow(long[], int)}. */
    public boolean[] grow(boolean[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve(size - array.length);
        return Arrays.copyOf(array, size);
    }

    /** As {@link #grow(long[], int)}. */
    public byte[] grow(byte[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve(size - array.length);
        return Arrays.copyOf(array, size);
    }

    /** As {@link #grow(long[], int)}; counts the references only, the values are counted as they are set. */
    public byte[][] grow(byte[][] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve((long) (size - array.length) * Long.BYTES);
        return Arrays.copyOf(array, size);
    }

    /** At least {@code needed}, and at least double the current size. */
    private int newSize(int current, int needed) {
        long size = Math.max(needed, Math.max(16L, 2L * current));
        if (size > Integer.MAX_VALUE - 8) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new QuiverException(
                        ErrorCode.MEMORY_LIMIT,
                        what + " outgrew a Java array (" + needed + " elements); reduce the data or use more threads");
            }
            size = Integer.MAX_VALUE - 8;
        }
        return (int) size;
    }

    /** Bytes reserved so far. */
    public synchronized long bytes() {
        return bytes;
    }

    private long limit() {
        return allocator.getLimit();
    }

    @Override
    public synchronized void close() {
        reservation.close();
        bytes = 0;
    }
}
