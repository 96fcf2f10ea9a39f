package dev.quiver.udf;

/** What happens when a Python function raises. */
public enum ErrorHandling {
    /** The query fails with the Python exception and its traceback (the default). */
    RAISE,
    /**
     * A row whose call raises an {@code Exception} yields NULL (for a vectorized function: every row
     * of that batch). Cancellation, wrong result types and escaped memory still fail the call.
     */
    NULL
}
