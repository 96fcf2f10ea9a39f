package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.type.FixedArraySqlType;
import dev.quiver.engine.type.TypeMapping;
import dev.quiver.udf.UdfType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.ArraySqlType;
import org.apache.calcite.sql.type.MapSqlType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Converts between SQL types and the types a Python function may take and return.
 *
 * <p>Flat types follow {@link TypeMapping}; the types of issue 10 are mapped here directly:
 * ARRAY (Calcite's {@link ArraySqlType}) ⇄ LIST, {@link FixedArraySqlType} ⇄ fixed-size ARRAY, ROW ⇄ STRUCT, MAP ⇄ MAP, TIME ⇄ TIME, TIMESTAMP WITH LOCAL TIME ZONE ⇄
 * TIMESTAMPTZ, every INTERVAL type ⇄ INTERVAL, UUID ⇄ UUID, nested to any depth.
 */
public final class UdfTypes {
    private static final String SUPPORTED = "BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, HUGEINT, REAL, DOUBLE,"
            + " DECIMAL(p,s), VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP, TIMESTAMP WITH TIME ZONE, INTERVAL, UUID,"
            + " and lists (T[], T[n]), STRUCTs and MAPs of them";

    private UdfTypes() {}

    /**
     * The Python-function type of a SQL type.
     *
     * @throws QuiverException UNSUPPORTED for a type Python functions cannot take or return
     */
    public static UdfType fromSql(RelDataType type, String what) {
        try {
            return convert(type);
        } catch (QuiverException | IllegalArgumentException e) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    what + " has type " + type.getFullTypeString()
                            + ", which Python functions cannot take or return (supported: " + SUPPORTED + ")");
        }
    }

    private static UdfType convert(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        if (SqlTypeName.INTERVAL_TYPES.contains(name)) {
            return UdfType.INTERVAL; // DuckDB has one interval type: months, days and microseconds
        }
        return switch (name) {
            case ARRAY ->
                type instanceof FixedArraySqlType fixed
                        ? UdfType.array(convert(fixed.getComponentType()), fixed.size())
                        : UdfType.list(convert(type.getComponentType()));
            case MAP -> {
                MapSqlType map = (MapSqlType) type;
                yield UdfType.map(convert(map.getKeyType()), convert(map.getValueType()));
            }
            case ROW -> {
                List<UdfType.Member> fields = new ArrayList<>();
                for (RelDataTypeField field : type.getFieldList()) {
                    fields.add(UdfType.field(field.getName(), convert(field.getType())));
                }
                yield UdfType.struct(fields);
            }
            case TIME -> UdfType.TIME;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> UdfType.TIMESTAMPTZ;
            case UUID -> UdfType.UUID;
            default -> UdfType.fromArrow(TypeMapping.toArrow(type));
        };
    }

    /** The nullable SQL type of a Python-function type; nested members are nullable too. */
    public static RelDataType toSql(UdfType type, RelDataTypeFactory factory) {
        RelDataType sql = switch (type.name()) {
            case LIST -> factory.createArrayType(toSql(type.element(), factory), -1);
            case ARRAY -> factory.createArrayType(toSql(type.element(), factory), type.size());
            case MAP -> factory.createMapType(toSql(type.key(), factory), toSql(type.element(), factory));
            case STRUCT ->
                factory.createStructType(
                        type.fields().stream()
                                .map(field -> toSql(field.type(), factory))
                                .toList(),
                        type.fields().stream().map(UdfType.Member::name).toList());
            case TIME -> factory.createSqlType(SqlTypeName.TIME, 6);
            case TIMESTAMPTZ -> factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6);
            case INTERVAL -> TypeMapping.interval(factory);
            case UUID -> factory.createSqlType(SqlTypeName.UUID);
            case HUGEINT -> factory.createSqlType(SqlTypeName.DECIMAL, 38, 0);
            default -> TypeMapping.toSql(field("value", type), factory);
        };
        return factory.createTypeWithNullability(sql, true);
    }

    /** A nullable Arrow field of a Python-function type, with its children. */
    public static Field field(String name, UdfType type) {
        return type.toField(name);
    }
}
