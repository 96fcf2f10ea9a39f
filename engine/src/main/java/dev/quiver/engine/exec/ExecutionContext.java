package dev.quiver.engine.exec;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What every operator of one query shares: the query's allocator (with its memory limit), the
 * degree of parallelism, the batch size, the cancellation flag and the values of a prepared
 * plan's parameters for this execution. Thread-safe.
 */
public final class ExecutionContext {
    private final BufferAllocator allocator;
    private final int threads;
    private final int batchRows;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong rowsToScan = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rowsScanned = new java.util.concurrent.atomic.AtomicLong();
    /** One value per parameter, in {@link dev.quiver.engine.exec.expr.LiteralExpr}'s representation. */
    private final List<Object> parameters;

    public ExecutionContext(BufferAllocator allocator, int threads, int batchRows) {
        this(allocator, threads, batchRows, List.of());
    }

    /**
     * @param parameters the values of the plan's parameters ({@code ?} number 1 first, NULLs allowed),
     *     each in {@link dev.quiver.engine.exec.expr.LiteralExpr}'s representation of its type
     */
    public ExecutionContext(BufferAllocator allocator, int threads, int batchRows, List<?> parameters) {
        this.allocator = allocator;
        this.threads = threads;
        this.batchRows = batchRows;
        this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters)); // may hold NULLs
    }

    /**
     * The value of parameter {@code index} (0 for the first {@code ?}) in this execution.
     *
     * @throws QuiverException INTERNAL when the execution has no such parameter: a bug in whoever ran
     *     a parameterized plan
     */
    public Object parameter(int index) {
        if (index < 0 || index >= parameters.size()) {
            throw QuiverException.internal(
                    "parameter " + (index + 1) + " has no value in this execution (" + parameters.size() + " given)",
                    null);
        }
        return parameters.get(index);
    }

    /** The query's allocator; Arrow allocators are thread-safe. */
    public BufferAllocator allocator() {
        return allocator;
    }

    public int threads() {
        return threads;
    }

    public int batchRows() {
        return batchRows;
    }

    /** Called by sources when they open: rows they will produce, for progress reporting. */
    public void addRowsToScan(long rows) {
        rowsToScan.addAndGet(rows);
    }

    /** Called by sources per morsel, for progress reporting. */
    public void addRowsScanned(long rows) {
        rowsScanned.addAndGet(rows);
    }

    /** Rows the query's sources announced so far. */
    public long rowsToScan() {
        return rowsToScan.get();
    }

    /** Rows the query's sources produced so far. */
    public long rowsScanned() {
        return rowsScanned.get();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws CANCELLED once the query was cancelled; operators call it between batches. */
    public void checkCancelled() {
        if (cancelled.get()) {
            throw new QuiverException(ErrorCode.CANCELLED, "query cancelled");
        }
    }
}
