package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Creates catalog tables from Java rows for SQL tests, stored in batches of a chosen size. */
final class TestTables {
    static final ArrowType BIGINT = new ArrowType.Int(64, true);
    static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;
    static final ArrowType BOOLEAN = ArrowType.Bool.INSTANCE;

    private TestTables() {}

    static Field nullable(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    static Field notNull(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    static void create(Quiver database, String name, List<Field> fields, List<List<Object>> rows, int perBatch) {
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += perBatch) {
            int count = Math.min(perBatch, rows.size() - start);
            List<FieldVector> columns = new ArrayList<>();
            for (int column = 0; column < fields.size(); column++) {
                FieldVector vector = fields.get(column).createVector(database.storageAllocator());
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
        database.catalog().create(new MemoryTable(name, new Schema(fields), batches));
    }
}
