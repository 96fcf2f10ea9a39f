package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.cpython.PythonMemoryAccounting.MemoryCounter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The Python memory one query may hold: what its calls allocate in Python and have not freed yet,
 * summed over every interpreter that runs them. Opened by the engine for a query with
 * {@link InterpreterPool#limitQueryMemory}, closed when the query ends.
 *
 * <p>Enforced two ways, both only where {@link dev.quiver.udf.cpython.PythonMemoryAccounting}
 * counts allocations: a big allocation (64 KiB or more) that would pass the limit is refused at
 * once and raises MemoryError inside the function; growth in small objects is caught by the pool's
 * memory watchdog, which interrupts the query's running calls within a few milliseconds. Either way
 * the call fails with {@link UdfException.Reason#MEMORY_LIMIT} naming the function, its frames
 * (and so its memory) are freed, and other queries go on.
 *
 * <p>Memory a call leaves behind (aggregate state, a global) stays counted until a later call of
 * the same query frees it. Not counted: threads a function starts, and memory C extensions take
 * from malloc directly — the process-wide limit covers those.
 */
public final class QueryMemoryLimit implements AutoCloseable {
    private final InterpreterPool pool;
    private final BufferAllocator queryAllocator;
    private final long limit;
    /** Net bytes the query's finished calls left allocated (negative when they freed older memory). */
    private final AtomicLong retained = new AtomicLong();

    private final Map<Task<?>, Running> running = new ConcurrentHashMap<>();

    /** A call of the query now running: its worker, that worker's counter and its value at the start. */
    private record Running(Worker worker, MemoryCounter counter, long base, long refusedBase) {
        long grown() {
            return counter.inUse() - base;
        }
    }

    QueryMemoryLimit(InterpreterPool pool, BufferAllocator queryAllocator, long limit) {
        this.pool = pool;
        this.queryAllocator = queryAllocator;
        this.limit = limit;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }

    /** Bytes the query's calls allocated in Python and hold now, over every interpreter (at least 0). */
    public long used() {
        long total = retained.get();
        for (Running call : running.values()) {
            total += call.grown();
        }
        return Math.max(0, total);
    }

    /** How many of the query's calls run now. */
    public int runningCalls() {
        return running.size();
    }

    BufferAllocator queryAllocator() {
        return queryAllocator;
    }

    /**
     * A call of the query starts on {@code worker}: big allocations that would take the query past
     * its limit are refused from now on. On the worker's thread.
     */
    void callStarts(Task<?> task, Worker worker, MemoryCounter counter) {
        long base = counter.inUse();
        long remaining = limit - used();
        running.put(task, new Running(worker, counter, base, counter.refused()));
        counter.limit(base + Math.max(1, remaining));
    }

    /**
     * The call ended: what it left allocated stays counted. On the worker's thread, before its
     * interpreter may be replaced.
     *
     * @return the size of an allocation refused during the call, or 0 when none was
     */
    long callEnds(Task<?> task) {
        Running call = running.remove(task);
        if (call == null) {
            return 0;
        }
        retained.addAndGet(call.grown());
        try {
            call.counter().limit(0);
        } catch (IllegalStateException ended) {
            // the interpreter ended with the call (replaced): nothing to reset
        }
        return call.counter().refused() > call.refusedBase() ? call.counter().lastRefusedBytes() : 0;
    }

    /** Stops every running call of the query once it holds more than its limit. Watchdog thread. */
    void stopIfOver() {
        if (running.isEmpty()) {
            return;
        }
        long used = used();
        if (used <= limit) {
            return;
        }
        String why = "the query's Python memory (" + megabytes(used) + ") passed its per-query Python memory limit of "
                + megabytes(limit);
        for (Map.Entry<Task<?>, Running> call : running.entrySet()) {
            if (call.getKey().requestMemoryStop(why)) {
                call.getValue().worker().interrupt(call.getKey());
            }
        }
    }

    /** The failure of a call whose allocation of {@code refusedBytes} the limit refused. */
    UdfException refusal(String functionName, long refusedBytes) {
        return MemoryWatchdog.failure(
                functionName,
                "an allocation of " + megabytes(refusedBytes) + " would have taken the query's Python memory past "
                        + "its per-query Python memory limit of " + megabytes(limit) + " (MemoryError)");
    }

    static String megabytes(long bytes) {
        return bytes >= 10L << 20
                ? (bytes >> 20) + " MiB"
                : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    /** The query ended: its calls are no longer counted against it. */
    @Override
    public void close() {
        pool.forget(this);
    }
}
