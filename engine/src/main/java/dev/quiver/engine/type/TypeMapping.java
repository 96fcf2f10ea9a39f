package dev.quiver.engine.type;

import static java.util.Objects.requireNonNull;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The one mapping between SQL types (Calcite's {@link RelDataType}) and Arrow types.
 *
 * <p>BOOLEAN ⇄ Bool, TINYINT..BIGINT ⇄ signed Int(8..64), REAL ⇄ Float4, DOUBLE/FLOAT ⇄ Float8,
 * DECIMAL(p,s) ⇄ Decimal128(p,s), CHAR/VARCHAR ⇄ Utf8, BINARY/VARBINARY ⇄ Binary, DATE ⇄
 * Date(DAY), TIMESTAMP ⇄ Timestamp(MICROSECOND, no zone), TIME ⇄ Time(MICROSECOND, 64),
 * TIMESTAMP WITH LOCAL TIME ZONE (DuckDB's TIMESTAMPTZ) ⇄ Timestamp(MICROSECOND, "UTC") holding UTC
 * instants, UUID ⇄ FixedSizeBinary(16) with the big-endian bytes, every INTERVAL type ⇄
 * Interval(MONTH_DAY_NANO) (DuckDB's months, days and microseconds; back as INTERVAL DAY TO SECOND). DuckDB's HUGEINT is DECIMAL(38,0)
 * (as DuckDB's own Arrow export has it).
 * Nested types, to any depth: ARRAY
 * ({@code T[]}, DuckDB's LIST) ⇄ List with one nullable child (Arrow Java names it {@code $data$}), ROW ({@code STRUCT(a T)})
 * ⇄ Struct with named children, MAP ⇄ Map(keysSorted=false) of an {@code entries} struct with a
 * non-null {@code key} and a nullable {@code value}, DuckDB's fixed-size ARRAY {@code T[n]} ({@link
 * FixedArraySqlType}) ⇄ FixedSizeList(n). Anything else is unsupported, with a message naming
 * the type.
 */
public final class TypeMapping {
    /** The zone of TIMESTAMPTZ vectors: values are UTC instants whatever the session's TimeZone. */
    public static final String UTC = "UTC";

    private static final int UUID_BYTES = 16;
    private static final int INTERVAL_LEADING_PRECISION = 9;
    private static final int INTERVAL_FRACTION_PRECISION = 6;

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
            case INTERVAL_YEAR,
                    INTERVAL_YEAR_MONTH,
                    INTERVAL_MONTH,
                    INTERVAL_DAY,
                    INTERVAL_DAY_HOUR,
                    INTERVAL_DAY_MINUTE,
                    INTERVAL_DAY_SECOND,
                    INTERVAL_HOUR,
                    INTERVAL_HOUR_MINUTE,
                    INTERVAL_HOUR_SECOND,
                    INTERVAL_MINUTE,
                    INTERVAL_MINUTE_SECOND,
                    INTERVAL_SECOND -> new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO);
            case NULL -> ArrowType.Null.INSTANCE;
            case ARRAY, MULTISET ->
                type instanceof FixedArraySqlType fixed
                        ? new ArrowType.FixedSizeList(fixed.size())
                        : ArrowType.List.INSTANCE;
            case ROW -> ArrowType.Struct.INSTANCE;
            case MAP -> new ArrowType.Map(false);
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED, "SQL type " + type.getFullTypeString() + " is not supported yet");
        };
    }

    /** An Arrow field named {@code name} for values of {@code type}, nullable as the type is; nested types get their children. */
    public static Field toField(String name, RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case ARRAY, MULTISET -> {
                RelDataType element = requireNonNull(type.getComponentType());
                yield nested(name, type, toArrow(type), List.of(elementField(element)));
            }
            case ROW -> {
                List<Field> children = new ArrayList<>();
                for (RelDataTypeField member : type.getFieldList()) {
                    children.add(toField(member.getName(), member.getType()));
                }
                yield nested(name, type, ArrowType.Struct.INSTANCE, children);
            }
            case MAP -> {
                Field key = toField(MapVector.KEY_NAME, requireNonNull(type.getKeyType()));
                Field value = toField(MapVector.VALUE_NAME, requireNonNull(type.getValueType()));
                Field entries = new Field(
                        MapVector.DATA_VECTOR_NAME,
                        FieldType.notNullable(ArrowType.Struct.INSTANCE),
                        List.of(withNullability(key, false), withNullability(value, true)));
                yield nested(name, type, new ArrowType.Map(false), List.of(entries));
            }
            default -> new Field(name, new FieldType(type.isNullable(), toArrow(type), null), null);
        };
    }

    /**
     * The field a table stores the values of {@code field} in, nullable: NULL-typed parts (the column
     * of {@code SELECT NULL AS x}, the member b of {@code {'a': 1, 'b': NULL}}) become INTEGER, as
     * DuckDB types them.
     */
    public static Field storedField(Field field) {
        ArrowType type = field.getType() instanceof ArrowType.Null ? new ArrowType.Int(32, true) : field.getType();
        List<Field> children = new ArrayList<>();
        for (Field child : field.getChildren()) {
            Field stored = storedField(child);
            children.add(child.isNullable() ? stored : withNullability(stored, false));
        }
        return new Field(field.getName(), FieldType.nullable(type), children);
    }

    /** The child field of a LIST holding its elements: named {@code element} and always nullable, as DuckDB's are. */
    private static Field elementField(RelDataType element) {
        return withNullability(toField(ListVector.DATA_VECTOR_NAME, element), true);
    }

    private static Field nested(String name, RelDataType type, ArrowType arrowType, List<Field> children) {
        return new Field(name, new FieldType(type.isNullable(), arrowType, null), children);
    }

    private static Field withNullability(Field field, boolean nullable) {
        if (field.isNullable() == nullable) {
            return field;
        }
        return new Field(
                field.getName(),
                new FieldType(nullable, field.getType(), field.getDictionary(), field.getMetadata()),
                field.getChildren());
    }

    /**
     * The SQL type of DuckDB's INTERVAL (months, days and microseconds in one value): Calcite's
     * {@code INTERVAL DAY TO SECOND} with microsecond precision. Calcite's year-month intervals
     * ({@code INTERVAL 1 MONTH}) map to the same Arrow type.
     */
    public static RelDataType interval(RelDataTypeFactory factory) {
        return factory.createSqlIntervalType(new SqlIntervalQualifier(
                org.apache.calcite.avatica.util.TimeUnit.DAY,
                INTERVAL_LEADING_PRECISION,
                org.apache.calcite.avatica.util.TimeUnit.SECOND,
                INTERVAL_FRACTION_PRECISION,
                SqlParserPos.ZERO));
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
            case ArrowType.Interval interval
            when interval.getUnit() == IntervalUnit.MONTH_DAY_NANO -> interval(factory);
            case ArrowType.Map map -> {
                List<Field> entry = field.getChildren().getFirst().getChildren();
                yield factory.createMapType(toSql(entry.get(0), factory), toSql(entry.get(1), factory));
            }
            case ArrowType.List list ->
                factory.createArrayType(toSql(field.getChildren().getFirst(), factory), -1);
            case ArrowType.LargeList list ->
                factory.createArrayType(toSql(field.getChildren().getFirst(), factory), -1);
            case ArrowType.FixedSizeList list ->
                factory.createArrayType(toSql(field.getChildren().getFirst(), factory), list.getListSize());
            case ArrowType.Struct struct -> {
                List<RelDataType> types = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (Field child : field.getChildren()) {
                    names.add(child.getName());
                    types.add(toSql(child, factory));
                }
                yield factory.createStructType(types, names);
            }
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "column " + field.getName() + " has Arrow type " + field.getType()
                                + ", which Quiver does not support yet");
        };
        return factory.createTypeWithNullability(type, field.isNullable());
    }
}
