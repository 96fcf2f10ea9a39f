package dev.quiver.udf.cpython;

/**
 * What a call into the Python-side runtime module answered: a status plus, for failures, the row
 * and the Python exception's type, message and traceback, and the failing row's argument values
 * (shortened, comma-separated; empty when not tied to a row).
 */
public record RuntimeReply(
        Status status, long row, String pythonType, String message, String traceback, String arguments) {

    public RuntimeReply(Status status, long row, String pythonType, String message, String traceback) {
        this(status, row, pythonType, message, traceback, "");
    }

    /** Mirrors the status constants at the top of {@code quiver_runtime.py}; the order is the protocol. */
    public enum Status {
        OK,
        PYTHON_ERROR,
        BAD_RESULT,
        CANCELLED,
        ESCAPED_VIEW,
        DEFINITION_ERROR,
        INTERNAL_ERROR,
        BAD_ARGUMENT;

        static Status of(long code) {
            Status[] values = values();
            if (code < 0 || code >= values.length) {
                return INTERNAL_ERROR;
            }
            return values[(int) code];
        }
    }

    static RuntimeReply ok() {
        return new RuntimeReply(Status.OK, -1, "", "", "");
    }

    public boolean isOk() {
        return status == Status.OK;
    }
}
