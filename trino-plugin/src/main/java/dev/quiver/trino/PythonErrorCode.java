package dev.quiver.trino;

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

/** The Trino error codes of Python functions, one per kind of failure a client may want to tell apart. */
public enum PythonErrorCode implements ErrorCodeSupplier {
    /** The source does not compile or import, or lacks the handler. */
    PYTHON_DEFINITION_ERROR(0, ErrorType.USER_ERROR),
    /** The function raised. */
    PYTHON_ERROR(1, ErrorType.USER_ERROR),
    /** The function returned a value that does not fit the declared return type. */
    PYTHON_BAD_RESULT(2, ErrorType.USER_ERROR),
    /** An argument has no Python equivalent. */
    PYTHON_BAD_ARGUMENT(3, ErrorType.USER_ERROR),
    /** A parameter or return type this plugin cannot pass to Python. */
    PYTHON_UNSUPPORTED_TYPE(4, ErrorType.USER_ERROR),
    /** The call was cancelled, or ran past its deadline. */
    PYTHON_CANCELLED(5, ErrorType.USER_ERROR),
    /** Python passed its memory limit. */
    PYTHON_MEMORY_LIMIT(6, ErrorType.INSUFFICIENT_RESOURCES),
    /** No usable CPython on this node, or the interpreter pool is closed. */
    PYTHON_UNAVAILABLE(7, ErrorType.EXTERNAL),
    /** A bug in this plugin or in udf-runtime. */
    PYTHON_INTERNAL_ERROR(8, ErrorType.INTERNAL_ERROR);

    /** Trino asks plugins for codes outside its own range; 0x0713_0000 is ours ("q" for Quiver). */
    private static final int BASE = 0x0713_0000;

    private final ErrorCode errorCode;

    PythonErrorCode(int offset, ErrorType type) {
        this.errorCode = new ErrorCode(BASE + offset, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
