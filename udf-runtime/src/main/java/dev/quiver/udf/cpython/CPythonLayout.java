package dev.quiver.udf.cpython;

import dev.quiver.udf.UdfException;

/**
 * The few CPython struct layouts Quiver reads or fills, per Python version.
 *
 * <p>Taken from the headers with {@code offsetof} and checked against the installed headers by
 * {@code CPythonLayoutTest}. A version joins the table only after the stdlib stress test passed on it.
 *
 * @param configSize      {@code sizeof(PyConfig)}
 * @param configHome      {@code offsetof(PyConfig, home)}
 * @param memoryViewMbuf  {@code offsetof(PyMemoryViewObject, mbuf)}
 * @param managedExports  {@code offsetof(_PyManagedBufferObject, exports)}
 */
record CPythonLayout(int configSize, int configHome, int memoryViewMbuf, int managedExports) {

    /** {@code sizeof(PyInterpreterConfig)}: seven ints, the same on 3.12–3.14. */
    static final int INTERPRETER_CONFIG_SIZE = 28;

    static CPythonLayout of(int major, int minor) {
        if (major == 3 && minor == 13) {
            return new CPythonLayout(448, 296, 24, 24);
        }
        throw new UdfException(
                UdfException.Reason.PYTHON_UNAVAILABLE,
                null,
                "CPython " + major + "." + minor + " is not supported: Quiver embeds CPython 3.13 (older versions "
                        + "corrupt memory with several own-GIL interpreters; newer ones are not verified yet). "
                        + "Set " + PythonInstallation.ENV_VARIABLE + " to a python3.13 built with --enable-shared");
    }

    /** Whether the table knows this version. */
    static boolean supports(int major, int minor) {
        return major == 3 && minor == 13;
    }
}
