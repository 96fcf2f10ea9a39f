package dev.quiver.engine.jdbc;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.udf.UdfException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;

/**
 * Turns Quiver's errors into SQLExceptions: the SQLSTATE of the {@link ErrorCode} (42 syntax and
 * unknown names, 22 data, 23 constraints, 53 resource limits, 55 database in use, 57014 cancelled,
 * 38 Python functions, XX000 bugs), the subclass JDBC defines for that class, and the whole message —
 * for a Python function its name and traceback.
 */
final class SqlErrors {
    private SqlErrors() {}

    static SQLException of(QuiverException error) {
        String state = error.code().sqlState();
        String message = message(error);
        return switch (state.substring(0, 2)) {
            case "42" -> new SQLSyntaxErrorException(message, state, error);
            case "22" -> new SQLDataException(message, state, error);
            case "23" -> new SQLIntegrityConstraintViolationException(message, state, error);
            case "0A" -> new SQLFeatureNotSupportedException(message, state, error);
            default -> new SQLException(message, state, error);
        };
    }

    /** Anything but a QuiverException escaping the engine: a bug. */
    static SQLException internal(RuntimeException error) {
        return new SQLException("internal error (a bug in Quiver): " + error, ErrorCode.INTERNAL.sqlState(), error);
    }

    /** The statement ran longer than its query timeout and was cancelled. */
    static SQLException timedOut(int seconds, QuiverException error) {
        return new SQLTimeoutException(
                "Query cancelled: it ran longer than the query timeout of " + seconds + " s"
                        + " (Statement.setQueryTimeout)",
                ErrorCode.CANCELLED.sqlState(),
                error);
    }

    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(
                what + " is not supported by Quiver's JDBC driver", ErrorCode.UNSUPPORTED.sqlState());
    }

    /** Use of a closed connection, statement or result set. */
    static SQLException closed(String what) {
        return new SQLException(what + " is closed", what.equals("Connection") ? "08003" : "HY010");
    }

    /** Quiver's message with its position; for a Python error also the function and its traceback when the message lacks them. */
    private static String message(QuiverException error) {
        StringBuilder message = new StringBuilder(error.describe());
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UdfException udf) {
                if (udf.functionName() != null && message.indexOf(udf.functionName()) < 0) {
                    message.append(" (in Python function ")
                            .append(udf.functionName())
                            .append(')');
                }
                if (udf.pythonTraceback() != null
                        && message.indexOf(udf.pythonTraceback().strip()) < 0) {
                    message.append('\n').append(udf.pythonTraceback().strip());
                }
                break;
            }
        }
        return message.toString();
    }
}
