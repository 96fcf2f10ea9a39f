package dev.quiver.engine.exec.operator.scan;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Constant rows, produced as one morsel. */
public final class ValuesOperator implements SourceOperator {
    private final List<Field> fields;
    private final List<List<Object>> rows;

    /** @param rows Java values per row (see {@link VectorWriter}), one per field */
    public ValuesOperator(List<Field> fields, List<List<Object>> rows) {
        this.fields = List.copyOf(fields);
        this.rows = rows.stream()
                .map(row -> java.util.Collections.unmodifiableList(new ArrayList<>(row)))
                .toList();
    }

    @Override
    public SourceState open(QueryState query) {
        AtomicBoolean taken = new AtomicBoolean();
        return () -> {
            if (taken.getAndSet(true)) {
                return null;
            }
            List<FieldVector> columns = new ArrayList<>(fields.size());
            try {
                for (int column = 0; column < fields.size(); column++) {
                    FieldVector vector =
                            fields.get(column).createVector(query.context().allocator());
                    columns.add(vector);
                    vector.setInitialCapacity(Math.max(rows.size(), 1));
                    vector.allocateNew();
                    for (int row = 0; row < rows.size(); row++) {
                        VectorWriter.set(vector, row, rows.get(row).get(column));
                    }
                    vector.setValueCount(rows.size());
                }
            } catch (RuntimeException e) {
                columns.forEach(FieldVector::close);
                throw e;
            }
            return new Morsel(0, new Batch(columns, rows.size()));
        };
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of();
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        return "Values(" + rows.size() + " rows)";
    }
}
