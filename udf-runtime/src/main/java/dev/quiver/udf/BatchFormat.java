package dev.quiver.udf;

import java.util.Locale;

/**
 * How a vectorized function receives a batch's columns: {@code WITH (batch_format = ...)}. Every
 * format but LISTS needs its package in the Python that runs the function (in practice the process
 * tier's workers); results of any of these kinds are accepted whatever the format.
 */
public enum BatchFormat {
    /** Sequences of Python values (a memoryview for fixed-width columns without NULLs). */
    LISTS,
    /** numpy arrays over the batch memory (no copy); columns with NULLs as numpy.ma.MaskedArray. */
    NUMPY,
    /** pandas Series with pandas' nullable dtypes. */
    PANDAS,
    /** pyarrow arrays (fixed-width columns without NULLs over the batch memory, no copy). */
    PYARROW;

    /** The SQL spelling: {@code 'lists'}, {@code 'numpy'}, {@code 'pandas'}, {@code 'pyarrow'}. */
    public String sql() {
        return name().toLowerCase(Locale.ROOT);
    }
}
