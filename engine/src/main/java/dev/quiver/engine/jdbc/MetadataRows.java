package dev.quiver.engine.jdbc;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Builds the small results DatabaseMetaData and {@code Array.getResultSet} return (tables, columns, …) from Java rows. */
final class MetadataRows {
    static final ArrowType TEXT = ArrowType.Utf8.INSTANCE;
    static final ArrowType INT = new ArrowType.Int(32, true);
    static final ArrowType SHORT = new ArrowType.Int(16, true);
    static final ArrowType BOOL = ArrowType.Bool.INSTANCE;

    /** One column of a metadata result; {@code children} are a nested type's (else null). */
    record Column(String name, ArrowType type, List<Field> children) {
        Column(String name, ArrowType type) {
            this(name, type, null);
        }

        Field field() {
            return new Field(name, FieldType.nullable(type), children);
        }
    }

    private final List<Field> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    MetadataRows(List<Column> columns) {
        this.columns = columns.stream().map(Column::field).toList();
    }

    /** Adds a row; values as {@link VectorWriter} takes them, one per column. */
    MetadataRows add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(
                    "a row of " + values.length + " values for " + columns.size() + " columns");
        }
        rows.add(java.util.Arrays.asList(values));
        return this;
    }

    /**
     * The rows as a result set; its memory comes from a query allocator of the connection's database and is
     * freed when the result set or the connection closes.
     */
    QuiverResultSet toResultSet(QuiverConnection connection) {
        BufferAllocator allocator = connection.database().newQueryAllocator("metadata");
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int column = 0; column < columns.size(); column++) {
                FieldVector vector = columns.get(column).createVector(allocator);
                vectors.add(vector);
                vector.setInitialCapacity(Math.max(rows.size(), 1));
                vector.allocateNew();
                for (int row = 0; row < rows.size(); row++) {
                    VectorWriter.set(vector, row, rows.get(row).get(column));
                }
                vector.setValueCount(rows.size());
            }
            List<Field> fields = vectors.stream().map(FieldVector::getField).toList();
            QueryResult result = QueryResult.ofRows(fields, List.of(new Batch(vectors, rows.size())), allocator);
            return connection.track(new QuiverResultSet(connection, result));
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            allocator.close();
            throw e;
        }
    }
}
