package dev.quiver.engine.type;

import dev.quiver.engine.exec.vector.NestedFields;
import java.util.Locale;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** How DuckDB names the types of Quiver's Arrow columns: in SQL ({@code INTEGER}) and in its box display ({@code int32}). */
public final class TypeNames {
    private TypeNames() {}

    /** The SQL name DuckDB's {@code DESCRIBE} and {@code .schema} print: {@code INTEGER}, {@code DECIMAL(18,3)}. */
    public static String sql(ArrowType type) {
        return switch (type) {
            case ArrowType.Bool bool -> "BOOLEAN";
            case ArrowType.Int integer ->
                switch (integer.getBitWidth()) {
                    case 8 -> integer.getIsSigned() ? "TINYINT" : "UTINYINT";
                    case 16 -> integer.getIsSigned() ? "SMALLINT" : "USMALLINT";
                    case 32 -> integer.getIsSigned() ? "INTEGER" : "UINTEGER";
                    default -> integer.getIsSigned() ? "BIGINT" : "UBIGINT";
                };
            case ArrowType.FloatingPoint floating ->
                floating.getPrecision() == FloatingPointPrecision.SINGLE ? "FLOAT" : "DOUBLE";
            case ArrowType.Decimal decimal -> "DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
            case ArrowType.Utf8 text -> "VARCHAR";
            case ArrowType.LargeUtf8 text -> "VARCHAR";
            case ArrowType.Binary binary -> "BLOB";
            case ArrowType.LargeBinary binary -> "BLOB";
            case ArrowType.Date date -> "DATE";
            case ArrowType.Time time -> "TIME";
            case ArrowType.Timestamp timestamp ->
                timestamp.getTimezone() == null ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE";
            case ArrowType.Interval interval -> "INTERVAL";
            case ArrowType.Null nothing -> "NULL";
            default -> type.toString().toUpperCase(Locale.ROOT);
        };
    }

    /** The SQL name of a column's type, nested ones included: {@code INTEGER[]}, {@code STRUCT(a INTEGER)}, {@code MAP(VARCHAR, INTEGER)}. */
    public static String sql(Field field) {
        return NestedFields.sqlName(field, TypeNames::sql);
    }

    /** The name under a column's header in DuckDB's box display, nested ones included: {@code int32[]}. */
    public static String box(Field field) {
        return NestedFields.isNested(field.getType())
                ? NestedFields.sqlName(field, TypeNames::box).toLowerCase(Locale.ROOT)
                : box(field.getType());
    }

    /** The name under a column's header in DuckDB's box display: {@code int32}, {@code varchar}, {@code decimal(3,2)}. */
    public static String box(ArrowType type) {
        return switch (type) {
            case ArrowType.Int integer -> (integer.getIsSigned() ? "int" : "uint") + integer.getBitWidth();
            case ArrowType.Null nothing -> "\"null\"";
            default -> sql(type).toLowerCase(Locale.ROOT);
        };
    }

    /** Whether values of the type are numbers, which displays align to the right. */
    public static boolean isNumeric(ArrowType type) {
        return type instanceof ArrowType.Int
                || type instanceof ArrowType.FloatingPoint
                || type instanceof ArrowType.Decimal;
    }
}
