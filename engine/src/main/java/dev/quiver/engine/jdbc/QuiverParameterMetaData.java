package dev.quiver.engine.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The parameters of a prepared statement: their number, and each one's type where the validator
 * infers it from the context ({@code n = ?}, {@code INSERT INTO t VALUES (?)}); a parameter nothing
 * types ({@code SELECT ?}) is {@link Types#OTHER} named {@code UNKNOWN}, and takes any value.
 */
final class QuiverParameterMetaData implements ParameterMetaData {
    private final List<SqlTypeName> types; // null entries: unknown

    QuiverParameterMetaData(List<SqlTypeName> types) {
        this.types = types;
    }

    @Override
    public int getParameterCount() {
        return types.size();
    }

    private SqlTypeName type(int param) throws SQLException {
        if (param < 1 || param > types.size()) {
            throw new SQLException(
                    "parameter index " + param + " is out of range: the statement has " + types.size() + " parameter"
                            + (types.size() == 1 ? "" : "s") + " (?)",
                    "07009");
        }
        return types.get(param - 1);
    }

    @Override
    public int isNullable(int param) throws SQLException {
        type(param);
        return parameterNullableUnknown;
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        SqlTypeName type = type(param);
        return type != null && SqlTypeName.NUMERIC_TYPES.contains(type);
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        type(param);
        return 0; // not known for a parameter
    }

    @Override
    public int getScale(int param) throws SQLException {
        type(param);
        return 0;
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        SqlTypeName type = type(param);
        if (type == null) {
            return Types.OTHER;
        }
        return switch (type) {
            case CHAR, VARCHAR -> Types.VARCHAR; // Quiver's strings are all VARCHAR
            case BINARY, VARBINARY -> Types.VARBINARY;
            case FLOAT -> Types.DOUBLE;
            default -> type.getJdbcOrdinal();
        };
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        int jdbcType = getParameterType(param);
        return jdbcType == Types.OTHER ? "UNKNOWN" : JdbcTypes.typeName(jdbcType);
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return switch (getParameterType(param)) {
            case Types.BOOLEAN -> Boolean.class.getName();
            case Types.TINYINT -> Byte.class.getName();
            case Types.SMALLINT -> Short.class.getName();
            case Types.INTEGER -> Integer.class.getName();
            case Types.BIGINT -> Long.class.getName();
            case Types.REAL -> Float.class.getName();
            case Types.DOUBLE -> Double.class.getName();
            case Types.DECIMAL -> java.math.BigDecimal.class.getName();
            case Types.VARCHAR -> String.class.getName();
            case Types.VARBINARY -> byte[].class.getName();
            case Types.DATE -> java.sql.Date.class.getName();
            case Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
            default -> Object.class.getName();
        };
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        type(param);
        return parameterModeIn;
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
