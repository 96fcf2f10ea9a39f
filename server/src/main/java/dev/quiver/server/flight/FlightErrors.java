package dev.quiver.server.flight;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * Quiver's errors as Flight errors: a status code by error code, the message prefixed with the
 * SQLSTATE ({@code [42501] permission denied: …}), and the SQLSTATE and error code also as
 * metadata ({@code x-quiver-sqlstate}, {@code x-quiver-error-code}) for clients that read it.
 */
public final class FlightErrors {
    static final String SQLSTATE_KEY = "x-quiver-sqlstate";
    static final String ERROR_CODE_KEY = "x-quiver-error-code";

    private FlightErrors() {}

    /** The Flight error for {@code failure}: a QuiverException as itself, anything else as an internal error. */
    public static FlightRuntimeException toFlight(Throwable failure) {
        if (failure instanceof FlightRuntimeException flight) {
            return flight;
        }
        QuiverException quiver = failure instanceof QuiverException known
                ? known
                : QuiverException.internal(String.valueOf(failure), failure);
        ErrorFlightMetadata metadata = new ErrorFlightMetadata();
        metadata.insert(SQLSTATE_KEY, quiver.code().sqlState());
        metadata.insert(ERROR_CODE_KEY, quiver.code().name());
        return new CallStatus(
                        status(quiver.code()),
                        quiver,
                        "[" + quiver.code().sqlState() + "] " + quiver.getMessage(),
                        metadata)
                .toRuntimeException();
    }

    /** The Flight status code for an error code. */
    static FlightStatusCode status(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_TABLE, UNKNOWN_COLUMN, UNKNOWN_FUNCTION -> FlightStatusCode.NOT_FOUND;
            case TABLE_EXISTS, FUNCTION_EXISTS -> FlightStatusCode.ALREADY_EXISTS;
            case CANCELLED -> FlightStatusCode.CANCELLED;
            case PERMISSION_DENIED -> FlightStatusCode.UNAUTHORIZED;
            case AUTHENTICATION_FAILED -> FlightStatusCode.UNAUTHENTICATED;
            case UNSUPPORTED -> FlightStatusCode.UNIMPLEMENTED;
            case MEMORY_LIMIT, TOO_MANY_SESSIONS -> FlightStatusCode.RESOURCE_EXHAUSTED;
            case DATABASE_IN_USE, PYTHON_UNAVAILABLE -> FlightStatusCode.UNAVAILABLE;
            case INTERNAL, JVM_OPTIONS_MISSING, IO_ERROR -> FlightStatusCode.INTERNAL;
            default -> FlightStatusCode.INVALID_ARGUMENT;
        };
    }
}
