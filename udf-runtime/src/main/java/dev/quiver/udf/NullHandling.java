package dev.quiver.udf;

/** What a Python function sees of SQL NULL arguments. */
public enum NullHandling {
    /** The function is called for every row; a NULL argument arrives as {@code None}. */
    CALLED_ON_NULL_INPUT,
    /** A row with any NULL argument is not passed to the function; its result is NULL. */
    RETURNS_NULL_ON_NULL_INPUT
}
