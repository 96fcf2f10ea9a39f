package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A unit of work for one interpreter, queued in the pool's shared queue and run by whichever worker
 * takes it first.
 *
 * <p>State goes QUEUED → RUNNING → (done), or QUEUED → (cancelled) when cancelled before a worker
 * took it. The result is published only after the worker is finished with every buffer the task
 * handed to Python, so a caller that gets an answer may free its memory.
 */
abstract class Task<T> {
    private static final AtomicLong NEXT_CALL_ID = new AtomicLong();
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ENDED = 2;

    final long callId = NEXT_CALL_ID.incrementAndGet();
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private volatile Worker runner;
    private volatile UdfException.Reason cancelReason;
    /** Why the pool stopped the call itself (the memory limit), for the error message. */
    private volatile String stopDetail;

    /** Runs on the worker's thread with its session; returns the value or throws a UdfException. */
    abstract T run(WorkerSession session);

    /** Releases a value nobody will receive (the caller gave up first). */
    abstract void discard(T value);

    /** The SQL name of the function this task runs, for errors; null for pool-internal tasks. */
    String functionName() {
        return null;
    }

    /**
     * The allocator of the caller's batch, or null for pool-internal tasks: the pool finds the
     * query's {@link QueryMemoryLimit} through it.
     */
    org.apache.arrow.memory.BufferAllocator allocator() {
        return null;
    }

    /** The id of the function version this task runs, or -1. */
    int functionId() {
        return -1;
    }

    /**
     * Called when the caller gives up on this running task for good (its worker is abandoned): moves
     * any memory Python still uses away from the caller's accounting. Any thread.
     */
    void handOverMemory() {}

    /** Called on the worker once the task has ended and its outcome was published or discarded. */
    void ended() {}

    /** Called by a worker that took this task; false when it was cancelled while queued. */
    final boolean start(Worker worker) {
        runner = worker;
        return state.compareAndSet(QUEUED, RUNNING);
    }

    /** Cancels a task that no worker has started; false if one has. */
    final boolean cancelIfQueued(UdfException failure) {
        if (state.compareAndSet(QUEUED, ENDED)) {
            result.completeExceptionally(failure);
            return true;
        }
        return false;
    }

    final Worker runner() {
        return runner;
    }

    final boolean isRunning() {
        return state.get() == RUNNING;
    }

    final synchronized void requestCancel(UdfException.Reason reason) {
        if (cancelReason == null) {
            cancelReason = reason;
        }
    }

    /**
     * Asks to stop the call because the process passed the memory limit; false if a stop was
     * already asked for (by anyone).
     */
    final synchronized boolean requestMemoryStop(String detail) {
        if (cancelReason != null) {
            return false;
        }
        stopDetail = detail;
        cancelReason = UdfException.Reason.MEMORY_LIMIT;
        return true;
    }

    final String stopDetail() {
        return stopDetail;
    }

    /** TIMEOUT, CANCELLED or MEMORY_LIMIT once a stop was asked for, else null. */
    final UdfException.Reason cancelReason() {
        return cancelReason;
    }

    /** Publishes the outcome; a value that cannot be delivered any more is discarded. */
    final void finish(T value, RuntimeException failure) {
        state.set(ENDED);
        try {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (!result.complete(value)) {
                discard(value);
            }
        } finally {
            ended();
        }
    }
}
