package dev.quiver.engine.exec.operator.scan;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.KeyRangeTest;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads a {@link TableData} (a catalog table): each stored batch is one morsel, its chosen columns shared with the
 * query (reference-counted buffers, no copy). Scans a snapshot, so a concurrent INSERT is not seen.
 *
 * <p>A scan that a join filter follows ({@link #skipping}) leaves out, unread, the stored batches
 * whose {@link ValueRange} of the filtered column no build key reaches.
 */
public final class TableScanOperator implements SourceOperator {
    private final TableData table;
    private final int[] columns;
    private final List<Field> fields;
    /** The tests that decide which stored batches to read; empty for a scan of every batch. */
    private final List<Skip> skips;

    /** A test of an output column's range in each stored batch. */
    private record Skip(int column, KeyRangeTest test) {}

    /** @param columns the table's columns to read, in output order */
    public TableScanOperator(TableData table, int[] columns) {
        this(table, columns, List.of());
    }

    private TableScanOperator(TableData table, int[] columns, List<Skip> skips) {
        this.table = table;
        this.columns = columns.clone();
        this.skips = skips;
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
        int[] chosen = chosenBatches(snapshot, query);
        AtomicInteger next = new AtomicInteger();
        return () -> {
            int position = next.getAndIncrement();
            if (position >= chosen.length) {
                return null;
            }
            int index = chosen[position];
            Batch stored = snapshot.get(index);
            List<FieldVector> shared = new ArrayList<>(columns.length);
            for (int column : columns) {
                shared.add(stored.retainColumn(column, query.context().allocator()));
            }
            query.context().addRowsScanned(stored.rowCount());
            return new Morsel(index, new Batch(shared, stored.rowCount()));
        };
    }

    /** The indexes of the stored batches to read, in order; skipped ones count as scanned at once. */
    private int[] chosenBatches(List<Batch> snapshot, QueryState query) {
        int[] chosen = new int[snapshot.size()];
        int count = 0;
        long skippedRows = 0;
        for (int index = 0; index < snapshot.size(); index++) {
            if (mayPass(index, query)) {
                chosen[count++] = index;
            } else {
                skippedRows += snapshot.get(index).rowCount();
            }
        }
        query.context().addRowsScanned(skippedRows);
        return Arrays.copyOf(chosen, count);
    }

    private boolean mayPass(int batch, QueryState query) {
        for (Skip skip : skips) {
            ValueRange range = table.valueRange(batch, columns[skip.column()]);
            if (range != null && !skip.test().mayPassAny(query, range.min(), range.max())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public TableScanOperator skipping(int column, KeyRangeTest test) {
        List<Skip> more = new ArrayList<>(skips);
        more.add(new Skip(column, test));
        return new TableScanOperator(table, columns, List.copyOf(more));
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
                + fields.stream().map(Field::getName).toList()
                + (skips.isEmpty()
                        ? ""
                        : ", skips batches by "
                                + skips.stream()
                                        .map(skip -> fields.get(skip.column()).getName())
                                        .toList())
                + ")";
    }
}
