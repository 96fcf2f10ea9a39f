package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.type.TypeMapping;
import dev.quiver.udf.UdfType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/** Converts between SQL types and the types a Python function may take and return. */
public final class UdfTypes {
    private UdfTypes() {}

    /**
     * The Python-function type of a SQL type.
     *
     * @throws QuiverException UNSUPPORTED for a type Python functions cannot take or return
     */
    public static UdfType fromSql(RelDataType type, String what) {
        try {
            return UdfType.fromArrow(TypeMapping.toArrow(type));
        } catch (QuiverException | IllegalArgumentException e) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    what + " has type " + type.getFullTypeString()
                            + ", which Python functions cannot take or return (supported: BOOLEAN, TINYINT, SMALLINT,"
                            + " INTEGER, BIGINT, REAL, DOUBLE, DECIMAL(p,s), VARCHAR, VARBINARY, DATE, TIMESTAMP)");
        }
    }

    /** The nullable SQL type of a Python-function type. */
    public static RelDataType toSql(UdfType type, RelDataTypeFactory factory) {
        return TypeMapping.toSql(field("value", type), factory);
    }

    /** A nullable Arrow field of a Python-function type. */
    public static Field field(String name, UdfType type) {
        return new Field(name, FieldType.nullable(type.arrowType()), null);
    }
}
