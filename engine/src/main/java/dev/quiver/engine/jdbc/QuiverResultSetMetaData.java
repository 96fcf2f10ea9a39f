package dev.quiver.engine.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** The columns of a result: names, JDBC types, precision and scale, nullability (see {@link JdbcTypes}). */
final class QuiverResultSetMetaData implements ResultSetMetaData {
    private final List<Field> fields;

    QuiverResultSetMetaData(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    private Field field(int column) throws SQLException {
        if (column < 1 || column > fields.size()) {
            throw new SQLException(
                    "column index " + column + " is out of range: the result has " + fields.size() + " column"
                            + (fields.size() == 1 ? "" : "s"),
                    "07009");
        }
        return fields.get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return fields.size();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return field(column).getName();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return field(column).getName();
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return JdbcTypes.sqlType(field(column));
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        int type = getColumnType(column);
        // nested types and types without a JDBC code of their own (UUID) by DuckDB's name: INTEGER[]
        return type == java.sql.Types.OTHER || type == java.sql.Types.ARRAY || type == java.sql.Types.STRUCT
                ? dev.quiver.engine.type.TypeNames.sql(field(column))
                : JdbcTypes.typeName(type);
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return JdbcTypes.className(field(column));
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return JdbcTypes.precision(field(column));
    }

    @Override
    public int getScale(int column) throws SQLException {
        return JdbcTypes.scale(field(column));
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return JdbcTypes.displaySize(field(column));
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return field(column).isNullable() ? columnNullable : columnNoNulls;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return JdbcTypes.isSigned(field(column));
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        field(column);
        return false;
    }

    /** Text compares case-sensitively; names of tables and columns do not. */
    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return getColumnType(column) == Types.VARCHAR;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        field(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        field(column);
        return false;
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        field(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        field(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        field(column);
        return false;
    }

    /** Results do not say which table a column came from. */
    @Override
    public String getTableName(int column) throws SQLException {
        field(column);
        return "";
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        field(column);
        return "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        field(column);
        return "";
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
}
