package dev.quiver.engine.jdbc;

import dev.quiver.engine.PreparedQuery;
import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A JDBC statement: runs one SQL statement at a time in a {@link Session} of its own, so that
 * {@link #cancel} (from any thread) and the query timeout stop exactly this statement's query.
 *
 * <p>Not thread-safe, except {@link #cancel} and {@link #close}, which other threads may call
 * while a statement runs.
 */
public class QuiverStatement implements Statement {
    private final QuiverConnection connection;
    private final Session session;
    private final List<String> batch = new ArrayList<>();
    private QuiverResultSet resultSet;
    private QuiverResultSet generatedKeys; // the last execution's RETURNING rows when keys were asked for
    private long updateCount = -1;
    private long maxRows;
    private int queryTimeoutSeconds;
    private boolean closeOnCompletion;
    private volatile boolean closed;
    private volatile boolean timedOut;
    private volatile boolean cancelled;

    QuiverStatement(QuiverConnection connection) {
        this.connection = connection;
        this.session = connection.newStatementSession();
    }

    /**
     * Runs {@code sql} with parameter values; true when it produced rows (see {@link #getResultSet}),
     * false for an update count. Applies the query timeout.
     */
    final boolean run(String sql, List<?> parameters) throws SQLException {
        // Without parameters the text may hold several statements, as DuckDB's driver allows: they run
        // in order and the last one's result is the statement's result.
        return run(() -> parameters.isEmpty() ? session.executeScript(sql) : session.execute(sql, parameters), false);
    }

    /** Prepares {@code sql} in this statement's session (see {@link Session#prepare}). */
    final PreparedQuery prepare(String sql) {
        return session.prepare(sql);
    }

    /** Runs a prepared query with parameter values, reusing its plan (see {@link Session#execute(PreparedQuery, List)}). */
    final boolean runPrepared(PreparedQuery prepared, List<?> parameters) throws SQLException {
        return run(() -> session.execute(prepared, parameters), false);
    }

    /**
     * Runs {@code keysSql} (from {@link GeneratedKeys#returningSql}; null: {@code sql} is no data
     * change) so that its rows become {@link #getGeneratedKeys} and the update count is how many rows
     * it changed. Always false: the statement's result is the count.
     */
    final boolean runForKeys(String sql, String keysSql, List<?> parameters) throws SQLException {
        if (keysSql == null) {
            boolean rows = run(sql, parameters);
            generatedKeys = new QuiverResultSet(this, QueryResult.ofRows(List.of(), List.of(), null), 0);
            return rows;
        }
        return run(() -> session.execute(keysSql, parameters), true);
    }

    /**
     * Runs a batch of parameter rows for a single-row {@code INSERT … VALUES (?, …)} as one insert of
     * all the rows; returns the number of rows inserted.
     */
    final long runBatchInsert(String sql, List<? extends List<?>> rows) throws SQLException {
        run(() -> session.executeBatchInsert(sql, rows), false);
        return updateCount;
    }

    /** The inferred type of each parameter of {@code sql} (null: unknown); errors as SQLExceptions. */
    final List<SqlTypeName> parameterTypes(String sql) throws SQLException {
        try {
            return session.parameterTypes(sql);
        } catch (QuiverException e) {
            throw SqlErrors.of(e);
        } catch (RuntimeException e) {
            throw SqlErrors.internal(e);
        }
    }

    /**
     * Runs what {@code execution} runs with this statement's timeout, cancellation and error
     * translation; with {@code keys}, rows it returns become the generated keys and their number the
     * update count.
     */
    private boolean run(Supplier<QueryResult> execution, boolean keys) throws SQLException {
        checkOpen();
        closeResult();
        updateCount = -1;
        timedOut = false;
        cancelled = false;
        int timeout = queryTimeoutSeconds;
        ScheduledFuture<?> timer = timeout > 0 ? QueryTimer.schedule(this::timeOut, timeout) : null;
        QueryResult result;
        try {
            result = execution.get();
        } catch (QuiverException e) {
            if (e.code() == ErrorCode.CANCELLED && timedOut) {
                throw SqlErrors.timedOut(timeout, e);
            }
            if (e.code() == ErrorCode.CANCELLED && cancelled) {
                throw new SQLException("Query cancelled by Statement.cancel()", ErrorCode.CANCELLED.sqlState(), e);
            }
            throw SqlErrors.of(e);
        } catch (RuntimeException e) {
            throw SqlErrors.internal(e);
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        if (result.hasRows() && keys) {
            updateCount = result.rowCount();
            generatedKeys = new QuiverResultSet(this, result, 0);
            return false;
        }
        if (result.hasRows()) {
            resultSet = new QuiverResultSet(this, result, maxRows);
            return true;
        }
        updateCount = result.updateCount();
        result.close();
        return false;
    }

    private void timeOut() {
        timedOut = true;
        session.cancel();
    }

    /**
     * Runs {@code sql}: one statement, or several separated by {@code ;} run in order (the first
     * failure stops them; earlier ones stay done). The result is the last statement's.
     */
    @Override
    public boolean execute(String sql) throws SQLException {
        return run(sql, List.of());
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        if (!execute(sql)) {
            throw noRows();
        }
        return resultSet;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) Math.min(executeLargeUpdate(sql), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        if (execute(sql)) {
            closeResult();
            throw rowsNotExpected();
        }
        return updateCount;
    }

    static SQLException noRows() {
        return new SQLException(
                "executeQuery ran a statement that returns no rows (DML or DDL); use executeUpdate" + " or execute",
                "HY000");
    }

    static SQLException rowsNotExpected() {
        return new SQLException("executeUpdate ran a query that returns rows; use executeQuery or execute", "HY000");
    }

    /**
     * With {@link #RETURN_GENERATED_KEYS}, an INSERT, UPDATE or DELETE returns its changed rows (every
     * column, or its own RETURNING list) through {@link #getGeneratedKeys}; execute then returns false
     * and the update count is the number of rows changed.
     */
    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return wantsKeys(autoGeneratedKeys) ? executeForKeys(sql, List.of()) : execute(sql);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) Math.min(executeLargeUpdate(sql, autoGeneratedKeys), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        if (!wantsKeys(autoGeneratedKeys)) {
            return executeLargeUpdate(sql);
        }
        if (executeForKeys(sql, List.of())) {
            closeResult();
            throw rowsNotExpected();
        }
        return updateCount;
    }

    /** Like {@code execute(sql, RETURN_GENERATED_KEYS)}, but the keys are the named columns. */
    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return executeForKeys(sql, keyColumns(columnNames));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (int) Math.min(executeLargeUpdate(sql, columnNames), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        if (executeForKeys(sql, keyColumns(columnNames))) {
            closeResult();
            throw rowsNotExpected();
        }
        return updateCount;
    }

    /** Runs other SQL for its keys (a prepared statement refuses: it runs only its own SQL). */
    boolean executeForKeys(String sql, List<String> columns) throws SQLException {
        checkOpen();
        return runForKeys(sql, GeneratedKeys.returningSql(sql, columns), List.of());
    }

    /** Whether {@code autoGeneratedKeys} asks for keys; anything but the two constants is an error. */
    static boolean wantsKeys(int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != NO_GENERATED_KEYS && autoGeneratedKeys != RETURN_GENERATED_KEYS) {
            throw new SQLException(
                    "autoGeneratedKeys must be Statement.RETURN_GENERATED_KEYS or NO_GENERATED_KEYS, got "
                            + autoGeneratedKeys,
                    "HY024");
        }
        return autoGeneratedKeys == RETURN_GENERATED_KEYS;
    }

    /** The key column names; an empty or null array or a blank name is an error. */
    static List<String> keyColumns(String[] columnNames) throws SQLException {
        if (columnNames == null || columnNames.length == 0) {
            throw new SQLException("name at least one key column, or use Statement.RETURN_GENERATED_KEYS", "HY024");
        }
        for (String name : columnNames) {
            if (name == null || name.isBlank()) {
                throw new SQLException("a key column name is null or blank", "HY024");
            }
        }
        return List.of(columnNames);
    }

    /**
     * The rows the last execution returned as keys (see {@link #execute(String, int)}); an empty
     * result set when it asked for none or changed no rows. Closed by the next execution.
     */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedKeys == null) {
            generatedKeys = new QuiverResultSet(this, QueryResult.ofRows(List.of(), List.of(), null), 0);
        }
        return generatedKeys;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return resultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return (int) Math.min(updateCount, Integer.MAX_VALUE);
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    /**
     * Every execution has one result — for several statements in one {@code execute}, the last one's —
     * so after it there are none.
     */
    @Override
    public boolean getMoreResults() throws SQLException {
        checkOpen();
        closeResult();
        updateCount = -1;
        return false;
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return getMoreResults();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    /** Runs the batched statements in order; the first failure stops the batch (earlier ones stay done). */
    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        return Arrays.stream(counts)
                .mapToInt(count -> (int) Math.min(count, Integer.MAX_VALUE))
                .toArray();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> statements = List.copyOf(batch);
        batch.clear();
        long[] counts = new long[statements.size()];
        for (int index = 0; index < statements.size(); index++) {
            counts[index] = batchUpdate(statements.get(index), List.of(), index, counts);
        }
        return counts;
    }

    /** Runs one statement of a batch; a failure or a query becomes a BatchUpdateException with the counts so far. */
    final long batchUpdate(String sql, List<?> parameters, int index, long[] counts) throws SQLException {
        try {
            if (run(sql, parameters)) {
                closeResult();
                throw rowsNotExpected();
            }
            return updateCount;
        } catch (SQLException e) {
            throw new BatchUpdateException(
                    "batch statement " + (index + 1) + " failed: " + e.getMessage(),
                    e.getSQLState(),
                    0,
                    Arrays.copyOf(counts, index),
                    e);
        }
    }

    /** Stops the running query from another thread; it fails with SQLSTATE 57014. */
    @Override
    public void cancel() throws SQLException {
        checkOpen();
        cancelled = true;
        session.cancel();
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeoutSeconds;
    }

    /** Queries running longer are cancelled and fail with SQLTimeoutException (57014); 0: no limit. */
    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("query timeout must not be negative, got " + seconds, "22023");
        }
        queryTimeoutSeconds = seconds;
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) Math.min(getLargeMaxRows(), Integer.MAX_VALUE);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    /** Result sets show at most this many rows (the query still computes all of them); 0: all. */
    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("max rows must not be negative, got " + max, "22023");
        }
        maxRows = max;
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max != 0) {
            throw SqlErrors.unsupported("a maximum field size");
        }
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen(); // Quiver's SQL has no JDBC escapes to process
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw SqlErrors.unsupported("a fetch direction other than FETCH_FORWARD");
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return 0;
    }

    /** A hint only: results are in memory when the statement returns. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    /** Whether closing its result set closes this statement (closeOnCompletion), without the open check. */
    final boolean closesOnCompletion() {
        return closeOnCompletion;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Closes the statement and its result set; a query it is running is cancelled. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.cancel();
        closeResult();
        session.close();
        connection.forget(this);
    }

    private void closeResult() {
        if (resultSet != null) {
            resultSet.close();
            resultSet = null;
        }
        if (generatedKeys != null) {
            generatedKeys.close();
            generatedKeys = null;
        }
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw SqlErrors.closed("Statement");
        }
        connection.checkOpen();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // Not supported: these throw SQLFeatureNotSupportedException.

    @Override
    public boolean execute(String arg0, int[] arg1) throws SQLException {
        throw SqlErrors.unsupported("generated keys by column index: name the columns instead");
    }

    @Override
    public int executeUpdate(String arg0, int[] arg1) throws SQLException {
        throw SqlErrors.unsupported("generated keys by column index: name the columns instead");
    }

    @Override
    public void setCursorName(String arg0) throws SQLException {
        throw SqlErrors.unsupported("Statement.setCursorName");
    }
}
