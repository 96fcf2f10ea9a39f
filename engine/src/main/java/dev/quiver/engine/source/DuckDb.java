package dev.quiver.engine.source;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/** Opens DuckDB connections configured the way Quiver uses them, and quotes SQL for them. */
public final class DuckDb {
    /**
     * The JVM system property that makes database files readable by an older DuckDB: its value
     * (such as {@code v1.5.0}) becomes DuckDB's {@code storage_compatibility_version}. Without it the
     * bundled DuckDB 2.0 writes storage version 69, which DuckDB 1.5 and older refuse to open.
     */
    public static final String STORAGE_COMPATIBILITY_PROPERTY = "quiver.duckdb.storage_compatibility_version";

    private DuckDb() {}

    /**
     * A connection to a new in-memory DuckDB database. Extensions that are not built in fail at once
     * ({@code autoinstall_known_extensions=false}: offline, a download would only time out), results
     * stream instead of being materialised, and Arrow exports use plain Utf8 and Binary buffers.
     */
    public static DuckDBConnection openInMemory() {
        return openInMemory(new Properties());
    }

    /** As {@link #openInMemory()}, with extra DuckDB settings (tests use it to change Arrow output). */
    static DuckDBConnection openInMemory(Properties extraSettings) {
        Properties settings = settings();
        settings.putAll(extraSettings);
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", settings);
        } catch (SQLException e) {
            throw new QuiverException(ErrorCode.IO_ERROR, "Could not start DuckDB: " + e.getMessage(), e);
        }
    }

    /**
     * A connection to the DuckDB database file at {@code path} (created when missing), set up as
     * {@link #openInMemory()}. DuckDB locks the file against other processes; the caller translates
     * the SQLException, which says so.
     */
    static DuckDBConnection openFile(Path path) throws SQLException {
        Properties settings = settings();
        String compatibility = System.getProperty(STORAGE_COMPATIBILITY_PROPERTY);
        if (compatibility != null && !compatibility.isBlank()) {
            // DuckDB's own setting: files it writes stay readable by that DuckDB version and later
            settings.setProperty("storage_compatibility_version", compatibility.strip());
        }
        return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path, settings);
    }

    private static Properties settings() {
        Properties settings = new Properties();
        settings.setProperty("autoinstall_known_extensions", "false");
        settings.setProperty("jdbc_stream_results", "true");
        settings.setProperty("arrow_large_buffer_size", "false");
        settings.setProperty("produce_arrow_string_view", "false");
        return settings;
    }

    /**
     * Runs one statement that returns no rows, on a Statement of its own: a failed execute closes its
     * Statement in DuckDB JDBC (the connection survives), so statements are never reused.
     */
    static void execute(DuckDBConnection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** {@code name} as a double-quoted SQL identifier. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code text} as a single-quoted SQL string literal. */
    static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }
}
