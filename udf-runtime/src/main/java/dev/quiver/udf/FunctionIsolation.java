package dev.quiver.udf;

/**
 * Where a Python function runs: CREATE FUNCTION's {@code WITH (isolation = ...)}.
 *
 * <p>{@link #AUTO} (the default) imports the source in a sub-interpreter and moves the function to
 * worker processes only when an import cannot work there: CPython's "does not support loading in
 * subinterpreters" ImportError, or a module the embedded Python lacks but the workers' Python has.
 */
public enum FunctionIsolation {
    AUTO,
    /** An own-GIL sub-interpreter of the pool inside the JVM process: the fast tier. */
    SUBINTERPRETER,
    /** A worker process (the process tier): any extension module, crashes contained. */
    PROCESS;

    /** The SQL spelling, lower case: {@code 'auto'}, {@code 'subinterpreter'}, {@code 'process'}. */
    public String sql() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The value named by {@code text} (any case), or null when there is none. */
    public static FunctionIsolation parse(String text) {
        for (FunctionIsolation value : values()) {
            if (value.sql().equalsIgnoreCase(text)) {
                return value;
            }
        }
        return null;
    }
}
