package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;

/** What a {@link PendingCall} asks to stop its task: the pool or tier that runs it. */
interface CallStopper {
    /**
     * Stops {@code task} for its caller: drops it if still queued, else interrupts it and, after the
     * cancel grace, gives up on whatever runs it. Returns once the task has an outcome or was given up.
     */
    void stop(Task<?> task, UdfException.Reason reason, String functionName);
}
