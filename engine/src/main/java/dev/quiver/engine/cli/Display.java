package dev.quiver.engine.cli;

/**
 * How a result is shown: the box display's row and width limits, and the text of NULL.
 *
 * @param maxRows the box display shows at most this many rows (its first and last ones); 0: all
 * @param maxWidth the box display's width in columns; cells are cut with "…" to fit
 * @param nullValue how NULL reads in the table, box, markdown and line displays
 */
record Display(int maxRows, int maxWidth, String nullValue) {
    /** DuckDB's shell shows 40 rows. */
    static final int DEFAULT_MAX_ROWS = 40;

    /** The width used when the terminal does not say (a pipe, a dumb terminal). */
    static final int DEFAULT_WIDTH = 120;

    static final Display DEFAULT = new Display(DEFAULT_MAX_ROWS, DEFAULT_WIDTH, "NULL");

    Display withMaxRows(int rows) {
        return new Display(rows, maxWidth, nullValue);
    }

    Display withMaxWidth(int width) {
        return new Display(maxRows, width, nullValue);
    }

    Display withNullValue(String text) {
        return new Display(maxRows, maxWidth, text);
    }
}
