package dev.quiver.udf.pool;

import java.time.Duration;

/**
 * One sub-interpreter's worker or one process-tier slot, seen as the keeper of a running
 * aggregation's instances or a table function run's generator: calls about that state are directed
 * to it rather than to whichever is free.
 */
interface StateHolder {
    /** Queues a task that only this holder may run; fails it when the holder no longer serves. */
    <T> PendingCall<T> submitDirected(Task<T> task, Duration timeout, String functionName);
}
