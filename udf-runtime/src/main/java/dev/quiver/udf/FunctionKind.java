package dev.quiver.udf;

/** How a Python function is called. */
public enum FunctionKind {
    /** Once per row, with one Python value per argument; returns one value. */
    SCALAR,
    /**
     * Once per batch, with one sequence per argument (all of the batch's length); returns a sequence
     * (any iterable) of the batch's length. Fixed-width numeric columns without NULLs arrive as
     * read-only memoryviews over the Arrow buffer itself; the others as lists.
     */
    VECTORIZED,
    /**
     * An aggregate: the handler is a class with Snowflake's UDAF contract ({@code __init__},
     * {@code accumulate(*args)}, the property {@code aggregate_state}, {@code merge(other_state)},
     * {@code finish()}), driven through {@link dev.quiver.udf.pool.PythonAggregation}.
     */
    AGGREGATE,
    /**
     * A table function: the handler is a generator function (called per input row, it yields rows)
     * or a class with PySpark's UDTF contract ({@code eval(*args)} yields rows, optional
     * {@code terminate()} yields final rows), driven through {@link dev.quiver.udf.pool.PythonTableFunction}.
     */
    TABLE
}
