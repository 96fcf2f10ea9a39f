package dev.quiver.sqltest.runner;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.source.DuckDbWriter;
import dev.quiver.engine.source.TpcdsGenerator;
import dev.quiver.engine.source.TpchGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB as a {@link SqlEngine}, through an in-memory DuckDB JDBC connection: the oracle, or the
 * engine under test when the suite validates its files on DuckDB alone.
 *
 * <p>Statements that a {@link StatementHook} matches run through the hook instead of DuckDB's SQL.
 * Each statement gets its own JDBC {@link Statement} (a failed one is closed by the driver).
 * Extension auto-install is off, so a missing extension fails at once instead of after a download
 * time-out.
 */
public final class DuckDbEngine implements SqlEngine {
    public static final String NAME = "duckdb";

    private final Connection connection;
    private final List<StatementHook> hooks;

    private DuckDbEngine(Connection connection, List<StatementHook> hooks) {
        this.connection = connection;
        this.hooks = List.copyOf(hooks);
    }

    /** Opens a new in-memory DuckDB database with {@link #defaultHooks()}. */
    public static DuckDbEngine open() {
        return open(defaultHooks());
    }

    /** Opens a new in-memory DuckDB database that runs {@code hooks} in place of the statements they match. */
    public static DuckDbEngine open(List<StatementHook> hooks) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET autoinstall_known_extensions = false");
                // DuckDB's JDBC driver starts in the JVM's zone; Quiver's sessions start in UTC
                statement.execute("SET TimeZone = 'UTC'");
            }
            return new DuckDbEngine(connection, hooks);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open an in-memory DuckDB database: " + e.getMessage(), e);
        }
    }

    /**
     * The hooks every DuckDB engine of the suite uses: {@code CALL tpch} and {@code CALL tpcds} load
     * the rows of Quiver's own generators, so both engines answer over identical data.
     */
    public static List<StatementHook> defaultHooks() {
        return List.of(
                TpchHook.loadingWith(DuckDbEngine::loadTpch),
                TpchHook.loadingWith(
                        "tpcds", (scaleFactor, duckdb) -> load(TpcdsGenerator::generate, scaleFactor, duckdb)));
    }

    private static void loadTpch(double scaleFactor, Connection duckdb) throws SQLException {
        load(TpchGenerator::generate, scaleFactor, duckdb);
    }

    private static void load(
            BiFunction<Double, BufferAllocator, List<MemoryTable>> generator, double scaleFactor, Connection duckdb)
            throws SQLException {
        try (BufferAllocator allocator = new RootAllocator()) {
            List<MemoryTable> tables = generator.apply(scaleFactor, allocator);
            try {
                DuckDbWriter.createTables(duckdb.unwrap(DuckDBConnection.class), tables, allocator);
            } finally {
                tables.forEach(MemoryTable::close);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineResult execute(String sql) {
        try {
            for (StatementHook hook : hooks) {
                if (hook.matches(sql)) {
                    return hook.apply(sql, connection);
                }
            }
            try (Statement statement = connection.createStatement()) {
                if (!statement.execute(sql)) {
                    return new EngineResult.Done(statement.getUpdateCount());
                }
                try (ResultSet resultSet = statement.getResultSet()) {
                    return rows(resultSet);
                }
            }
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            return new EngineResult.Failed(message, message.contains("INTERNAL Error"));
        }
    }

    private static EngineResult.Rows rows(ResultSet resultSet) throws SQLException {
        ResultSetMetaData metaData = resultSet.getMetaData();
        List<EngineResult.Column> columns = new ArrayList<>();
        for (int columnIndex = 1; columnIndex <= metaData.getColumnCount(); columnIndex++) {
            columns.add(new EngineResult.Column(
                    metaData.getColumnLabel(columnIndex), kindOf(metaData.getColumnTypeName(columnIndex))));
        }
        List<List<String>> rows = new ArrayList<>();
        while (resultSet.next()) {
            List<String> row = new ArrayList<>(columns.size());
            for (int columnIndex = 1; columnIndex <= columns.size(); columnIndex++) {
                String typeName = metaData.getColumnTypeName(columnIndex);
                row.add(ValueFormatter.format(value(resultSet, columnIndex, typeName)));
            }
            rows.add(row);
        }
        return new EngineResult.Rows(columns, rows);
    }

    /** The Java value ValueFormatter expects for a DuckDB column (java.time types, byte[] for blobs). */
    private static Object value(ResultSet resultSet, int columnIndex, String typeName) throws SQLException {
        Object value = resultSet.getObject(columnIndex);
        if (value == null) {
            return null;
        }
        return switch (kindOf(typeName)) {
            case TIMESTAMP -> resultSet.getObject(columnIndex, LocalDateTime.class);
            case TIME -> resultSet.getObject(columnIndex, LocalTime.class);
            // LIST, ARRAY, STRUCT, MAP: DuckDB's JDBC getString is its CAST to VARCHAR, the text Quiver shows
            default ->
                value instanceof java.sql.Array || value instanceof java.sql.Struct || value instanceof java.util.Map
                        ? resultSet.getString(columnIndex)
                        : typeName.equals("BLOB") ? resultSet.getBytes(columnIndex) : value;
        };
    }

    /** The column kind of a DuckDB type name as JDBC reports it, e.g. {@code DECIMAL(18,3)}. */
    static ColumnKind kindOf(String typeName) {
        String name = typeName.toUpperCase(Locale.ROOT);
        if (name.startsWith("DECIMAL")) {
            return ColumnKind.DECIMAL;
        }
        return switch (name) {
            case "BOOLEAN" -> ColumnKind.BOOLEAN;
            case "TINYINT",
                    "SMALLINT",
                    "INTEGER",
                    "BIGINT",
                    "HUGEINT",
                    "UTINYINT",
                    "USMALLINT",
                    "UINTEGER",
                    "UBIGINT",
                    "UHUGEINT" -> ColumnKind.INTEGER;
            case "DOUBLE" -> ColumnKind.DOUBLE;
            case "FLOAT" -> ColumnKind.REAL;
            case "VARCHAR" -> ColumnKind.TEXT;
            case "DATE" -> ColumnKind.DATE;
            case "TIME" -> ColumnKind.TIME;
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> ColumnKind.TIMESTAMP;
            default -> ColumnKind.OTHER;
        };
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing DuckDB failed: " + e.getMessage(), e);
        }
    }
}
