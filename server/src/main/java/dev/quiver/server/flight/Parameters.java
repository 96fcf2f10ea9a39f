package dev.quiver.server.flight;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.sql.SqlParameters;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Prepared-statement parameters between Flight and the engine: the parameter schema a client
 * binds against, and the bound rows it sends as Java values that the engine turns into typed
 * literals of the parsed statement (never into SQL text).
 */
final class Parameters {
    private Parameters() {}

    /** The Arrow schema of the parameters ({@code parameter_1}, …); VARCHAR where no type is known. */
    static Schema schema(List<ArrowType> types) {
        List<Field> fields = new ArrayList<>(types.size());
        for (int index = 0; index < types.size(); index++) {
            ArrowType type = types.get(index) == null ? ArrowType.Utf8.INSTANCE : types.get(index);
            if (type instanceof ArrowType.Timestamp) {
                // Arrow's Flight SQL JDBC driver (18.3) writes epoch milliseconds whatever the unit:
                // ask for milliseconds, so that bound timestamps are right (to the millisecond)
                type = new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
            }
            fields.add(new Field("parameter_" + (index + 1), FieldType.nullable(type), null));
        }
        return new Schema(fields);
    }

    /** Each row of {@code root} as Java values; a NULL of a known type as a typed NULL. */
    static List<List<Object>> rows(VectorSchemaRoot root, List<SqlTypeName> types) {
        List<List<Object>> rows = new ArrayList<>(root.getRowCount());
        for (int row = 0; row < root.getRowCount(); row++) {
            List<Object> values = new ArrayList<>(root.getFieldVectors().size());
            for (int column = 0; column < root.getFieldVectors().size(); column++) {
                FieldVector vector = root.getVector(column);
                Object value = QueryResult.value(vector, row);
                if (value instanceof org.apache.arrow.vector.util.Text text) {
                    value = text.toString();
                }
                if (value == null && column < types.size() && types.get(column) != null) {
                    value = new SqlParameters.TypedNull(types.get(column));
                }
                values.add(value);
            }
            rows.add(values);
        }
        return rows;
    }

    /** Typed NULLs for every parameter: enough to plan a statement and learn its columns. */
    static List<Object> nulls(List<SqlTypeName> types) {
        List<Object> values = new ArrayList<>(types.size());
        for (SqlTypeName type : types) {
            values.add(type == null ? null : new SqlParameters.TypedNull(type));
        }
        return values;
    }
}
