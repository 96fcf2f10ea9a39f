package dev.quiver.engine.jdbc;

import dev.quiver.engine.PreparedQuery;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SqlParameters;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A statement with {@code ?} parameters. The SQL is parsed when the statement is prepared (so
 * syntax errors show at once and the parameters are counted); each execution binds the values as
 * typed literals into a fresh parse (see {@link SqlParameters}) — values never become SQL text.
 * Parameters keep their values between executions until set again or cleared.
 */
public final class QuiverPreparedStatement extends QuiverStatement implements PreparedStatement {
    private static final Object UNSET = new Object();

    private final String sql;
    private final Object[] parameters;
    private final List<Object[]> batch = new ArrayList<>();
    private final boolean singleRowInsert; // INSERT … VALUES (?, …): a batch runs as one insert
    private final boolean keys; // execute() returns generated keys
    private final String keysSql; // with keys: the SQL whose rows are the keys; null when sql changes no rows
    private final PreparedQuery prepared; // a query's plan, reused by every execution while still valid

    /**
     * @param keyColumns null: no generated keys; empty: every column of the changed rows; else the
     *     named columns (see {@link GeneratedKeys})
     */
    QuiverPreparedStatement(QuiverConnection connection, String sql, List<String> keyColumns) throws SQLException {
        super(connection);
        this.sql = sql;
        try {
            this.parameters = new Object[SqlParameters.count(sql)];
            this.singleRowInsert = SqlParameters.isSingleRowInsert(sql);
            this.keys = keyColumns != null;
            this.keysSql = keys ? GeneratedKeys.returningSql(sql, keyColumns) : null;
            this.prepared = prepare(sql);
        } catch (QuiverException e) {
            close();
            throw SqlErrors.of(e);
        } catch (SQLException e) {
            close();
            throw e;
        }
        Arrays.fill(parameters, UNSET);
    }

    /** The values to bind, in order; a parameter without a value is an error that names it. */
    private List<Object> values(Object[] current) throws SQLException {
        List<Object> values = new ArrayList<>(current.length);
        for (int index = 0; index < current.length; index++) {
            if (current[index] == UNSET) {
                throw new SQLException(
                        "No value specified for parameter " + (index + 1) + " of " + current.length + ": call setXxx("
                                + (index + 1) + ", value) or setNull(" + (index + 1) + ", type) before executing",
                        "07001");
            }
            values.add(current[index]);
        }
        return values;
    }

    /**
     * Runs the statement; prepared with generated keys, an INSERT, UPDATE or DELETE returns false and
     * its changed rows come from {@link #getGeneratedKeys} (a batch returns no keys).
     */
    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        if (keys) {
            return runForKeys(sql, keysSql, values(parameters));
        }
        return prepared.isQuery() ? runPrepared(prepared, values(parameters)) : run(sql, values(parameters));
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (!execute()) {
            throw noRows();
        }
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) Math.min(executeLargeUpdate(), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (execute()) {
            getMoreResults(); // closes the rows
            throw rowsNotExpected();
        }
        return getLargeUpdateCount();
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        values(parameters); // fail now, not when the batch runs
        batch.add(parameters.clone());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    /**
     * Runs the batch. A single-row {@code INSERT … VALUES (?, …)} runs as ONE insert of all the rows
     * (planned once, vectorized; all or nothing: a failure inserts none); other statements run once per
     * row, in order, and the first failure stops the batch (earlier rows stay done).
     */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<Object[]> rows = List.copyOf(batch);
        batch.clear();
        long[] counts = new long[rows.size()];
        if (singleRowInsert && !rows.isEmpty()) {
            List<List<Object>> values = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                values.add(values(row));
            }
            try {
                long inserted = runBatchInsert(sql, values);
                Arrays.fill(counts, inserted == rows.size() ? 1 : SUCCESS_NO_INFO);
            } catch (SQLException e) {
                throw new BatchUpdateException(
                        "batch insert of " + rows.size() + " rows failed, none inserted: " + e.getMessage(),
                        e.getSQLState(),
                        0,
                        new long[0],
                        e);
            }
            return counts;
        }
        for (int index = 0; index < rows.size(); index++) {
            counts[index] = batchUpdate(sql, values(rows.get(index)), index, counts);
        }
        return counts;
    }

    // A PreparedStatement runs its own SQL: JDBC forbids passing other SQL to it.

    @Override
    public boolean execute(String otherSql) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public ResultSet executeQuery(String otherSql) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    boolean executeForKeys(String otherSql, List<String> columns) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public int executeUpdate(String otherSql) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public long executeLargeUpdate(String otherSql) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public void addBatch(String otherSql) throws SQLException {
        throw sqlNotAllowed();
    }

    private static SQLException sqlNotAllowed() {
        return new SQLException(
                "a PreparedStatement runs the SQL it was prepared with; use execute() without SQL," + " or a Statement",
                "HY000");
    }

    private void set(int parameterIndex, Object value) throws SQLException {
        checkOpen();
        if (parameterIndex < 1 || parameterIndex > parameters.length) {
            throw new SQLException(
                    "parameter index " + parameterIndex + " is out of range: the statement has " + parameters.length
                            + " parameter" + (parameters.length == 1 ? "" : "s") + " (?)",
                    "07009");
        }
        parameters[parameterIndex - 1] = value;
    }

    /** {@code value}, or a NULL of {@code type} when it is null. */
    private void set(int parameterIndex, Object value, SqlTypeName type) throws SQLException {
        set(parameterIndex, value == null ? new SqlParameters.TypedNull(type) : value);
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(parameters, UNSET);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        SqlTypeName type = JdbcTypes.forNull(sqlType);
        set(parameterIndex, type == null ? null : new SqlParameters.TypedNull(type));
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        setNull(parameterIndex, sqlType);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean value) throws SQLException {
        set(parameterIndex, value);
    }

    @Override
    public void setByte(int parameterIndex, byte value) throws SQLException {
        set(parameterIndex, value);
    }

    @Override
    public void setShort(int parameterIndex, short value) throws SQLException {
        set(parameterIndex, value);
    }

    @Override
    public void setInt(int parameterIndex, int value) throws SQLException {
        set(parameterIndex, value);
    }

    @Override
    public void setLong(int parameterIndex, long value) throws SQLException {
        set(parameterIndex, value);
    }

    @Override
    public void setFloat(int parameterIndex, float value) throws SQLException {
        set(parameterIndex, value);
    }

    @Override
    public void setDouble(int parameterIndex, double value) throws SQLException {
        set(parameterIndex, value);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal value) throws SQLException {
        set(parameterIndex, value, SqlTypeName.DECIMAL);
    }

    @Override
    public void setString(int parameterIndex, String value) throws SQLException {
        set(parameterIndex, value, SqlTypeName.VARCHAR);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        setString(parameterIndex, value);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] value) throws SQLException {
        set(parameterIndex, value == null ? null : value.clone(), SqlTypeName.VARBINARY);
    }

    @Override
    public void setDate(int parameterIndex, Date value) throws SQLException {
        set(parameterIndex, value == null ? null : value.toLocalDate(), SqlTypeName.DATE);
    }

    /** The date of the instant {@code value} in the calendar's time zone. */
    @Override
    public void setDate(int parameterIndex, Date value, Calendar calendar) throws SQLException {
        set(
                parameterIndex,
                value == null
                        ? null
                        : Instant.ofEpochMilli(value.getTime())
                                .atZone(zone(calendar))
                                .toLocalDate(),
                SqlTypeName.DATE);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp value) throws SQLException {
        set(parameterIndex, value == null ? null : value.toLocalDateTime(), SqlTypeName.TIMESTAMP);
    }

    /** The local time of the instant {@code value} in the calendar's time zone. */
    @Override
    public void setTimestamp(int parameterIndex, Timestamp value, Calendar calendar) throws SQLException {
        set(
                parameterIndex,
                value == null ? null : LocalDateTime.ofInstant(value.toInstant(), zone(calendar)),
                SqlTypeName.TIMESTAMP);
    }

    private static ZoneId zone(Calendar calendar) {
        return calendar == null
                ? ZoneId.systemDefault()
                : calendar.getTimeZone().toZoneId();
    }

    /**
     * Java values as the typed setters take them: Boolean, Byte, Short, Integer, Long, BigInteger,
     * Float, Double, BigDecimal, String, Character, byte[], java.sql.Date, Timestamp, LocalDate,
     * LocalDateTime, LocalTime and java.sql.Time (TIME), OffsetDateTime, ZonedDateTime and Instant
     * (TIMESTAMPTZ), UUID; null is an untyped NULL.
     */
    @Override
    public void setObject(int parameterIndex, Object value) throws SQLException {
        checkOpen();
        set(parameterIndex, JdbcParameters.bindable(value, parameterIndex, (QuiverConnection) getConnection()));
    }

    /** A LIST parameter: {@code Connection.createArrayOf}'s, a result's, or another driver's Array. */
    @Override
    public void setArray(int parameterIndex, Array value) throws SQLException {
        setObject(parameterIndex, value);
    }

    /** The value, or a NULL of {@code targetSqlType}; the value is not converted to that type. */
    @Override
    public void setObject(int parameterIndex, Object value, int targetSqlType) throws SQLException {
        if (value == null) {
            setNull(parameterIndex, targetSqlType);
        } else {
            setObject(parameterIndex, value);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object value, int targetSqlType, int scaleOrLength) throws SQLException {
        setObject(parameterIndex, value, targetSqlType);
    }

    /** The number of parameters and each one's type where the statement's context fixes it (validated now). */
    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new QuiverParameterMetaData(parameterTypes(sql));
    }

    /** Column types are known only once the statement has run. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void setTime(int parameterIndex, Time value) throws SQLException {
        setObject(parameterIndex, value == null ? null : value.toLocalTime());
    }

    @Override
    public void setTime(int parameterIndex, Time value, Calendar calendar) throws SQLException {
        setTime(parameterIndex, value);
    }

    // Not supported: these throw SQLFeatureNotSupportedException.

    @Override
    public void setAsciiStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setAsciiStream");
    }

    @Override
    public void setAsciiStream(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setAsciiStream");
    }

    @Override
    public void setAsciiStream(int arg0, java.io.InputStream arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setAsciiStream");
    }

    @Override
    public void setBinaryStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setBinaryStream");
    }

    @Override
    public void setBinaryStream(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setBinaryStream");
    }

    @Override
    public void setBinaryStream(int arg0, java.io.InputStream arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setBinaryStream");
    }

    @Override
    public void setBlob(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setBlob");
    }

    @Override
    public void setBlob(int arg0, java.io.InputStream arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setBlob");
    }

    @Override
    public void setBlob(int arg0, Blob arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setBlob");
    }

    @Override
    public void setCharacterStream(int arg0, java.io.Reader arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setCharacterStream");
    }

    @Override
    public void setCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setCharacterStream");
    }

    @Override
    public void setCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setCharacterStream");
    }

    @Override
    public void setClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setClob");
    }

    @Override
    public void setClob(int arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setClob");
    }

    @Override
    public void setClob(int arg0, Clob arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setClob");
    }

    @Override
    public void setNCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setNCharacterStream");
    }

    @Override
    public void setNCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setNCharacterStream");
    }

    @Override
    public void setNClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setNClob");
    }

    @Override
    public void setNClob(int arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setNClob");
    }

    @Override
    public void setNClob(int arg0, NClob arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setNClob");
    }

    @Override
    public void setRef(int arg0, Ref arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setRef");
    }

    @Override
    public void setRowId(int arg0, RowId arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setRowId");
    }

    @Override
    public void setSQLXML(int arg0, SQLXML arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setSQLXML");
    }

    @Override
    public void setURL(int arg0, java.net.URL arg1) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setURL");
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("PreparedStatement.setUnicodeStream");
    }
}
