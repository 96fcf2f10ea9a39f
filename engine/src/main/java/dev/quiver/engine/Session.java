package dev.quiver.engine;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;

/**
 * One client's conversation with a database: runs SQL statements one at a time. Not thread-safe.
 */
public final class Session implements AutoCloseable {
    private final Quiver database;

    Session(Quiver database) {
        this.database = database;
    }

    public Quiver database() {
        return database;
    }

    /**
     * Runs one SQL statement.
     *
     * @throws QuiverException with the error code, and the line and column for errors in the text
     */
    public QueryResult execute(String sql) {
        throw new QuiverException(ErrorCode.UNSUPPORTED, "SQL execution is being built");
    }

    @Override
    public void close() {
    }
}
