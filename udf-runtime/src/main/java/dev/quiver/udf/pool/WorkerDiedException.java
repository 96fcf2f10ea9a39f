package dev.quiver.udf.pool;

/** A process-tier worker stopped answering: it crashed, exited or was killed. */
final class WorkerDiedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final String ending;
    private final String stderrTail;

    /**
     * @param ending     how it ended, e.g. "was killed by signal 11 (SIGSEGV)"
     * @param stderrTail the last lines the process wrote to standard error ("" when none)
     */
    WorkerDiedException(long pid, String ending, String stderrTail) {
        super("worker process " + pid + " " + ending);
        this.pid = pid;
        this.ending = ending;
        this.stderrTail = stderrTail;
    }

    long pid() {
        return pid;
    }

    String ending() {
        return ending;
    }

    String stderrTail() {
        return stderrTail;
    }
}
