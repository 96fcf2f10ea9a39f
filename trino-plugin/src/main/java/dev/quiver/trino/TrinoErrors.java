package dev.quiver.trino;

import dev.quiver.udf.UdfException;
import io.trino.spi.TrinoException;

/** Turns udf-runtime's failures into Trino exceptions with the message (function, Python error, traceback) kept whole. */
final class TrinoErrors {
    private TrinoErrors() {}

    static TrinoException of(UdfException failure) {
        PythonErrorCode code = switch (failure.reason()) {
            case DEFINITION_ERROR -> PythonErrorCode.PYTHON_DEFINITION_ERROR;
            case PYTHON_ERROR, WORKER_DIED -> PythonErrorCode.PYTHON_ERROR; // WORKER_DIED: process tier only
            case BAD_RESULT, ESCAPED_MEMORY -> PythonErrorCode.PYTHON_BAD_RESULT;
            case BAD_ARGUMENT -> PythonErrorCode.PYTHON_BAD_ARGUMENT;
            case CANCELLED, TIMEOUT, REFUSED -> PythonErrorCode.PYTHON_CANCELLED;
            case MEMORY_LIMIT -> PythonErrorCode.PYTHON_MEMORY_LIMIT;
            case PYTHON_UNAVAILABLE, POOL_UNAVAILABLE -> PythonErrorCode.PYTHON_UNAVAILABLE;
            case INTERNAL -> PythonErrorCode.PYTHON_INTERNAL_ERROR;
        };
        return new TrinoException(code, failure.getMessage(), failure);
    }
}
