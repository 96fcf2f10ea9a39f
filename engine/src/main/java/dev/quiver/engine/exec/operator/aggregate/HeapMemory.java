package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Arrays;
import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Java heap arrays of one thread's aggregate state, counted against the query's memory limit: each
 * growth reserves its bytes on the query allocator (Arrow rounds every reservation up to a power of
 * two), and {@link #close} gives them back. Hash tables and accumulators live on the heap because
 * the JIT keeps array access in hot loops free of the bounds and reference-count checks ArrowBuf
 * pays per access.
 *
 * <p>Confined to one thread at a time (the state's owner).
 */
final class HeapMemory implements AutoCloseable {
    private final AllocationReservation reservation;
    private long bytes;

    HeapMemory(BufferAllocator allocator) {
        this.reservation = allocator.newReservation();
    }

    /** Counts {@code more} bytes; fails with MEMORY_LIMIT when the query has no room for them. */
    void reserve(long more) {
        if (more <= 0) {
            return;
        }
        if (!reservation.add(more)) {
            throw new QuiverException(ErrorCode.MEMORY_LIMIT, "GROUP BY ran out of memory: its hash table needed "
                    + more + " more bytes after " + bytes + " and the query memory limit allows no more; raise the "
                    + "limit or group fewer rows");
        }
        bytes += more;
    }

    long[] grow(long[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve((long) (size - array.length) * Long.BYTES);
        return Arrays.copyOf(array, size);
    }

    int[] grow(int[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve((long) (size - array.length) * Integer.BYTES);
        return Arrays.copyOf(array, size);
    }

    double[] grow(double[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve((long) (size - array.length) * Double.BYTES);
        return Arrays.copyOf(array, size);
    }

    boolean[] grow(boolean[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve(size - array.length);
        return Arrays.copyOf(array, size);
    }

    byte[] grow(byte[] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve(size - array.length);
        return Arrays.copyOf(array, size);
    }

    byte[][] grow(byte[][] array, int needed) {
        if (array.length >= needed) {
            return array;
        }
        int size = newSize(array.length, needed);
        reserve((long) (size - array.length) * Long.BYTES); // references; values are counted as they are set
        return Arrays.copyOf(array, size);
    }

    /** At least {@code needed}, and at least double the current size so growth stays amortised O(1). */
    private static int newSize(int current, int needed) {
        long size = Math.max(needed, Math.max(16L, 2L * current));
        if (size > Integer.MAX_VALUE - 8) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new QuiverException(ErrorCode.MEMORY_LIMIT, "GROUP BY state of one thread outgrew a Java array ("
                        + needed + " elements); group fewer rows or use more threads");
            }
            size = Integer.MAX_VALUE - 8;
        }
        return (int) size;
    }

    @Override
    public void close() {
        reservation.close();
        bytes = 0;
    }
}
