package dev.quiver.trino;

import dev.quiver.udf.UdfType;
import io.trino.spi.TrinoException;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.BooleanType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.SmallintType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TinyintType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;
import java.util.ArrayList;
import java.util.List;

/** The one mapping from Trino's types to udf-runtime's, refusing what Python cannot take with a clear error. */
final class TrinoTypes {
    /** udf-runtime's TIMESTAMP holds microseconds; finer Trino timestamps would lose digits silently. */
    static final int MAX_TIMESTAMP_PRECISION = 6;

    private TrinoTypes() {}

    /** @throws TrinoException PYTHON_UNSUPPORTED_TYPE naming the type */
    static UdfType toUdfType(Type type) {
        return switch (type) {
            case BooleanType _ -> UdfType.BOOLEAN;
            case TinyintType _ -> UdfType.TINYINT;
            case SmallintType _ -> UdfType.SMALLINT;
            case IntegerType _ -> UdfType.INTEGER;
            case BigintType _ -> UdfType.BIGINT;
            case RealType _ -> UdfType.REAL;
            case DoubleType _ -> UdfType.DOUBLE;
            case DecimalType decimal -> UdfType.decimal(decimal.getPrecision(), decimal.getScale());
            case VarcharType _ -> UdfType.VARCHAR;
            case VarbinaryType _ -> UdfType.VARBINARY;
            case DateType _ -> UdfType.DATE;
            case TimestampType timestamp when timestamp.getPrecision() <= MAX_TIMESTAMP_PRECISION -> UdfType.TIMESTAMP;
            case ArrayType array -> UdfType.list(toUdfType(array.getElementType()));
            case MapType map -> UdfType.map(toUdfType(map.getKeyType()), toUdfType(map.getValueType()));
            case RowType row -> struct(row);
            default ->
                throw new TrinoException(
                        PythonErrorCode.PYTHON_UNSUPPORTED_TYPE,
                        "type " + type.getDisplayName() + " is not supported by Python functions (supported: BOOLEAN, "
                                + "TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARCHAR, VARBINARY, DATE, "
                                + "TIMESTAMP(0..6), ARRAY, MAP and ROW of these)");
        };
    }

    private static UdfType struct(RowType row) {
        try {
            return UdfType.struct(members(row));
        } catch (IllegalArgumentException e) { // two fields of one name: no Python dict can hold both
            throw new TrinoException(
                    PythonErrorCode.PYTHON_UNSUPPORTED_TYPE,
                    "type " + row.getDisplayName() + " cannot be passed to Python: " + e.getMessage(),
                    e);
        }
    }

    private static List<UdfType.Member> members(RowType row) {
        List<UdfType.Member> members = new ArrayList<>();
        List<RowType.Field> fields = row.getFields();
        for (int index = 0; index < fields.size(); index++) {
            RowType.Field field = fields.get(index);
            // An anonymous ROW field still needs a dict key in Python: its position, as Trino names it (field0, ...).
            String name = field.getName().orElse("field" + index);
            members.add(UdfType.field(name, toUdfType(field.getType())));
        }
        return members;
    }
}
