package dev.quiver.engine.error;

import dev.quiver.udf.UdfException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        String message = code == ErrorCode.INTERNAL
                ? "internal error (a bug in Quiver): " + e.getMessage()
                : withoutBatchRow(e.getMessage(), e.row());
        return new QuiverException(code, message, e);
    }

    /**
     * The runtime's message without the row number when it also shows the row's argument values. The
     * runtime numbers rows within the batch it was handed; in a query that is one morsel of many (and
     * 0-based: "row 0" for the only row of an INSERT), so the number misleads, and the values say
     * which row it was. A message without the values keeps its row.
     */
    static String withoutBatchRow(String message, long row) {
        if (row < 0) {
            return message;
        }
        String firstLine = message.lines().findFirst().orElse("");
        String rest = message.substring(firstLine.length());
        String pythonError = " (row " + row + ", arguments: "; // PYTHON_ERROR: "... (row 3, arguments: 3)"
        if (firstLine.contains(pythonError)) {
            return firstLine.replace(pythonError, " (arguments: ") + rest;
        }
        // BAD_RESULT: "returned 'x' at row 3, expected ... (arguments: 3)"; not "at row 30" for row 3
        Matcher badResult = Pattern.compile(" at row " + row + "(?!\\d)").matcher(firstLine);
        if (firstLine.contains(" (arguments: ") && badResult.find()) {
            return firstLine.substring(0, badResult.start()) + firstLine.substring(badResult.end()) + rest;
        }
        return message;
    }
}
