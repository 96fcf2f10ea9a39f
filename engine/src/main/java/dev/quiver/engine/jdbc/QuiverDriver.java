package dev.quiver.engine.jdbc;

import dev.quiver.engine.PythonSettings;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:quiver:} URLs, registered with DriverManager (also through
 * META-INF/services).
 *
 * <ul>
 *   <li>{@code jdbc:quiver:} (or {@code jdbc:quiver::memory:}): a new in-memory database, private to
 *       the connection and gone when it closes;
 *   <li>{@code jdbc:quiver:PATH}: the database stored in the DuckDB file PATH (created when missing).
 *       The connections of one process to one PATH share one open database; another process
 *       cannot open it meanwhile (SQLSTATE 55006).
 * </ul>
 * Settings, as connection properties or after the URL ({@code jdbc:quiver:db.duckdb?threads=4&interpreters=2}):
 * {@code threads} (worker threads per query), {@code interpreters} (Python sub-interpreters) and
 * {@code python_memory_limit} (a size such as {@code 8GB}: running Python calls fail when the process's
 * resident memory passes it; 0 for no cap) and {@code python_query_memory_limit} (a size: a query whose
 * Python functions hold more fails; 0 for no cap) and {@code python_path} (directories put first on the
 * functions' sys.path, separated by ':'); they apply when the connection opens the database.
 */
public final class QuiverDriver implements Driver {
    public static final String PREFIX = "jdbc:quiver:";
    private static final String THREADS = "threads";
    private static final String INTERPRETERS = "interpreters";
    private static final String PYTHON_MEMORY_LIMIT = "python_memory_limit";
    private static final String PYTHON_QUERY_MEMORY_LIMIT = "python_query_memory_limit";
    private static final String PYTHON_PATH = "python_path";

    static {
        try {
            DriverManager.registerDriver(new QuiverDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /** Opens a connection, or returns null for a URL of another driver (as DriverManager expects). */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String rest = url.substring(PREFIX.length());
        Properties settings = new Properties();
        if (info != null) {
            settings.putAll(info);
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new SQLException("malformed setting '" + pair + "' in " + url + " (use name=value)", "08001");
                }
                String name = pair.substring(0, equals);
                if (!name.equals(THREADS)
                        && !name.equals(INTERPRETERS)
                        && !name.equals(PYTHON_MEMORY_LIMIT)
                        && !name.equals(PYTHON_QUERY_MEMORY_LIMIT)
                        && !name.equals(PYTHON_PATH)) {
                    throw new SQLException(
                            "unknown setting '" + name + "' in " + url + " (Quiver knows " + THREADS + ", "
                                    + INTERPRETERS + ", " + PYTHON_MEMORY_LIMIT + ", " + PYTHON_QUERY_MEMORY_LIMIT
                                    + " and " + PYTHON_PATH + ")",
                            "08001");
                }
                settings.setProperty(name, pair.substring(equals + 1));
            }
            rest = rest.substring(0, query);
        }
        QuiverConfig config = config(settings);
        try {
            if (rest.isEmpty() || rest.equals(":memory:")) {
                Quiver database = Quiver.open(config);
                return new QuiverConnection(database, url, database::close);
            }
            Path path = Path.of(rest).toAbsolutePath().normalize();
            Quiver database = SharedDatabases.acquire(path, config);
            return new QuiverConnection(database, url, () -> SharedDatabases.release(path));
        } catch (QuiverException e) {
            throw SqlErrors.of(e);
        } catch (RuntimeException e) {
            throw new SQLException("Could not open " + url + ": " + e.getMessage(), "08001", e);
        }
    }

    private static QuiverConfig config(Properties settings) throws SQLException {
        QuiverConfig config = QuiverConfig.defaults();
        try {
            if (settings.getProperty(THREADS) != null) {
                config = config.withThreads(
                        Integer.parseInt(settings.getProperty(THREADS).strip()));
            }
            if (settings.getProperty(INTERPRETERS) != null) {
                config = config.withInterpreters(
                        Integer.parseInt(settings.getProperty(INTERPRETERS).strip()));
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new SQLException(
                    "bad connection setting: " + e.getMessage() + " (threads and interpreters take a"
                            + " positive whole number)",
                    "08001",
                    e);
        }
        if (settings.getProperty(PYTHON_MEMORY_LIMIT) != null) {
            config = config.withPythonMemoryLimit(size(settings, PYTHON_MEMORY_LIMIT));
        }
        if (settings.getProperty(PYTHON_QUERY_MEMORY_LIMIT) != null) {
            config = config.withPythonQueryMemoryLimit(size(settings, PYTHON_QUERY_MEMORY_LIMIT));
        }
        if (settings.getProperty(PYTHON_PATH) != null) {
            try {
                config = config.withPythonPath(PythonSettings.parsePath(settings.getProperty(PYTHON_PATH)));
            } catch (IllegalArgumentException e) {
                throw new SQLException("bad connection setting " + PYTHON_PATH + ": " + e.getMessage(), "08001", e);
            }
        }
        return config;
    }

    private static long size(Properties settings, String name) throws SQLException {
        try {
            return QuiverConfig.parseByteSize(settings.getProperty(name));
        } catch (IllegalArgumentException e) {
            throw new SQLException("bad connection setting " + name + ": " + e.getMessage(), "08001", e);
        }
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo threads = new DriverPropertyInfo(THREADS, info == null ? null : info.getProperty(THREADS));
        threads.description = "Worker threads per query (default: available processors)";
        DriverPropertyInfo interpreters =
                new DriverPropertyInfo(INTERPRETERS, info == null ? null : info.getProperty(INTERPRETERS));
        interpreters.description = "Python sub-interpreters that run UDFs (default: available processors)";
        DriverPropertyInfo pythonMemory = new DriverPropertyInfo(
                PYTHON_MEMORY_LIMIT, info == null ? null : info.getProperty(PYTHON_MEMORY_LIMIT));
        pythonMemory.description = "Resident memory (e.g. 8GB) above which running Python calls fail; 0 for no cap"
                + " (default: 80% of the machine's or container's memory)";
        DriverPropertyInfo pythonQueryMemory = new DriverPropertyInfo(
                PYTHON_QUERY_MEMORY_LIMIT, info == null ? null : info.getProperty(PYTHON_QUERY_MEMORY_LIMIT));
        pythonQueryMemory.description = "Python memory (e.g. 2GB) one query's functions may hold; 0 for no cap"
                + " (default: 50% of the machine's or container's memory)";
        DriverPropertyInfo pythonPath =
                new DriverPropertyInfo(PYTHON_PATH, info == null ? null : info.getProperty(PYTHON_PATH));
        pythonPath.description = "Directories put first on the Python functions' sys.path, separated by ':'";
        return new DriverPropertyInfo[] {threads, interpreters, pythonMemory, pythonQueryMemory, pythonPath};
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    /** Not a JDBC-compliant driver: no transactions, no SQL-92 entry level in full. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw SqlErrors.unsupported("java.util.logging");
    }
}
