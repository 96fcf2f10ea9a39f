package dev.quiver.udf.pool;

/**
 * A task that runs in either tier (the aggregate and table function entry points): it makes its
 * Python calls through a {@link PythonSite}, which a sub-interpreter worker and a process-tier slot
 * each provide.
 */
abstract class TierTask<T> extends Task<T> {
    /** Runs on the thread of the interpreter or process slot that took it. */
    abstract T runAt(PythonSite site);

    @Override
    final T run(WorkerSession session) {
        return runAt(new InterpreterSite(session, runner()));
    }
}
