package dev.quiver.sqltest.runner;

/**
 * The family of a result column's SQL type: all the comparison needs to know. Each engine adapter
 * maps its own types (Arrow types for Quiver, DuckDB type names for DuckDB) onto it.
 */
public enum ColumnKind {
    BOOLEAN,
    /** TINYINT … BIGINT, HUGEINT, unsigned integers. */
    INTEGER,
    DECIMAL,
    /** DOUBLE (and FLOAT8): compared with a tolerance. */
    DOUBLE,
    /** REAL (FLOAT4): compared with a wider tolerance than DOUBLE. */
    REAL,
    TEXT,
    DATE,
    TIME,
    TIMESTAMP,
    /** Anything else (intervals, blobs, nested types, the type of a bare NULL): compared as text. */
    OTHER;

    /** Whether values of this kind compare as numbers when their texts differ ({@code 1.5} = {@code 1.50}). */
    public boolean isNumeric() {
        return this == INTEGER || this == DECIMAL || isFloating();
    }

    /** DOUBLE or REAL. */
    public boolean isFloating() {
        return this == DOUBLE || this == REAL;
    }
}
