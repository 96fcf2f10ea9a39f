package dev.quiver.udf.pool;

/** A unit of work for a {@link ProcessTier} worker process, queued like the sub-interpreters' tasks. */
abstract class ProcessTask<T> extends Task<T> {
    @Override
    final T run(WorkerSession session) {
        throw new IllegalStateException("a process-tier task runs in a worker process, not a sub-interpreter");
    }

    /**
     * Runs on the slot's thread with its live worker; returns the value or throws a UdfException.
     *
     * @throws WorkerDiedException when the worker process dies during the task
     */
    abstract T runIn(ProcessWorker worker, ProcessTier tier);
}
