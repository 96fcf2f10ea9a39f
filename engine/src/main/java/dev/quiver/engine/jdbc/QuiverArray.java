package dev.quiver.engine.jdbc;

import dev.quiver.engine.type.TypeNames;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A LIST or fixed-size ARRAY value read through JDBC. {@link #getArray()} gives an {@code Object[]}
 * of the elements as {@code getObject} gives values (nested ones as Array, Struct or Map again);
 * {@link #getResultSet()} a result set of (INDEX BIGINT, VALUE) rows, the index 1-based. Holds Java
 * values only, so it outlives the result set it came from; {@link #free} is a no-op.
 */
final class QuiverArray implements Array {
    private static final MetadataRows.Column INDEX = new MetadataRows.Column("INDEX", new ArrowType.Int(64, true));

    private final Field element;
    private final List<Object> elements; // as QueryResult gives them
    private final QuiverConnection connection; // for getResultSet; null when there is none

    QuiverArray(Field element, List<Object> elements, QuiverConnection connection) {
        this.element = element;
        this.elements = Collections.unmodifiableList(new ArrayList<>(elements)); // may hold NULLs
        this.connection = connection;
    }

    /** The SQL type of the whole array, as a bound value is cast to it ({@code INTEGER[]}). */
    String sqlType() {
        return TypeNames.sql(element) + "[]";
    }

    @Override
    public String getBaseTypeName() {
        return JdbcNested.baseTypeName(element);
    }

    @Override
    public int getBaseType() {
        return JdbcTypes.sqlType(element);
    }

    @Override
    public Object getArray() {
        return slice(0, elements.size());
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) {
        return getArray();
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        int start = checkIndex(index, count);
        return slice(start, start + count);
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return getArray(index, count);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return resultSet(0, elements.size());
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        return getResultSet();
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        int start = checkIndex(index, count);
        return resultSet(start, start + count);
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return getResultSet(index, count);
    }

    @Override
    public void free() {
        // Java values only: nothing to release
    }

    private Object[] slice(int start, int end) {
        Object[] values = new Object[end - start];
        for (int index = start; index < end; index++) {
            values[index - start] = JdbcNested.toJdbc(elements.get(index), element, connection);
        }
        return values;
    }

    /** The 0-based start of {@code count} elements from 1-based {@code index}, or SQLException 22003 when out of range. */
    private int checkIndex(long index, int count) throws SQLException {
        if (index < 1 || count < 0 || index - 1 + count > elements.size()) {
            throw new SQLException(
                    "elements " + index + " to " + (index - 1 + count) + " are out of the range of an array of "
                            + elements.size() + " elements (the first is 1)",
                    "22003");
        }
        return (int) (index - 1);
    }

    private ResultSet resultSet(int start, int end) throws SQLException {
        if (connection == null) {
            throw SqlErrors.unsupported("Array.getResultSet of an array without a connection");
        }
        MetadataRows rows = new MetadataRows(
                List.of(INDEX, new MetadataRows.Column("VALUE", element.getType(), element.getChildren())));
        for (int index = start; index < end; index++) {
            rows.add((long) index + 1, JdbcNested.toWritable(elements.get(index)));
        }
        return rows.toResultSet(connection);
    }

    @Override
    public String toString() {
        return Arrays.deepToString(slice(0, elements.size()));
    }
}
