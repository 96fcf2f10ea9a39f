package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the nested kernel tests: a {@link RootAllocator} per test, closed after it (so a leaked
 * vector fails the test), hand-built list vectors, and results read back as Java values.
 */
abstract class ListTestSupport {
    static final Field INTEGER = field(new ArrowType.Int(32, true));
    static final Field BIGINT = field(new ArrowType.Int(64, true));
    static final Field BOOLEAN = field(ArrowType.Bool.INSTANCE);
    static final Field VARCHAR = field(ArrowType.Utf8.INSTANCE);

    BufferAllocator allocator;
    ExecutionContext context;
    private final List<AutoCloseable> owned = new ArrayList<>();

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator();
        context = new ExecutionContext(allocator, 1, 1024);
    }

    @AfterEach
    void closeAllocator() throws Exception {
        for (AutoCloseable resource : owned.reversed()) {
            resource.close();
        }
        owned.clear();
        allocator.close();
    }

    static Field field(ArrowType type) {
        return new Field("x", FieldType.nullable(type), null);
    }

    /** LIST(element) with DuckDB's child name. */
    static Field listOf(Field element) {
        return new Field(
                "x",
                FieldType.nullable(ArrowType.List.INSTANCE),
                List.of(new Field("element", element.getFieldType(), element.getChildren())));
    }

    IntVector ints(Integer... values) {
        IntVector vector = new IntVector("x", allocator);
        vector.allocateNew(Math.max(values.length, 1));
        for (int index = 0; index < values.length; index++) {
            if (values[index] == null) {
                vector.setNull(index);
            } else {
                vector.set(index, values[index]);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    BigIntVector bigints(Long... values) {
        BigIntVector vector = new BigIntVector("x", allocator);
        vector.allocateNew(Math.max(values.length, 1));
        for (int index = 0; index < values.length; index++) {
            if (values[index] == null) {
                vector.setNull(index);
            } else {
                vector.set(index, values[index]);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    VarCharVector strings(String... values) {
        VarCharVector vector = new VarCharVector("x", allocator);
        vector.allocateNew();
        for (int index = 0; index < values.length; index++) {
            if (values[index] == null) {
                vector.setNull(index);
            } else {
                vector.setSafe(index, values[index].getBytes(StandardCharsets.UTF_8));
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    /**
     * A list vector over {@code elements} (consumed): row r holds the next {@code lengths[r]}
     * elements, or is NULL when its length is null.
     */
    ListVector list(FieldVector elements, Integer... lengths) {
        try (elements) {
            ListVector list = (ListVector) listOf(elements.getField()).createVector(allocator);
            list.allocateNew();
            elements.makeTransferPair(list.getDataVector()).transfer();
            for (int row = 0; row < lengths.length; row++) {
                if (lengths[row] == null) {
                    list.setNull(row);
                } else {
                    list.startNewValue(row);
                    list.endValue(row, lengths[row]);
                }
            }
            list.setValueCount(lengths.length);
            return list;
        }
    }

    /** MAP(key, value) with Arrow's child names. */
    static Field mapOf(Field key, Field value) {
        Field entries = new Field(
                MapVector.DATA_VECTOR_NAME,
                FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(
                        new Field(MapVector.KEY_NAME, FieldType.notNullable(key.getType()), null),
                        new Field(MapVector.VALUE_NAME, FieldType.nullable(value.getType()), null)));
        return new Field("x", FieldType.nullable(new ArrowType.Map(false)), List.of(entries));
    }

    /** A map vector over {@code keys} and {@code values} (consumed), rows as in {@link #list}. */
    MapVector map(FieldVector keys, FieldVector values, Integer... lengths) {
        try (keys;
                values) {
            MapVector map =
                    (MapVector) mapOf(keys.getField(), values.getField()).createVector(allocator);
            map.allocateNew();
            StructVector entries = (StructVector) map.getDataVector();
            int count = keys.getValueCount();
            keys.makeTransferPair(entries.getChildrenFromFields().get(0)).transfer();
            values.makeTransferPair(entries.getChildrenFromFields().get(1)).transfer();
            for (int index = 0; index < count; index++) {
                entries.setIndexDefined(index);
            }
            for (int row = 0; row < lengths.length; row++) {
                if (lengths[row] == null) {
                    map.setNull(row);
                } else {
                    map.startNewValue(row);
                    map.endValue(row, lengths[row]);
                }
            }
            map.setValueCount(lengths.length);
            return map;
        }
    }

    /** A batch of the given columns, closed after the test. */
    Batch batch(FieldVector... columns) {
        int rows = columns.length == 0 ? 1 : columns[0].getValueCount();
        Batch batch = new Batch(List.of(columns), rows);
        owned.add(batch);
        return batch;
    }

    static Expr column(int index, FieldVector vector) {
        return new ColumnExpr(index, vector.getField());
    }

    /** The result's values as Java objects ({@code getObject}: lists print as {@code [1,2]}). */
    List<Object> eval(Expr expr, Batch batch) {
        try (FieldVector result = expr.evaluate(batch, context)) {
            List<Object> values = new ArrayList<>();
            for (int row = 0; row < batch.rowCount(); row++) {
                Object value = result.getObject(row);
                values.add(value == null ? null : value.toString());
            }
            return values;
        }
    }
}
