package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.apache.calcite.runtime.CalciteContextException;

/** Turns Calcite validation failures into {@link QuiverException}s with a code and the position. */
final class ValidationErrors {
    private ValidationErrors() {}

    static QuiverException translate(CalciteContextException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
        return new QuiverException(classify(message), message, e.getPosLine(), e.getPosColumn(), e);
    }

    private static ErrorCode classify(String message) {
        if (message.startsWith("Object '") && message.contains("not found")) {
            return ErrorCode.UNKNOWN_TABLE;
        }
        if (message.startsWith("Column '") && message.contains("not found")) {
            return ErrorCode.UNKNOWN_COLUMN;
        }
        if (message.contains("does not allow NULLs")) {
            return ErrorCode.NOT_NULL_VIOLATION;
        }
        if (message.startsWith("No match found for function signature")) {
            return ErrorCode.UNKNOWN_FUNCTION;
        }
        if (message.startsWith("Cannot apply")
                || message.startsWith("Cannot assign")
                || message.contains("must be a condition")
                || message.contains("incompatible")
                || message.startsWith("Cast function cannot convert")) {
            return ErrorCode.TYPE_MISMATCH;
        }
        return ErrorCode.INVALID_QUERY;
    }
}
