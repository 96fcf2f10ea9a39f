package dev.quiver.engine.error;

import dev.quiver.udf.UdfException;
import org.apache.arrow.memory.OutOfMemoryException;

/** Turns the UDF runtime's failures into Quiver errors, keeping the runtime's message and traceback. */
public final class UdfFailures {
    private UdfFailures() {}

    public static QuiverException toQuiver(UdfException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryException memory) {
                // the function's results did not fit: the query's limit, not a bug
                return new QuiverException(
                        ErrorCode.MEMORY_LIMIT,
                        "query ran out of memory: the results of Python"
                                + " function " + e.functionName() + " needed more than the query memory limit allows ("
                                + memory.getMessage() + "); raise the limit or reduce the data",
                        e);
            }
        }
        ErrorCode code = switch (e.reason()) {
            case DEFINITION_ERROR -> ErrorCode.INVALID_FUNCTION_DEFINITION;
            case PYTHON_ERROR, BAD_RESULT, ESCAPED_MEMORY, REFUSED, WORKER_DIED -> ErrorCode.PYTHON_ERROR;
            case BAD_ARGUMENT -> ErrorCode.INVALID_ARGUMENT; // a value with no Python equivalent
            case CANCELLED, TIMEOUT -> ErrorCode.CANCELLED;
            case MEMORY_LIMIT -> ErrorCode.MEMORY_LIMIT;
            case PYTHON_UNAVAILABLE, POOL_UNAVAILABLE -> ErrorCode.PYTHON_UNAVAILABLE;
            case INTERNAL -> ErrorCode.INTERNAL;
        };
        String message =
                code == ErrorCode.INTERNAL ? "internal error (a bug in Quiver): " + e.getMessage() : e.getMessage();
        return new QuiverException(code, message, e);
    }
}
