package dev.quiver.engine.jdbc;

import java.sql.Types;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * How Quiver's types look through JDBC: {@link Types} codes, names, precision and scale, the Java
 * class {@code getObject} returns, and the SQL type a {@code setNull} type code means.
 */
final class JdbcTypes {
    /** Quiver's SQL types, in the order getTypeInfo lists them. */
    static final List<String> NAMES = List.of(
            "BOOLEAN",
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "REAL",
            "DOUBLE",
            "DECIMAL",
            "VARCHAR",
            "VARBINARY",
            "DATE",
            "TIMESTAMP");

    private JdbcTypes() {}

    static int sqlType(Field field) {
        return switch (field.getType()) {
            case ArrowType.Bool ignored -> Types.BOOLEAN;
            case ArrowType.Int integer ->
                switch (integer.getBitWidth()) {
                    case 8 -> Types.TINYINT;
                    case 16 -> Types.SMALLINT;
                    case 32 -> Types.INTEGER;
                    default -> Types.BIGINT;
                };
            case ArrowType.FloatingPoint floating ->
                floating.getPrecision() == FloatingPointPrecision.SINGLE ? Types.REAL : Types.DOUBLE;
            case ArrowType.Decimal ignored -> Types.DECIMAL;
            case ArrowType.Utf8 ignored -> Types.VARCHAR;
            case ArrowType.Binary ignored -> Types.VARBINARY;
            case ArrowType.Date ignored -> Types.DATE;
            case ArrowType.Timestamp timestamp ->
                timestamp.getTimezone() == null ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE;
            case ArrowType.Time ignored -> Types.TIME;
            case ArrowType.Null ignored -> Types.NULL;
            // as DuckDB's driver: LIST and ARRAY are ARRAY, STRUCT is STRUCT, MAP is OTHER
            case ArrowType.List ignored -> Types.ARRAY;
            case ArrowType.FixedSizeList ignored -> Types.ARRAY;
            case ArrowType.Struct ignored -> Types.STRUCT;
            default -> Types.OTHER;
        };
    }

    static String typeName(int sqlType) {
        return switch (sqlType) {
            case Types.BOOLEAN -> "BOOLEAN";
            case Types.TINYINT -> "TINYINT";
            case Types.SMALLINT -> "SMALLINT";
            case Types.INTEGER -> "INTEGER";
            case Types.BIGINT -> "BIGINT";
            case Types.REAL -> "REAL";
            case Types.DOUBLE -> "DOUBLE";
            case Types.DECIMAL -> "DECIMAL";
            case Types.VARCHAR -> "VARCHAR";
            case Types.VARBINARY -> "VARBINARY";
            case Types.DATE -> "DATE";
            case Types.TIMESTAMP -> "TIMESTAMP";
            case Types.TIME -> "TIME";
            case Types.TIMESTAMP_WITH_TIMEZONE -> "TIMESTAMP WITH TIME ZONE";
            case Types.NULL -> "NULL";
            case Types.ARRAY -> "ARRAY";
            case Types.STRUCT -> "STRUCT";
            default -> "OTHER";
        };
    }

    /** Decimal digits for numbers (DECIMAL: its precision), characters for dates and timestamps, else the maximum length. */
    static int precision(Field field) {
        if (field.getType() instanceof ArrowType.Decimal decimal) {
            return decimal.getPrecision();
        }
        return switch (sqlType(field)) {
            case Types.BOOLEAN -> 1;
            case Types.TINYINT -> 3;
            case Types.SMALLINT -> 5;
            case Types.INTEGER -> 10;
            case Types.BIGINT -> 19;
            case Types.REAL -> 7;
            case Types.DOUBLE -> 15;
            case Types.DATE -> 10;
            case Types.TIMESTAMP -> 26;
            case Types.TIME -> 15;
            case Types.TIMESTAMP_WITH_TIMEZONE -> 32;
            case Types.VARCHAR, Types.VARBINARY -> Integer.MAX_VALUE;
            default -> 0;
        };
    }

    /** Digits after the point: DECIMAL's scale, 6 for TIMESTAMP (microseconds), else 0. */
    static int scale(Field field) {
        if (field.getType() instanceof ArrowType.Decimal decimal) {
            return decimal.getScale();
        }
        int type = sqlType(field);
        return type == Types.TIMESTAMP || type == Types.TIME || type == Types.TIMESTAMP_WITH_TIMEZONE ? 6 : 0;
    }

    static int displaySize(Field field) {
        return switch (sqlType(field)) {
            case Types.BOOLEAN -> 5;
            case Types.TINYINT -> 4;
            case Types.SMALLINT -> 6;
            case Types.INTEGER -> 11;
            case Types.BIGINT -> 20;
            case Types.REAL -> 15;
            case Types.DOUBLE -> 24;
            case Types.DECIMAL -> precision(field) + 2;
            case Types.DATE -> 10;
            case Types.TIMESTAMP -> 26;
            case Types.TIME -> 15;
            case Types.TIMESTAMP_WITH_TIMEZONE -> 32;
            case Types.VARCHAR, Types.VARBINARY -> Integer.MAX_VALUE;
            default -> field.getType() instanceof ArrowType.FixedSizeBinary ? 36 : 4;
        };
    }

    /** The class {@code ResultSet.getObject(int)} returns for the column, as the JDBC specification maps types. */
    static String className(Field field) {
        return switch (sqlType(field)) {
            case Types.BOOLEAN -> Boolean.class.getName();
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> Integer.class.getName();
            case Types.BIGINT -> Long.class.getName();
            case Types.REAL -> Float.class.getName();
            case Types.DOUBLE -> Double.class.getName();
            case Types.DECIMAL -> java.math.BigDecimal.class.getName();
            case Types.VARCHAR -> String.class.getName();
            case Types.VARBINARY -> byte[].class.getName();
            case Types.DATE -> java.sql.Date.class.getName();
            case Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
            // as DuckDB's driver: java.time values for TIME and TIMESTAMPTZ, java.util.UUID
            case Types.TIME -> java.time.LocalTime.class.getName();
            case Types.TIMESTAMP_WITH_TIMEZONE -> java.time.OffsetDateTime.class.getName();
            case Types.ARRAY -> java.sql.Array.class.getName();
            case Types.STRUCT -> java.sql.Struct.class.getName();
            default ->
                field.getType() instanceof ArrowType.Map
                        ? java.util.Map.class.getName()
                        : field.getType() instanceof ArrowType.FixedSizeBinary
                                ? java.util.UUID.class.getName()
                                : Object.class.getName();
        };
    }

    static boolean isSigned(Field field) {
        return switch (sqlType(field)) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.DOUBLE, Types.DECIMAL ->
                true;
            default -> false;
        };
    }

    /** The SQL type of a NULL bound with {@code setNull(index, sqlType)}, or null for an untyped NULL. */
    static SqlTypeName forNull(int sqlType) {
        return switch (sqlType) {
            case Types.BOOLEAN, Types.BIT -> SqlTypeName.BOOLEAN;
            case Types.TINYINT -> SqlTypeName.TINYINT;
            case Types.SMALLINT -> SqlTypeName.SMALLINT;
            case Types.INTEGER -> SqlTypeName.INTEGER;
            case Types.BIGINT -> SqlTypeName.BIGINT;
            case Types.REAL -> SqlTypeName.REAL;
            case Types.FLOAT, Types.DOUBLE -> SqlTypeName.DOUBLE;
            case Types.DECIMAL, Types.NUMERIC -> SqlTypeName.DECIMAL;
            case Types.CHAR,
                    Types.VARCHAR,
                    Types.LONGVARCHAR,
                    Types.NCHAR,
                    Types.NVARCHAR,
                    Types.LONGNVARCHAR,
                    Types.CLOB,
                    Types.NCLOB -> SqlTypeName.VARCHAR;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> SqlTypeName.VARBINARY;
            case Types.DATE -> SqlTypeName.DATE;
            case Types.TIMESTAMP -> SqlTypeName.TIMESTAMP;
            case Types.TIME -> SqlTypeName.TIME;
            case Types.TIMESTAMP_WITH_TIMEZONE -> SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
            default -> null;
        };
    }
}
