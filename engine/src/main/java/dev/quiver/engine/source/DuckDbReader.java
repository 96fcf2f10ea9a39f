package dev.quiver.engine.source;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Reads Parquet files, CSV files and tables of DuckDB database files with DuckDB's own readers
 * (through an in-memory DuckDB it owns) and hands the rows over as Quiver batches via DuckDB's Arrow
 * export, with projection and filter pushdown.
 *
 * <p>A scan takes the columns to read (empty: all) and a filter: a SQL predicate in DuckDB's dialect
 * over those columns (null: none), pasted into the query's WHERE clause. The filter is trusted
 * text the engine builds from a plan, never raw user input.
 *
 * <p>Thread-safe: every scan runs on its own connection to the shared DuckDB instance. Database files
 * are attached read-only on first use and stay attached until {@link #close}.
 */
public final class DuckDbReader implements AutoCloseable {
    /** Rows per batch unless the caller says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 65_536;

    private final DuckDBConnection connection;
    private final Map<Path, String> attachedDatabases = new HashMap<>(); // guarded by this

    /** Starts a private in-memory DuckDB. */
    public DuckDbReader() {
        this(new Properties());
    }

    /** As {@link #DuckDbReader()}, with extra DuckDB settings (tests use it to change Arrow output). */
    DuckDbReader(Properties duckDbSettings) {
        this.connection = DuckDb.openInMemory(duckDbSettings);
    }

    /** The schema a scan of all of {@code source}'s columns would have, read without reading rows. */
    public Schema schema(DuckDbSource source, BufferAllocator allocator) {
        try (DuckDbScan scan = open(source, List.of(), null, " LIMIT 0", 1, allocator)) {
            return scan.schema();
        }
    }

    /** Opens a scan of {@code columns} (empty: all) of {@code source}, keeping rows that match {@code filter} (null: all). */
    public DuckDbScan scan(
            DuckDbSource source, List<String> columns, String filter, int batchSize, BufferAllocator allocator) {
        if (batchSize < 1) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "batch size must be positive, got " + batchSize);
        }
        return open(source, columns, filter, "", batchSize, allocator);
    }

    /** Reads the whole scan into a table named {@code tableName}, owned by the caller. */
    public MemoryTable read(
            String tableName, DuckDbSource source, List<String> columns, String filter, BufferAllocator allocator) {
        List<Batch> batches = new ArrayList<>();
        Schema schema;
        try (DuckDbScan scan = scan(source, columns, filter, DEFAULT_BATCH_SIZE, allocator)) {
            schema = scan.schema();
            for (Batch batch = scan.next(); batch != null; batch = scan.next()) {
                batches.add(batch);
            }
        } catch (RuntimeException e) {
            batches.forEach(Batch::close);
            throw e;
        }
        return new MemoryTable(tableName, schema, batches);
    }

    private DuckDbScan open(
            DuckDbSource source,
            List<String> columns,
            String filter,
            String suffix,
            int batchSize,
            BufferAllocator allocator) {
        String projection = columns.isEmpty()
                ? "*"
                : columns.stream().map(DuckDb::identifier).collect(Collectors.joining(", "));
        String where = filter == null || filter.isBlank() ? "" : " WHERE (" + filter + ")";
        String sql = "SELECT " + projection + " FROM " + from(source) + where + suffix;
        DuckDBConnection scanConnection;
        try {
            scanConnection = connection.duplicate();
        } catch (SQLException e) {
            throw DuckDbScan.failure(source, e);
        }
        return new DuckDbScan(scanConnection, sql, source, batchSize, allocator);
    }

    private String from(DuckDbSource source) {
        return switch (source) {
            case DuckDbSource.ParquetFile parquet -> "read_parquet(" + DuckDb.literal(parquet.path()) + ")";
            case DuckDbSource.CsvFile csv -> "read_csv(" + DuckDb.literal(csv.path()) + ")";
            case DuckDbSource.CopiedFile copied ->
                throw QuiverException.internal(
                        "a file COPY reads is scanned through DuckDbCopy: " + copied.path(), null);
            case DuckDbSource.DatabaseTable table ->
                DuckDb.identifier(attach(table)) + "." + DuckDb.identifier(table.schema()) + "."
                        + DuckDb.identifier(table.table());
        };
    }

    /** A new connection to this reader's DuckDB instance, owned by the caller. */
    DuckDBConnection newConnection() {
        try {
            return connection.duplicate();
        } catch (SQLException e) {
            throw new QuiverException(ErrorCode.IO_ERROR, "Could not connect to DuckDB: " + e.getMessage(), e);
        }
    }

    /** The alias of the table's database file, attaching it read-only the first time. */
    private String attach(DuckDbSource.DatabaseTable table) {
        return attach(Path.of(table.databasePath()), "Could not read " + table.describe());
    }

    /**
     * Attaches the DuckDB database file at {@code databaseFile} read-only (DuckDB never writes to it),
     * unless it already is; fails with IO_ERROR when there is no such file or it is not a DuckDB database.
     */
    public void attach(Path databaseFile) {
        attach(databaseFile, "Could not attach '" + databaseFile + "'");
    }

    private synchronized String attach(Path databaseFile, String failurePrefix) {
        Path path = databaseFile.toAbsolutePath().normalize();
        String alias = attachedDatabases.get(path);
        if (alias != null) {
            return alias;
        }
        if (!Files.isRegularFile(path)) {
            throw new QuiverException(ErrorCode.IO_ERROR, failurePrefix + ": the database file does not exist");
        }
        alias = "quiver_database_" + (attachedDatabases.size() + 1);
        try {
            DuckDb.execute(
                    connection,
                    "ATTACH " + DuckDb.literal(path.toString()) + " AS " + DuckDb.identifier(alias) + " (READ_ONLY)");
        } catch (SQLException e) {
            throw new QuiverException(
                    ErrorCode.IO_ERROR,
                    failurePrefix + ": DuckDB cannot open the database file: " + DuckDbScan.userMessage(e.getMessage()),
                    e);
        }
        attachedDatabases.put(path, alias);
        return alias;
    }

    /**
     * The base tables of the database file at {@code databaseFile} (attaching it read-only if needed),
     * ordered by schema and name, with DuckDB's estimate of their row counts.
     */
    public List<DatabaseTableInfo> tables(Path databaseFile) {
        String alias = attach(databaseFile, "Could not attach '" + databaseFile + "'");
        String sql = "SELECT schema_name, table_name, estimated_size FROM duckdb_tables() WHERE database_name = "
                + DuckDb.literal(alias) + " ORDER BY schema_name, table_name";
        List<DatabaseTableInfo> tables = new ArrayList<>();
        try (DuckDBConnection listing = connection.duplicate();
                Statement statement = listing.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                tables.add(new DatabaseTableInfo(result.getString(1), result.getString(2), result.getLong(3)));
            }
        } catch (SQLException e) {
            throw new QuiverException(
                    ErrorCode.IO_ERROR,
                    "Could not list the tables of DuckDB database '" + databaseFile + "': "
                            + DuckDbScan.userMessage(e.getMessage()),
                    e);
        }
        return tables;
    }

    /** A table of a DuckDB database file: its schema, its name and DuckDB's estimate of its row count. */
    public record DatabaseTableInfo(String schema, String name, long estimatedRows) {}

    /** Closes the DuckDB instance (once every open scan is closed too) and so detaches every database. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new QuiverException(ErrorCode.IO_ERROR, "Could not close DuckDB: " + e.getMessage(), e);
        }
    }
}
