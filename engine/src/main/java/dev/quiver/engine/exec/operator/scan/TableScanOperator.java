package dev.quiver.engine.exec.operator.scan;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads a {@link TableData} (a catalog table): each stored batch is one morsel, its chosen columns shared with the
 * query (reference-counted buffers, no copy). Scans a snapshot, so a concurrent INSERT is not seen.
 */
public final class TableScanOperator implements SourceOperator {
    private final TableData table;
    private final int[] columns;
    private final List<Field> fields;

    /** @param columns the table's columns to read, in output order */
    public TableScanOperator(TableData table, int[] columns) {
        this.table = table;
        this.columns = columns.clone();
        List<Field> all = table.schema().getFields();
        List<Field> chosen = new ArrayList<>();
        for (int column : columns) {
            chosen.add(all.get(column));
        }
        this.fields = List.copyOf(chosen);
    }

    @Override
    public SourceState open(QueryState query) {
        List<Batch> snapshot = table.batches();
        query.context()
                .addRowsToScan(snapshot.stream().mapToLong(Batch::rowCount).sum());
        AtomicInteger next = new AtomicInteger();
        return () -> {
            int index = next.getAndIncrement();
            if (index >= snapshot.size()) {
                return null;
            }
            Batch stored = snapshot.get(index);
            List<FieldVector> shared = new ArrayList<>(columns.length);
            for (int column : columns) {
                shared.add(stored.retainColumn(column, query.context().allocator()));
            }
            query.context().addRowsScanned(stored.rowCount());
            return new Morsel(index, new Batch(shared, stored.rowCount()));
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
        return "TableScan(" + table.name() + ", columns="
                + fields.stream().map(Field::getName).toList() + ")";
    }
}
