package dev.quiver.engine.type;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The one mapping between SQL types (Calcite's {@link RelDataType}) and Arrow types.
 *
 * <p>BOOLEAN ⇄ Bool, TINYINT..BIGINT ⇄ signed Int(8..64), REAL ⇄ Float4, DOUBLE/FLOAT ⇄ Float8,
 * DECIMAL(p,s) ⇄ Decimal128(p,s), CHAR/VARCHAR ⇄ Utf8, BINARY/VARBINARY ⇄ Binary, DATE ⇄
 * Date(DAY), TIMESTAMP ⇄ Timestamp(MICROSECOND, no zone), TIME ⇄ Time(MICROSECOND, 64),
 * TIMESTAMP WITH LOCAL TIME ZONE (DuckDB's TIMESTAMPTZ) ⇄ Timestamp(MICROSECOND, "UTC") holding UTC
 * instants, UUID ⇄ FixedSizeBinary(16) with the big-endian bytes. DuckDB's HUGEINT is DECIMAL(38,0)
 * (as DuckDB's own Arrow export has it). Anything else is unsupported, with a message naming the type.
 */
public final class TypeMapping {
    /** The zone of TIMESTAMPTZ vectors: values are UTC instants whatever the session's TimeZone. */
    public static final String UTC = "UTC";

    private static final int UUID_BYTES = 16;

    private TypeMapping() {}

    /** The Arrow type storing values of {@code type}. */
    public static ArrowType toArrow(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        return switch (name) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case TINYINT -> new ArrowType.Int(8, true);
            case SMALLINT -> new ArrowType.Int(16, true);
            case INTEGER -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT, DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(type.getPrecision(), Math.max(type.getScale(), 0), 128);
            case CHAR, VARCHAR -> ArrowType.Utf8.INSTANCE;
            case BINARY, VARBINARY -> ArrowType.Binary.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, UTC);
            case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case UUID -> new ArrowType.FixedSizeBinary(UUID_BYTES);
            case NULL -> ArrowType.Null.INSTANCE;
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED, "SQL type " + type.getFullTypeString() + " is not supported yet");
        };
    }

    /** A nullable Arrow field named {@code name} for values of {@code type}. */
    public static Field toField(String name, RelDataType type) {
        return new Field(name, new FieldType(type.isNullable(), toArrow(type), null), null);
    }

    /** The SQL type of an Arrow field, nullable as the field is. */
    public static RelDataType toSql(Field field, RelDataTypeFactory factory) {
        RelDataType type = switch (field.getType()) {
            case ArrowType.Bool bool -> factory.createSqlType(SqlTypeName.BOOLEAN);
            case ArrowType.Int integer
            when integer.getIsSigned() ->
                factory.createSqlType(
                        switch (integer.getBitWidth()) {
                            case 8 -> SqlTypeName.TINYINT;
                            case 16 -> SqlTypeName.SMALLINT;
                            case 32 -> SqlTypeName.INTEGER;
                            default -> SqlTypeName.BIGINT;
                        });
            case ArrowType.FloatingPoint floating ->
                factory.createSqlType(
                        floating.getPrecision() == FloatingPointPrecision.SINGLE
                                ? SqlTypeName.REAL
                                : SqlTypeName.DOUBLE);
            case ArrowType.Decimal decimal ->
                factory.createSqlType(SqlTypeName.DECIMAL, decimal.getPrecision(), decimal.getScale());
            case ArrowType.Utf8 utf8 -> factory.createSqlType(SqlTypeName.VARCHAR);
            case ArrowType.Binary binary -> factory.createSqlType(SqlTypeName.VARBINARY);
            case ArrowType.Date date when date.getUnit() == DateUnit.DAY -> factory.createSqlType(SqlTypeName.DATE);
            case ArrowType.Timestamp timestamp
            when timestamp.getTimezone() == null -> factory.createSqlType(SqlTypeName.TIMESTAMP, 6);
            case ArrowType.Timestamp timestamp -> factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6);
            case ArrowType.Time time -> factory.createSqlType(SqlTypeName.TIME, 6);
            case ArrowType.FixedSizeBinary binary
            when binary.getByteWidth() == UUID_BYTES -> factory.createSqlType(SqlTypeName.UUID);
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "column " + field.getName() + " has Arrow type " + field.getType()
                                + ", which Quiver does not support yet");
        };
        return factory.createTypeWithNullability(type, field.isNullable());
    }
}
