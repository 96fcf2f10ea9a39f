package dev.quiver.udf;

/**
 * A failure of a Python function or of the interpreter pool, with everything needed to explain it.
 *
 * <p>{@link #getMessage()} is written for the person who wrote the query: it names the function,
 * the row (for scalar functions), the Python exception type and message, and ends with the
 * Python traceback, whose line numbers point into the function's own source.
 */
public final class UdfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a call failed; engines map these to their own error codes. */
    public enum Reason {
        /** The source does not compile, fails to import, or lacks the handler. A user error. */
        DEFINITION_ERROR,
        /** The function raised a Python exception. */
        PYTHON_ERROR,
        /** The function returned a value of the wrong type or range, or the wrong number of values. */
        BAD_RESULT,
        /**
         * An argument value has no Python equivalent (invalid UTF-8 in a VARCHAR, a DATE outside
         * years 1–9999). A data error, not a bug.
         */
        BAD_ARGUMENT,
        /**
         * The call was stopped because the process's memory passed the pool's Python memory limit
         * ({@link dev.quiver.udf.pool.PoolOptions#memoryLimit}).
         */
        MEMORY_LIMIT,
        /** The call was cancelled by its caller. */
        CANCELLED,
        /** The call ran past its deadline and was interrupted. */
        TIMEOUT,
        /** The function kept a view of batch memory past its call; its interpreter was replaced. */
        ESCAPED_MEMORY,
        /** No usable CPython: not installed, too old, or not built with a shared libpython. */
        PYTHON_UNAVAILABLE,
        /** The pool is closed or could not start an interpreter. */
        POOL_UNAVAILABLE,
        /**
         * The function is refused for the rest of the pool's life: an earlier call of it ignored its
         * cancellation and its interpreter had to be abandoned.
         */
        REFUSED,
        /**
         * A process-tier worker crashed, exited or was killed while running the call (segfault, abort,
         * {@code os._exit}, out-of-memory kill); only that call failed and the worker was replaced.
         */
        WORKER_DIED,
        /** A bug in Quiver's runtime. */
        INTERNAL
    }

    private final Reason reason;
    private final String functionName;
    private final long row;
    private final String pythonType;
    private final String pythonMessage;
    private final String pythonTraceback;

    public UdfException(Reason reason, String functionName, String message) {
        this(reason, functionName, -1, null, null, null, message, null);
    }

    public UdfException(Reason reason, String functionName, String message, Throwable cause) {
        this(reason, functionName, -1, null, null, null, message, cause);
    }

    public UdfException(
            Reason reason,
            String functionName,
            long row,
            String pythonType,
            String pythonMessage,
            String pythonTraceback,
            String message,
            Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.functionName = functionName;
        this.row = row;
        this.pythonType = pythonType;
        this.pythonMessage = pythonMessage;
        this.pythonTraceback = pythonTraceback;
    }

    public Reason reason() {
        return reason;
    }

    /** The Python function's SQL name, or null for pool-level failures. */
    public String functionName() {
        return functionName;
    }

    /** The zero-based row of the batch that failed, or -1 when not tied to one row. */
    public long row() {
        return row;
    }

    /** The Python exception's type name ("ZeroDivisionError"), or null. */
    public String pythonType() {
        return pythonType;
    }

    /** The Python exception's message, or null. */
    public String pythonMessage() {
        return pythonMessage;
    }

    /** The formatted Python traceback, or null when there is none. */
    public String pythonTraceback() {
        return pythonTraceback;
    }
}
