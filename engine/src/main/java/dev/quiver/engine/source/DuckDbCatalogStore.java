package dev.quiver.engine.source;

import dev.quiver.engine.catalog.CatalogStore;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.TableChange;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.NestedFields;
import dev.quiver.engine.exec.vector.Vectors;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * The durable store of a database opened at a PATH: a DuckDB database file, written through on
 * every change. DuckDB's write-ahead log makes each committed transaction survive a crash, and its
 * file lock keeps other processes out; users can open the file with DuckDB's own tools.
 *
 * <p>Tables are DuckDB tables of the {@code main} schema with the same names, column types and NOT
 * NULL constraints; rows go in through the Arrow C stream interface (DuckDB scans the batches in
 * place). PRIMARY KEY, UNIQUE and CHECK constraints, which Quiver enforces, are kept as the table's
 * comment ({@code quiver constraints: …}). Function definitions are rows of {@code quiver_functions(name VARCHAR PRIMARY KEY,
 * definition VARCHAR, kind VARCHAR)} in the same file, a name Quiver reserves. {@code kind} (scalar,
 * vectorized, aggregate) was added later: files without it get the column on open, and their rows,
 * NULL there, are scalar or vectorized functions — the statement in {@code definition} says which,
 * and it is what is replayed. Views are rows of {@code quiver_views(name VARCHAR PRIMARY KEY,
 * definition VARCHAR)}: their CREATE VIEW statements, replayed when the database opens.
 *
 * <p>Thread-safe: all methods are synchronized on the store and run on its one DuckDB connection;
 * each change is one DuckDB transaction, committed before the method returns.
 */
public final class DuckDbCatalogStore implements CatalogStore {
    /** The table that holds function definitions; not a Quiver table. */
    public static final String FUNCTIONS_TABLE = "quiver_functions";

    /** Database-wide settings ({@code SET python_path}): {@code quiver_settings(name, value)}. */
    public static final String SETTINGS_TABLE = "quiver_settings";
    /** The table that holds view definitions; not a Quiver table. */
    public static final String VIEWS_TABLE = "quiver_views";
    /** Sequences: {@code quiver_sequences(name, definition, last_value)}; not a Quiver table. */
    public static final String SEQUENCES_TABLE = "quiver_sequences";

    private static final AtomicLong STREAM_COUNTER = new AtomicLong();
    /** How a table comment holding Quiver's constraints of the table starts. */
    private static final String CONSTRAINTS_COMMENT = "quiver constraints: ";

    private final Path path;
    private final DuckDBConnection connection;
    private final BufferAllocator exportAllocator;

    private DuckDbCatalogStore(Path path, DuckDBConnection connection, BufferAllocator exportAllocator) {
        this.path = path;
        this.connection = connection;
        this.exportAllocator = exportAllocator;
    }

    /**
     * Opens (creating when missing) the database file at {@code path}.
     *
     * @param allocator parent of the small allocator the store uses while it hands rows to DuckDB
     * @throws QuiverException DATABASE_IN_USE when another process has the file open, IO_ERROR when
     *     DuckDB cannot open it
     */
    public static DuckDbCatalogStore open(Path path, BufferAllocator allocator) {
        DuckDBConnection connection;
        try {
            connection = DuckDb.openFile(path);
        } catch (SQLException e) {
            String message = duckDbMessage(e);
            if (message.contains("Could not set lock")) {
                throw new QuiverException(
                        ErrorCode.DATABASE_IN_USE,
                        "Database " + path
                                + " is in use by another process (" + message
                                + "); only one process may open a database"
                                + " at a time: close it there first",
                        e);
            }
            throw new QuiverException(ErrorCode.IO_ERROR, "Could not open database " + path + ": " + message, e);
        }
        BufferAllocator exportAllocator = null;
        try {
            DuckDb.execute(
                    connection,
                    "CREATE TABLE IF NOT EXISTS " + FUNCTIONS_TABLE
                            + " (name VARCHAR PRIMARY KEY, definition VARCHAR NOT NULL, kind VARCHAR)");
            DuckDb.execute(
                    connection,
                    "CREATE TABLE IF NOT EXISTS " + VIEWS_TABLE
                            + " (name VARCHAR PRIMARY KEY, definition VARCHAR NOT NULL)");
            DuckDb.execute(
                    connection,
                    "CREATE TABLE IF NOT EXISTS " + SEQUENCES_TABLE
                            + " (name VARCHAR PRIMARY KEY, definition VARCHAR NOT NULL, last_value BIGINT)");
            DuckDb.execute(
                    connection,
                    "CREATE TABLE IF NOT EXISTS " + SETTINGS_TABLE
                            + " (name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)");
            // Files written before function kinds existed lack the column.
            DuckDb.execute(connection, "ALTER TABLE " + FUNCTIONS_TABLE + " ADD COLUMN IF NOT EXISTS kind VARCHAR");
            exportAllocator = allocator.newChildAllocator("store " + path, 0, Long.MAX_VALUE);
            return new DuckDbCatalogStore(path, connection, exportAllocator);
        } catch (SQLException | RuntimeException e) {
            if (exportAllocator != null) {
                exportAllocator.close();
            }
            closeQuietly(connection, e);
            throw new QuiverException(
                    ErrorCode.IO_ERROR, "Could not open database " + path + ": " + duckDbMessage(e), e);
        }
    }

    /** The database file. */
    public Path path() {
        return path;
    }

    @Override
    public synchronized List<MemoryTable> loadTables(BufferAllocator allocator, int batchRows) {
        List<MemoryTable> tables = new ArrayList<>();
        try {
            for (String name : tableNames()) {
                tables.add(loadTable(name, allocator, batchRows));
            }
            return tables;
        } catch (SQLException | RuntimeException e) {
            tables.forEach(MemoryTable::close);
            if (e instanceof QuiverException quiver) {
                throw quiver;
            }
            throw new QuiverException(
                    ErrorCode.IO_ERROR, "Could not read the tables of database " + path + ": " + duckDbMessage(e), e);
        }
    }

    /** The stored tables' internal names ({@link QualifiedName#internal()}): main's, then other schemas'. */
    private List<String> tableNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT schema_name, table_name FROM duckdb_tables() WHERE"
                        + " database_name = current_database() AND NOT temporary AND NOT internal"
                        + " ORDER BY schema_name <> 'main', schema_name, table_name")) {
            while (rows.next()) {
                String schema = rows.getString(1);
                String table = rows.getString(2);
                boolean reserved = table.equalsIgnoreCase(FUNCTIONS_TABLE)
                        || table.equalsIgnoreCase(VIEWS_TABLE)
                        || table.equalsIgnoreCase(SETTINGS_TABLE)
                        || table.equalsIgnoreCase(SEQUENCES_TABLE);
                if (!(reserved && schema.equals(QualifiedName.MAIN))) {
                    names.add(new QualifiedName(schema, table).internal());
                }
            }
        }
        return names;
    }

    /**
     * Reads one table through DuckDB's Arrow export, then copies it into {@code allocator}: stored
     * tables hold only memory the database owns, never DuckDB's result buffers, so they may outlive
     * the file's connection. NOT NULL comes from DuckDB's catalog (its Arrow export does not say).
     */
    private MemoryTable loadTable(String name, BufferAllocator allocator, int batchRows) throws SQLException {
        QualifiedName qualified = QualifiedName.of(name);
        List<Boolean> nullable = columnNullability(qualified);
        DuckDbSource source = new DuckDbSource.DatabaseTable(path.toString(), qualified.schema(), qualified.name());
        List<Batch> batches = new ArrayList<>();
        try (BufferAllocator scanAllocator = allocator.newChildAllocator("load " + name, 0, Long.MAX_VALUE)) {
            Schema schema;
            try (DuckDbScan scan = new DuckDbScan(
                    connection.duplicate(), "SELECT * FROM " + stored(name), source, batchRows, scanAllocator)) {
                List<Field> fields = new ArrayList<>();
                for (int index = 0; index < scan.schema().getFields().size(); index++) {
                    Field field = scan.schema().getFields().get(index);
                    fields.add(new Field(
                            field.getName(),
                            new FieldType(nullable.get(index), field.getType(), null),
                            field.getChildren()));
                }
                schema = new Schema(fields);
                for (Batch next = scan.next(); next != null; next = scan.next()) {
                    try (Batch exported = next) {
                        batches.add(copy(exported, fields, allocator));
                    }
                }
            }
            return new MemoryTable(name, storedConstraints(qualified).applyTo(schema), batches);
        } catch (RuntimeException e) {
            batches.forEach(Batch::close);
            throw e;
        }
    }

    /** A copy of {@code batch} in {@code allocator}, its columns converted to {@code fields}' types. */
    static Batch copy(Batch batch, List<Field> fields, BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(fields.size());
        try {
            for (int index = 0; index < fields.size(); index++) {
                columns.add(Vectors.copy(batch.column(index), fields.get(index), allocator));
            }
            return new Batch(columns, batch.rowCount());
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
    }

    /** The constraints kept in the table's comment (see createTable), or none. */
    private TableConstraints storedConstraints(QualifiedName table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT comment FROM duckdb_tables() "
                + "WHERE database_name = current_database() AND schema_name = ? AND table_name = ?")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            try (ResultSet rows = statement.executeQuery()) {
                String comment = rows.next() ? rows.getString(1) : null;
                return comment != null && comment.startsWith(CONSTRAINTS_COMMENT)
                        ? TableConstraints.fromText(comment.substring(CONSTRAINTS_COMMENT.length()))
                        : TableConstraints.NONE;
            }
        }
    }

    private List<Boolean> columnNullability(QualifiedName table) throws SQLException {
        List<Boolean> nullable = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT is_nullable FROM duckdb_columns() "
                + "WHERE database_name = current_database() AND schema_name = ? AND table_name = ? "
                + "ORDER BY column_index")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    nullable.add(rows.getBoolean(1));
                }
            }
        }
        return nullable;
    }

    @Override
    public synchronized void createTable(MemoryTable table, boolean replace) {
        if (QualifiedName.isTemporary(table.name())) {
            return; // a connection's TEMP table lives in memory only
        }
        checkNotReserved(table.name());
        inTransaction("store table " + table.name(), () -> writeTable(table, replace));
    }

    /** Creates the stored table of {@code table} with its rows (dropping one of that name first when asked). */
    private void writeTable(MemoryTable table, boolean replace) throws SQLException {
        StringBuilder columns = new StringBuilder();
        for (Field field : table.schema().getFields()) {
            columns.append(columns.isEmpty() ? "" : ", ")
                    .append(DuckDb.identifier(field.getName()))
                    .append(' ')
                    .append(duckDbType(field, table.name()))
                    .append(field.isNullable() ? "" : " NOT NULL");
        }
        if (replace) {
            DuckDb.execute(connection, "DROP TABLE IF EXISTS " + stored(table.name()));
        }
        DuckDb.execute(connection, "CREATE TABLE " + stored(table.name()) + " (" + columns + ")");
        TableConstraints constraints = TableConstraints.of(table.schema());
        if (!constraints.isEmpty()) {
            // Quiver enforces them; DuckDB's own keys would refuse the delete-and-reinsert of UPDATE
            DuckDb.execute(
                    connection,
                    "COMMENT ON TABLE " + stored(table.name()) + " IS '"
                            + (CONSTRAINTS_COMMENT + constraints.toText()).replace("'", "''") + "'");
        }
        append(table.name(), table.schema(), table.batches());
    }

    @Override
    public synchronized void renameTable(String oldName, String newName) {
        if (QualifiedName.isTemporary(oldName)) {
            return;
        }
        checkNotReserved(newName);
        inTransaction(
                "rename table " + oldName + " to " + newName,
                () -> DuckDb.execute(
                        connection,
                        "ALTER TABLE " + stored(oldName) + " RENAME TO "
                                + DuckDb.identifier(QualifiedName.of(newName).name())));
    }

    @Override
    public synchronized void commit(List<TableChange> allChanges) {
        List<TableChange> changes = allChanges.stream()
                .filter(change -> !QualifiedName.isTemporary(change.table().name()))
                .toList(); // TEMP tables live in memory only
        if (changes.isEmpty()) {
            return;
        }
        String what = changes.size() == 1
                ? "change table " + changes.getFirst().table().name()
                : "commit changes to " + changes.size() + " tables";
        inTransaction(what, () -> {
            for (TableChange change : changes) {
                MemoryTable table = change.table();
                if (change.drops()) {
                    DuckDb.execute(connection, "DROP TABLE IF EXISTS " + stored(table.name()));
                } else if (change.replacesSchema()) {
                    // ALTER TABLE: the simple way to get every column and constraint right is a new table
                    writeTable(table, true);
                } else if (change.replacesRows()) {
                    // The simple way to keep the file equal to memory: rewrite the table's rows.
                    DuckDb.execute(connection, "DELETE FROM " + stored(table.name()));
                    append(table.name(), table.schema(), table.batches());
                } else {
                    append(table.name(), table.schema(), change.appended());
                }
            }
        });
    }

    /**
     * Appends batches to a stored table through an Arrow stream DuckDB scans in place. The view
     * registerArrowStream creates is dropped before the stream struct is freed: DuckDB keeps a pointer.
     */
    private void append(String table, Schema schema, List<Batch> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String view = "quiver_store_stream_" + STREAM_COUNTER.incrementAndGet();
        try (BufferAllocator allocator = exportAllocator.newChildAllocator("export " + table, 0, Long.MAX_VALUE);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            try {
                Data.exportArrayStream(allocator, new BatchListReader(allocator, schema, rows), stream);
                connection.registerArrowStream(view, stream);
                // No finally for the view: after a failure the transaction is aborted (a DROP would fail
                // and hide the real error); the rollback removes the view with everything else.
                DuckDb.execute(
                        connection,
                        "INSERT INTO " + stored(table) + " SELECT " + selectList(schema) + " FROM "
                                + DuckDb.identifier(view));
                DuckDb.execute(connection, "DROP VIEW " + DuckDb.identifier(view));
            } finally {
                stream.release(); // a no-op when DuckDB took the stream over; else it closes the reader
            }
        }
    }

    @Override
    public synchronized void dropTable(String name) {
        if (QualifiedName.isTemporary(name)) {
            return;
        }
        checkNotReserved(name);
        inTransaction("drop table " + name, () -> DuckDb.execute(connection, "DROP TABLE IF EXISTS " + stored(name)));
    }

    /** The DuckDB name of the stored table of internal name {@code name}: {@code "schema"."table"}. */
    private static String stored(String name) {
        QualifiedName qualified = QualifiedName.of(name);
        return DuckDb.identifier(qualified.schema()) + "." + DuckDb.identifier(qualified.name());
    }

    @Override
    public synchronized void createSchema(String name) {
        inTransaction(
                "create schema " + name,
                () -> DuckDb.execute(connection, "CREATE SCHEMA IF NOT EXISTS " + DuckDb.identifier(name)));
    }

    @Override
    public synchronized void dropSchema(String name) {
        inTransaction(
                "drop schema " + name,
                () -> DuckDb.execute(connection, "DROP SCHEMA IF EXISTS " + DuckDb.identifier(name) + " CASCADE"));
    }

    @Override
    public synchronized List<String> schemas() {
        List<String> schemas = new ArrayList<>();
        readRows(
                "SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database() AND NOT internal"
                        + " AND schema_name <> 'main' ORDER BY schema_name",
                "read the schemas",
                rows -> schemas.add(rows.getString(1)));
        return schemas;
    }

    @Override
    public synchronized void saveSequence(String name, String createSequenceSql, Long lastValue) {
        if (QualifiedName.isTemporary(name)) {
            return;
        }
        inTransaction("store sequence " + name, () -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT OR REPLACE INTO " + SEQUENCES_TABLE + " (name, definition, last_value) VALUES (?, ?, ?)")) {
                statement.setString(1, name);
                statement.setString(2, createSequenceSql);
                statement.setObject(3, lastValue);
                statement.executeUpdate();
            }
        });
    }

    @Override
    public synchronized void saveSequenceValue(String name, long lastValue) {
        if (QualifiedName.isTemporary(name)) {
            return;
        }
        inTransaction("store the value of sequence " + name, () -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("UPDATE " + SEQUENCES_TABLE + " SET last_value = ? WHERE name = ?")) {
                statement.setLong(1, lastValue);
                statement.setString(2, name);
                statement.executeUpdate();
            }
        });
    }

    @Override
    public synchronized void dropSequence(String name) {
        if (QualifiedName.isTemporary(name)) {
            return;
        }
        inTransaction("drop sequence " + name, () -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("DELETE FROM " + SEQUENCES_TABLE + " WHERE lower(name) = lower(?)")) {
                statement.setString(1, name);
                statement.executeUpdate();
            }
        });
    }

    @Override
    public synchronized List<StoredSequence> sequences() {
        List<StoredSequence> sequences = new ArrayList<>();
        readRows(
                "SELECT name, definition, last_value FROM " + SEQUENCES_TABLE + " ORDER BY name",
                "read the sequences",
                rows -> {
                    Object last = rows.getObject(3); // NULL: the sequence handed out no value yet
                    sequences.add(new StoredSequence(
                            rows.getString(1), rows.getString(2), last == null ? null : ((Number) last).longValue()));
                });
        return sequences;
    }

    @Override
    public synchronized void saveFunction(String name, String kind, String createStatementSql) {
        inTransaction("store function " + name, () -> {
            deleteFunction(name); // also a definition stored under another case of the name
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO " + FUNCTIONS_TABLE + " (name, definition, kind) VALUES (?, ?, ?)")) {
                statement.setString(1, name);
                statement.setString(2, createStatementSql);
                statement.setString(3, kind);
                statement.executeUpdate();
            }
        });
    }

    @Override
    public synchronized void dropFunction(String name) {
        inTransaction("drop function " + name, () -> deleteFunction(name));
    }

    /**
     * Deletes the definition of the function {@code name} in any case: names keep the case they were
     * created with and match ignoring it (files written before stored them in lower case).
     */
    private void deleteFunction(String name) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("DELETE FROM " + FUNCTIONS_TABLE + " WHERE lower(name) = lower(?)")) {
            statement.setString(1, name);
            statement.executeUpdate();
        }
    }

    @Override
    public synchronized void saveSetting(String name, String value) {
        inTransaction("store setting " + name, () -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    value == null
                            ? "DELETE FROM " + SETTINGS_TABLE + " WHERE name = ?"
                            : "INSERT OR REPLACE INTO " + SETTINGS_TABLE + " (name, value) VALUES (?, ?)")) {
                statement.setString(1, name);
                if (value != null) {
                    statement.setString(2, value);
                }
                statement.executeUpdate();
            }
        });
    }

    @Override
    public synchronized SortedMap<String, String> settings() {
        return readPairs("SELECT name, value FROM " + SETTINGS_TABLE, "read the settings");
    }

    @Override
    public synchronized void saveView(String name, String createViewSql) {
        inTransaction("store view " + name, () -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT OR REPLACE INTO " + VIEWS_TABLE + " (name, definition) VALUES (?, ?)")) {
                statement.setString(1, name);
                statement.setString(2, createViewSql);
                statement.executeUpdate();
            }
        });
    }

    @Override
    public synchronized void dropView(String name) {
        inTransaction("drop view " + name, () -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("DELETE FROM " + VIEWS_TABLE + " WHERE name = ?")) {
                statement.setString(1, name);
                statement.executeUpdate();
            }
        });
    }

    @Override
    public synchronized SortedMap<String, String> views() {
        return readPairs("SELECT name, definition FROM " + VIEWS_TABLE, "read the views");
    }

    @Override
    public synchronized SortedMap<String, String> functions() {
        return readPairs("SELECT name, definition FROM " + FUNCTIONS_TABLE + " ORDER BY name", "read the functions");
    }

    /** The (name, text) rows a query over one of the catalog tables answers, by name. */
    private SortedMap<String, String> readPairs(String query, String what) {
        SortedMap<String, String> pairs = new TreeMap<>();
        readRows(query, what, rows -> pairs.put(rows.getString(1), rows.getString(2)));
        return pairs;
    }

    /** Hands each row of {@code query} to {@code each}; a failure is IO_ERROR saying {@code what} failed. */
    private void readRows(String query, String what, RowReader each) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                each.read(rows);
            }
        } catch (SQLException e) {
            throw new QuiverException(
                    ErrorCode.IO_ERROR, "Could not " + what + " of database " + path + ": " + duckDbMessage(e), e);
        }
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** One change to the file, as one DuckDB transaction: committed when this returns, rolled back when it throws. */
    private void inTransaction(String what, DuckDbWork work) {
        Exception failure = null;
        try {
            connection.setAutoCommit(false);
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            failure = e;
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // After a failed write DuckDB may have no transaction left ("cannot commit - no
                // transaction is active"): that must not hide the error that caused it.
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof QuiverException quiver) {
            throw quiver;
        }
        if (failure != null) {
            throw writeFailure(what, path, failure);
        }
    }

    /** The error for a change that failed; a full disk is named as such, with what to do. */
    static QuiverException writeFailure(String what, Object path, Exception failure) {
        if (isDiskFull(failure)) {
            return new QuiverException(
                    ErrorCode.IO_ERROR,
                    "Could not " + what + " in database " + path
                            + ": the disk is full (no space left on device); nothing was changed. Free some space and"
                            + " try again",
                    failure);
        }
        return new QuiverException(
                ErrorCode.IO_ERROR,
                "Could not " + what + " in database " + path + " (nothing was changed): " + duckDbMessage(failure),
                failure);
    }

    /** Whether the failure, a cause or a suppressed error says the disk (or quota) is full. */
    private static boolean isDiskFull(Throwable failure) {
        if (failure == null) {
            return false;
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("no space left on device")
                || message.contains("disk full")
                || message.contains("disk quota exceeded")) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (isDiskFull(suppressed)) {
                return true;
            }
        }
        return failure.getCause() != failure && isDiskFull(failure.getCause());
    }

    /** A step of a transaction. */
    @FunctionalInterface
    private interface DuckDbWork {
        void run() throws SQLException;
    }

    private void checkNotReserved(String table) {
        if (table.equalsIgnoreCase(VIEWS_TABLE)) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "the table name " + VIEWS_TABLE + " is reserved: database " + path
                            + " keeps view definitions in it; choose another name");
        }
        if (table.equalsIgnoreCase(FUNCTIONS_TABLE)) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "the table name " + FUNCTIONS_TABLE + " is reserved: database " + path
                            + " keeps Python function definitions in it; choose another name");
        }
        if (table.equalsIgnoreCase(SEQUENCES_TABLE)) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "the table name " + SEQUENCES_TABLE + " is reserved: database " + path
                            + " keeps sequences in it; choose another name");
        }
        if (table.equalsIgnoreCase(SETTINGS_TABLE)) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "the table name " + SETTINGS_TABLE + " is reserved: database " + path
                            + " keeps its settings in it; choose another name");
        }
    }

    /**
     * The columns of an appended stream as DuckDB stores them: UUIDs arrive as 16-byte blobs, which
     * DuckDB reads back as UUIDs from their hexadecimal text — also inside lists, structs and maps.
     */
    private static String selectList(Schema schema) {
        List<String> columns = new ArrayList<>();
        for (Field field : schema.getFields()) {
            String column = DuckDb.identifier(field.getName());
            String stored = storedValue(column, field, 0);
            columns.add(stored == null ? column : stored + " AS " + column);
        }
        return String.join(", ", columns);
    }

    /**
     * The DuckDB expression turning {@code value}, an Arrow value of {@code field}, into the value of
     * the stored column, or null when it needs no change; {@code depth} names the lambda parameters.
     */
    private static String storedValue(String value, Field field, int depth) {
        String element = "e" + depth;
        return switch (field.getType()) {
            case ArrowType.FixedSizeBinary uuid -> "CAST(hex(" + value + ") AS UUID)";
            case ArrowType.List list -> {
                String inner = storedValue(element, field.getChildren().getFirst(), depth + 1);
                yield inner == null ? null : "list_transform(" + value + ", lambda " + element + ": " + inner + ")";
            }
            case ArrowType.FixedSizeList list -> {
                String inner = storedValue(element, field.getChildren().getFirst(), depth + 1);
                yield inner == null
                        ? null
                        : "CAST(list_transform(" + value + "::"
                                + duckDbType(field.getChildren().getFirst(), "") + "[], lambda " + element + ": "
                                + inner + ") AS " + duckDbType(field, "") + ")";
            }
            case ArrowType.Struct struct -> {
                List<String> members = new ArrayList<>();
                boolean changed = false;
                for (Field member : field.getChildren()) {
                    String memberValue = "struct_extract(" + value + ", " + DuckDb.literal(member.getName()) + ")";
                    String stored = storedValue(memberValue, member, depth + 1);
                    changed |= stored != null;
                    members.add(DuckDb.identifier(member.getName()) + " := " + (stored == null ? memberValue : stored));
                }
                yield changed
                        ? "CASE WHEN " + value + " IS NULL THEN NULL ELSE struct_pack(" + String.join(", ", members)
                                + ") END"
                        : null;
            }
            case ArrowType.Map map -> {
                Field entry = field.getChildren().getFirst();
                String key = storedValue(element + ".key", entry.getChildren().get(0), depth + 1);
                String mapped =
                        storedValue(element + ".value", entry.getChildren().get(1), depth + 1);
                yield key == null && mapped == null
                        ? null
                        : "map_from_entries(list_transform(map_entries(" + value + "), lambda " + element + ": {'key': "
                                + (key == null ? element + ".key" : key) + ", 'value': "
                                + (mapped == null ? element + ".value" : mapped) + "}))";
            }
            default -> null;
        };
    }

    /** The DuckDB column type storing a Quiver column, nested ones included (see TypeMapping for Quiver's Arrow types). */
    static String duckDbType(Field field, String table) {
        return NestedFields.sqlName(field, type -> duckDbLeafType(field, type, table), false);
    }

    /** The DuckDB type storing values of a type that is not nested. */
    private static String duckDbLeafType(Field column, ArrowType type, String table) {
        return switch (type) {
            case ArrowType.Bool ignored -> "BOOLEAN";
            case ArrowType.Int integer
            when integer.getIsSigned() ->
                switch (integer.getBitWidth()) {
                    case 8 -> "TINYINT";
                    case 16 -> "SMALLINT";
                    case 32 -> "INTEGER";
                    default -> "BIGINT";
                };
            case ArrowType.FloatingPoint floating ->
                floating.getPrecision() == FloatingPointPrecision.SINGLE ? "REAL" : "DOUBLE";
            case ArrowType.Decimal decimal -> "DECIMAL(" + decimal.getPrecision() + ", " + decimal.getScale() + ")";
            case ArrowType.Utf8 ignored -> "VARCHAR";
            case ArrowType.Binary ignored -> "BLOB";
            case ArrowType.Date date when date.getUnit() == DateUnit.DAY -> "DATE";
            case ArrowType.Timestamp timestamp
            when timestamp.getUnit() == TimeUnit.MICROSECOND && timestamp.getTimezone() == null -> "TIMESTAMP";
            case ArrowType.Timestamp timestamp when timestamp.getUnit() == TimeUnit.MICROSECOND -> "TIMESTAMPTZ";
            case ArrowType.Time time when time.getUnit() == TimeUnit.MICROSECOND -> "TIME";
            case ArrowType.FixedSizeBinary uuid when uuid.getByteWidth() == 16 -> "UUID";
            case ArrowType.Interval interval when interval.getUnit() == IntervalUnit.MONTH_DAY_NANO -> "INTERVAL";
            // A column of only NULLs (CREATE TABLE t AS SELECT NULL AS x): DuckDB makes such columns INTEGER too.
            case ArrowType.Null ignored -> "INTEGER";
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "column " + column.getName() + " of table " + table + " has type " + type
                                + ", which a database file cannot store yet");
        };
    }

    /** DuckDB's message without its documentation links and caret lines. */
    private static String duckDbMessage(Throwable error) {
        String message = String.valueOf(error.getMessage());
        for (String tail : List.of(" See also ", "\n\nLINE ")) {
            int start = message.indexOf(tail);
            message = start < 0 ? message : message.substring(0, start);
        }
        return message.strip().toLowerCase(Locale.ROOT).startsWith("io error: ")
                ? message.strip().substring(10)
                : message.strip();
    }

    private static void closeQuietly(DuckDBConnection connection, Exception primary) {
        try {
            connection.close();
        } catch (SQLException e) {
            primary.addSuppressed(e);
        }
    }

    /** Closes the file (DuckDB checkpoints its WAL into it) and the export allocator. */
    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new QuiverException(
                    ErrorCode.IO_ERROR, "Could not close database " + path + ": " + duckDbMessage(e), e);
        } finally {
            exportAllocator.close();
        }
    }
}
