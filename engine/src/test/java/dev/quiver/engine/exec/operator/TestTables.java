package dev.quiver.engine.exec.operator;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Builds in-memory tables from Java rows for tests (values as {@link VectorWriter} takes them). */
public final class TestTables {
    private TestTables() {}

    public static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    public static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** A table of {@code rows}, stored {@code perBatch} rows to a batch (so scans give that many morsels). */
    public static MemoryTable table(
            String name, List<Field> fields, List<List<Object>> rows, int perBatch, BufferAllocator allocator) {
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += perBatch) {
            int count = Math.min(perBatch, rows.size() - start);
            List<FieldVector> columns = new ArrayList<>();
            for (int column = 0; column < fields.size(); column++) {
                FieldVector vector = fields.get(column).createVector(allocator);
                vector.setInitialCapacity(count);
                vector.allocateNew();
                for (int row = 0; row < count; row++) {
                    VectorWriter.set(vector, row, rows.get(start + row).get(column));
                }
                vector.setValueCount(count);
                columns.add(vector);
            }
            batches.add(new Batch(columns, count));
        }
        return new MemoryTable(name, new Schema(fields), batches);
    }
}
