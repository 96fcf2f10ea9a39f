package dev.quiver.engine.jdbc;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.exec.Batch;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A forward-only, read-only result set over a {@link QueryResult}'s batches (the whole result is in
 * memory already). Getters convert between types as JDBC drivers do (see {@link JdbcValues}).
 *
 * <p>OWNERSHIP: owns the QueryResult and closes it. Not thread-safe: one thread at a time.
 */
public final class QuiverResultSet implements ResultSet {
    private final Statement statement; // null for DatabaseMetaData results
    private final QuiverConnection metadataOwner; // the connection of a DatabaseMetaData result, else null
    private final QueryResult result;
    private final List<Field> fields;
    private final long maxRows; // 0: all
    private int batchIndex;
    private int rowInBatch = -1;
    private long rowNumber; // 1-based row the cursor is on; 0 before the first
    private boolean afterLast;
    private boolean wasNull;
    private boolean closed;

    QuiverResultSet(Statement statement, QueryResult result, long maxRows) {
        this(statement, null, result, maxRows);
    }

    /** A DatabaseMetaData result: it has no statement, so its connection tracks it and closes it on close. */
    QuiverResultSet(QuiverConnection connection, QueryResult result) {
        this(null, connection, result, 0);
    }

    private QuiverResultSet(Statement statement, QuiverConnection metadataOwner, QueryResult result, long maxRows) {
        this.statement = statement;
        this.metadataOwner = metadataOwner;
        this.result = result;
        this.fields = result.fields();
        this.maxRows = maxRows;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (afterLast || (maxRows > 0 && rowNumber >= maxRows)) {
            afterLast = true;
            return false;
        }
        List<Batch> batches = result.batches();
        rowInBatch++;
        while (batchIndex < batches.size()
                && rowInBatch >= batches.get(batchIndex).rowCount()) {
            batchIndex++;
            rowInBatch = 0;
        }
        if (batchIndex >= batches.size()) {
            afterLast = true;
            return false;
        }
        rowNumber++;
        return true;
    }

    /** The value in column {@code column} (1-based) of the current row, as QueryResult gives it, or null. */
    private Object value(int column) throws SQLException {
        checkOpen();
        if (rowNumber == 0 || afterLast) {
            throw new SQLException(
                    "the result set is not on a row: call next() first (and check that it returned true)", "24000");
        }
        if (column < 1 || column > fields.size()) {
            throw new SQLException(
                    "column index " + column + " is out of range: the result has " + fields.size() + " column"
                            + (fields.size() == 1 ? "" : "s"),
                    "07009");
        }
        Object value = QueryResult.value(result.batches().get(batchIndex).column(column - 1), rowInBatch);
        wasNull = value == null;
        return value;
    }

    private String name(int column) {
        return fields.get(column - 1).getName();
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        for (int index = 0; index < fields.size(); index++) {
            if (fields.get(index).getName().equalsIgnoreCase(columnLabel)) {
                return index + 1;
            }
        }
        throw new SQLException(
                "the result has no column " + columnLabel + " (its columns: "
                        + String.join(", ", fields.stream().map(Field::getName).toList()) + ")",
                "42703");
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : JdbcValues.toText(value);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value != null && JdbcValues.toBoolean(value, name(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null
                ? 0
                : (byte) JdbcValues.toLong(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte", name(columnIndex));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null
                ? 0
                : (short) JdbcValues.toLong(value, Short.MIN_VALUE, Short.MAX_VALUE, "short", name(columnIndex));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null
                ? 0
                : (int) JdbcValues.toLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "int", name(columnIndex));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? 0 : JdbcValues.toLong(value, Long.MIN_VALUE, Long.MAX_VALUE, "long", name(columnIndex));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null
                ? 0
                : value instanceof Float real ? real : (float) JdbcValues.toDouble(value, name(columnIndex));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? 0 : JdbcValues.toDouble(value, name(columnIndex));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : JdbcValues.toBigDecimal(value, name(columnIndex));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal value = getBigDecimal(columnIndex);
        return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : JdbcValues.toBytes(value, name(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Date.valueOf(JdbcValues.toLocalDate(value, name(columnIndex)));
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Time.valueOf(JdbcValues.toLocalTime(value, name(columnIndex)));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        if (value instanceof OffsetDateTime instant) {
            return Timestamp.from(instant.toInstant()); // a TIMESTAMPTZ is an instant
        }
        return value == null ? null : Timestamp.valueOf(JdbcValues.toLocalDateTime(value, name(columnIndex)));
    }

    /** The date at midnight in the calendar's time zone (Quiver's dates and timestamps have no zone). */
    @Override
    public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
        Object value = value(columnIndex);
        if (value == null) {
            return null;
        }
        LocalDate date = JdbcValues.toLocalDate(value, name(columnIndex));
        return new Date(
                date.atStartOfDay(calendar.getTimeZone().toZoneId()).toInstant().toEpochMilli());
    }

    @Override
    public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
        Timestamp timestamp = getTimestamp(columnIndex, calendar);
        return timestamp == null ? null : new Time(timestamp.getTime());
    }

    /** The timestamp read as a local time of the calendar's time zone. */
    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
        Object value = value(columnIndex);
        if (value == null) {
            return null;
        }
        LocalDateTime time = JdbcValues.toLocalDateTime(value, name(columnIndex));
        return Timestamp.from(time.atZone(calendar.getTimeZone().toZoneId()).toInstant());
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : JdbcNested.toJdbc(value, fields.get(columnIndex - 1), connection());
    }

    /** The connection of the result set (for the result sets of its arrays), or null when closed. */
    private QuiverConnection connection() throws SQLException {
        if (metadataOwner != null) {
            return metadataOwner;
        }
        return statement != null && statement.getConnection() instanceof QuiverConnection connection
                ? connection
                : null;
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        Object value = value(columnIndex);
        if (value == null) {
            return null;
        }
        String column = name(columnIndex);
        Object converted;
        if (type == Boolean.class) {
            converted = JdbcValues.toBoolean(value, column);
        } else if (type == Byte.class) {
            converted = (byte) JdbcValues.toLong(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte", column);
        } else if (type == Short.class) {
            converted = (short) JdbcValues.toLong(value, Short.MIN_VALUE, Short.MAX_VALUE, "short", column);
        } else if (type == Integer.class) {
            converted = (int) JdbcValues.toLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "int", column);
        } else if (type == Long.class) {
            converted = JdbcValues.toLong(value, Long.MIN_VALUE, Long.MAX_VALUE, "long", column);
        } else if (type == Float.class) {
            converted = (float) JdbcValues.toDouble(value, column);
        } else if (type == Double.class) {
            converted = JdbcValues.toDouble(value, column);
        } else if (type == BigDecimal.class) {
            converted = JdbcValues.toBigDecimal(value, column);
        } else if (type == String.class) {
            converted = JdbcValues.toText(value);
        } else if (type == byte[].class) {
            converted = JdbcValues.toBytes(value, column);
        } else if (type == LocalDate.class) {
            converted = JdbcValues.toLocalDate(value, column);
        } else if (type == LocalTime.class) {
            converted = JdbcValues.toLocalTime(value, column);
        } else if (type == OffsetDateTime.class) {
            converted = JdbcValues.toOffsetDateTime(value, column);
        } else if (type == Instant.class) {
            converted = JdbcValues.toOffsetDateTime(value, column).toInstant();
        } else if (type == UUID.class) {
            converted = JdbcValues.toUuid(value, column);
        } else if (type == BigInteger.class) {
            converted = JdbcValues.toBigDecimal(value, column).toBigIntegerExact();
        } else if (type == Time.class) {
            converted = Time.valueOf(JdbcValues.toLocalTime(value, column));
        } else if (type == LocalDateTime.class) {
            converted = JdbcValues.toLocalDateTime(value, column);
        } else if (type == Date.class) {
            converted = Date.valueOf(JdbcValues.toLocalDate(value, column));
        } else if (type == Timestamp.class) {
            converted = Timestamp.valueOf(JdbcValues.toLocalDateTime(value, column));
        } else if (type == Object.class || type == Array.class || type == Struct.class || type == Map.class) {
            converted = JdbcNested.toJdbc(value, fields.get(columnIndex - 1), connection());
            if (!type.isInstance(converted)) {
                throw new SQLDataException(
                        "value of column " + column + " (" + JdbcValues.toText(value) + ") cannot be read as "
                                + type.getName(),
                        "22018");
            }
        } else {
            throw SqlErrors.unsupported("getObject(" + columnIndex + ", " + type.getName() + ")");
        }
        return type.cast(converted);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return getObject(columnIndex); // Quiver has no user-defined types to map
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return text == null ? null : new StringReader(text);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    // By label: the first column of that name, compared case-insensitively.

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar calendar) throws SQLException {
        return getDate(findColumn(columnLabel), calendar);
    }

    @Override
    public Time getTime(String columnLabel, Calendar calendar) throws SQLException {
        return getTime(findColumn(columnLabel), calendar);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
        return getTimestamp(findColumn(columnLabel), calendar);
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel), map);
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getNCharacterStream(findColumn(columnLabel));
    }

    // The cursor and the result set itself.

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new QuiverResultSetMetaData(fields);
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return afterLast ? 0 : (int) Math.min(rowNumber, Integer.MAX_VALUE);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return rowNumber == 0 && !afterLast && totalRows() > 0;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return afterLast && totalRows() > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return rowNumber == 1 && !afterLast;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return !afterLast && rowNumber > 0 && rowNumber == totalRows();
    }

    /** The rows this result set shows: all of the result's, up to maxRows. */
    private long totalRows() {
        long rows = result.rowCount();
        return maxRows > 0 ? Math.min(rows, maxRows) : rows;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return HOLD_CURSORS_OVER_COMMIT; // results are in memory; no transaction ends them
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw SqlErrors.unsupported("a fetch direction other than FETCH_FORWARD");
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return 0;
    }

    /** A hint only: the whole result is in memory already. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("fetch size must not be negative, got " + rows, "22023");
        }
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
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
    public boolean isClosed() {
        return closed;
    }

    /** Frees the result's memory; closes the statement too if it was told to close on completion. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            result.close();
            if (metadataOwner != null) {
                metadataOwner.forget(this);
            }
            if (statement instanceof QuiverStatement owner && owner.closesOnCompletion()) {
                owner.close();
            }
        }
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

    private void checkOpen() throws SQLException {
        if (closed) {
            throw SqlErrors.closed("ResultSet");
        }
    }

    // Not supported: these throw SQLFeatureNotSupportedException.

    @Override
    public boolean absolute(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.absolute");
    }

    @Override
    public void afterLast() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.afterLast");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.beforeFirst");
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.cancelRowUpdates");
    }

    @Override
    public void deleteRow() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.deleteRow");
    }

    @Override
    public boolean first() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.first");
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        return getObject(columnIndex, Array.class);
    }

    @Override
    public java.io.InputStream getAsciiStream(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getAsciiStream");
    }

    @Override
    public java.io.InputStream getAsciiStream(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getAsciiStream");
    }

    @Override
    public Blob getBlob(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getBlob");
    }

    @Override
    public Blob getBlob(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getBlob");
    }

    @Override
    public Clob getClob(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getClob");
    }

    @Override
    public Clob getClob(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getClob");
    }

    @Override
    public String getCursorName() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getCursorName");
    }

    @Override
    public NClob getNClob(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getNClob");
    }

    @Override
    public NClob getNClob(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getNClob");
    }

    @Override
    public Ref getRef(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getRef");
    }

    @Override
    public Ref getRef(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getRef");
    }

    @Override
    public RowId getRowId(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getRowId");
    }

    @Override
    public RowId getRowId(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getRowId");
    }

    @Override
    public SQLXML getSQLXML(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getSQLXML");
    }

    @Override
    public SQLXML getSQLXML(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getSQLXML");
    }

    @Override
    public java.net.URL getURL(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getURL");
    }

    @Override
    public java.net.URL getURL(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getURL");
    }

    @Override
    @Deprecated
    public java.io.InputStream getUnicodeStream(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getUnicodeStream");
    }

    @Override
    @Deprecated
    public java.io.InputStream getUnicodeStream(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.getUnicodeStream");
    }

    @Override
    public void insertRow() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.insertRow");
    }

    @Override
    public boolean last() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.last");
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.moveToCurrentRow");
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.moveToInsertRow");
    }

    @Override
    public boolean previous() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.previous");
    }

    @Override
    public void refreshRow() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.refreshRow");
    }

    @Override
    public boolean relative(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.relative");
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.rowDeleted");
    }

    @Override
    public boolean rowInserted() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.rowInserted");
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.rowUpdated");
    }

    @Override
    public void updateArray(String arg0, Array arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateArray");
    }

    @Override
    public void updateArray(int arg0, Array arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateArray");
    }

    @Override
    public void updateAsciiStream(String arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(String arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(String arg0, java.io.InputStream arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateAsciiStream");
    }

    @Override
    public void updateAsciiStream(int arg0, java.io.InputStream arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateAsciiStream");
    }

    @Override
    public void updateBigDecimal(String arg0, java.math.BigDecimal arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBigDecimal");
    }

    @Override
    public void updateBigDecimal(int arg0, java.math.BigDecimal arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBigDecimal");
    }

    @Override
    public void updateBinaryStream(String arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(String arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(String arg0, java.io.InputStream arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBinaryStream");
    }

    @Override
    public void updateBinaryStream(int arg0, java.io.InputStream arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBinaryStream");
    }

    @Override
    public void updateBlob(String arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBlob");
    }

    @Override
    public void updateBlob(String arg0, java.io.InputStream arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBlob");
    }

    @Override
    public void updateBlob(String arg0, Blob arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBlob");
    }

    @Override
    public void updateBlob(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBlob");
    }

    @Override
    public void updateBlob(int arg0, java.io.InputStream arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBlob");
    }

    @Override
    public void updateBlob(int arg0, Blob arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBlob");
    }

    @Override
    public void updateBoolean(String arg0, boolean arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBoolean");
    }

    @Override
    public void updateBoolean(int arg0, boolean arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBoolean");
    }

    @Override
    public void updateByte(String arg0, byte arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateByte");
    }

    @Override
    public void updateByte(int arg0, byte arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateByte");
    }

    @Override
    public void updateBytes(String arg0, byte[] arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBytes");
    }

    @Override
    public void updateBytes(int arg0, byte[] arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateBytes");
    }

    @Override
    public void updateCharacterStream(String arg0, java.io.Reader arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(String arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(int arg0, java.io.Reader arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateCharacterStream");
    }

    @Override
    public void updateCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateCharacterStream");
    }

    @Override
    public void updateClob(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateClob");
    }

    @Override
    public void updateClob(String arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateClob");
    }

    @Override
    public void updateClob(String arg0, Clob arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateClob");
    }

    @Override
    public void updateClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateClob");
    }

    @Override
    public void updateClob(int arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateClob");
    }

    @Override
    public void updateClob(int arg0, Clob arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateClob");
    }

    @Override
    public void updateDate(String arg0, Date arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateDate");
    }

    @Override
    public void updateDate(int arg0, Date arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateDate");
    }

    @Override
    public void updateDouble(String arg0, double arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateDouble");
    }

    @Override
    public void updateDouble(int arg0, double arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateDouble");
    }

    @Override
    public void updateFloat(String arg0, float arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateFloat");
    }

    @Override
    public void updateFloat(int arg0, float arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateFloat");
    }

    @Override
    public void updateInt(String arg0, int arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateInt");
    }

    @Override
    public void updateInt(int arg0, int arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateInt");
    }

    @Override
    public void updateLong(String arg0, long arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateLong");
    }

    @Override
    public void updateLong(int arg0, long arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateLong");
    }

    @Override
    public void updateNCharacterStream(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNCharacterStream");
    }

    @Override
    public void updateNCharacterStream(String arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNCharacterStream");
    }

    @Override
    public void updateNCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNCharacterStream");
    }

    @Override
    public void updateNCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNCharacterStream");
    }

    @Override
    public void updateNClob(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNClob");
    }

    @Override
    public void updateNClob(String arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNClob");
    }

    @Override
    public void updateNClob(String arg0, NClob arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNClob");
    }

    @Override
    public void updateNClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNClob");
    }

    @Override
    public void updateNClob(int arg0, java.io.Reader arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNClob");
    }

    @Override
    public void updateNClob(int arg0, NClob arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNClob");
    }

    @Override
    public void updateNString(String arg0, String arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNString");
    }

    @Override
    public void updateNString(int arg0, String arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNString");
    }

    @Override
    public void updateNull(String arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNull");
    }

    @Override
    public void updateNull(int arg0) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateNull");
    }

    @Override
    public void updateObject(String arg0, Object arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateObject");
    }

    @Override
    public void updateObject(String arg0, Object arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateObject");
    }

    @Override
    public void updateObject(int arg0, Object arg1, int arg2) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateObject");
    }

    @Override
    public void updateObject(int arg0, Object arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateObject");
    }

    @Override
    public void updateRef(String arg0, Ref arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateRef");
    }

    @Override
    public void updateRef(int arg0, Ref arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateRef");
    }

    @Override
    public void updateRow() throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateRow");
    }

    @Override
    public void updateRowId(String arg0, RowId arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateRowId");
    }

    @Override
    public void updateRowId(int arg0, RowId arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateRowId");
    }

    @Override
    public void updateSQLXML(String arg0, SQLXML arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateSQLXML");
    }

    @Override
    public void updateSQLXML(int arg0, SQLXML arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateSQLXML");
    }

    @Override
    public void updateShort(String arg0, short arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateShort");
    }

    @Override
    public void updateShort(int arg0, short arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateShort");
    }

    @Override
    public void updateString(String arg0, String arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateString");
    }

    @Override
    public void updateString(int arg0, String arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateString");
    }

    @Override
    public void updateTime(String arg0, Time arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateTime");
    }

    @Override
    public void updateTime(int arg0, Time arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateTime");
    }

    @Override
    public void updateTimestamp(String arg0, Timestamp arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateTimestamp");
    }

    @Override
    public void updateTimestamp(int arg0, Timestamp arg1) throws SQLException {
        throw SqlErrors.unsupported("ResultSet.updateTimestamp");
    }
}
