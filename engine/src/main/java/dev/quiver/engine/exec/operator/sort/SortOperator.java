package dev.quiver.engine.exec.operator.sort;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.CollectThenEmit;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * ORDER BY: collects its input (threads buffer locally), then sorts once all input is in — a
 * pipeline breaker — and hands out the sorted rows as morsels numbered in order.
 *
 * <p>The sort is a stable merge sort of row numbers with comparators specialised per key type.
 */
public final class SortOperator implements SinkOperator<CollectThenEmit, MorselBuffer>, SourceOperator {
    private final PhysicalOperator input;
    private final List<SortKey> keys;

    public SortOperator(PhysicalOperator input, List<SortKey> keys) {
        this.input = input;
        this.keys = List.copyOf(keys);
    }

    @Override
    public CollectThenEmit createGlobal(QueryState query) {
        return new CollectThenEmit();
    }

    @Override
    public MorselBuffer createLocal(CollectThenEmit global, QueryState query) {
        return new MorselBuffer();
    }

    @Override
    public void consume(MorselBuffer local, Morsel morsel, QueryState query) {
        if (morsel.batch().rowCount() == 0) {
            morsel.batch().close();
            return;
        }
        local.add(morsel);
    }

    @Override
    public void combine(CollectThenEmit global, MorselBuffer local, QueryState query) {
        global.input().addAll(local);
    }

    @Override
    public void finish(CollectThenEmit global, QueryState query) {
        BufferAllocator allocator = query.context().allocator();
        List<Batch> batches = global.input().takeInOrder();
        List<FieldVector> columns = new ArrayList<>();
        try {
            for (int column = 0; column < input.outputFields().size(); column++) {
                List<FieldVector> parts = new ArrayList<>(batches.size());
                for (Batch batch : batches) {
                    parts.add(batch.column(column));
                }
                columns.add(Vectors.concat(parts, input.outputFields().get(column), allocator));
            }
            batches.forEach(Batch::close);
            batches.clear();
            int rows = columns.isEmpty() ? 0 : columns.getFirst().getValueCount();
            int[] order = sortedRows(rows, RowComparators.forKeys(columns, keys));
            int chunk = query.context().batchRows();
            for (int start = 0; start < rows; start += chunk) {
                int count = Math.min(chunk, rows - start);
                int[] slice = java.util.Arrays.copyOfRange(order, start, start + count);
                List<FieldVector> out = new ArrayList<>(columns.size());
                for (FieldVector column : columns) {
                    out.add(Gather.gather(column, slice, count, allocator));
                }
                global.output().add(new Batch(out, count));
            }
        } finally {
            batches.forEach(Batch::close);
            columns.forEach(FieldVector::close);
        }
    }

    /** Row numbers 0..rows-1 in sorted order (stable merge sort). */
    static int[] sortedRows(int rows, RowComparators.RowComparator comparator) {
        int[] order = new int[rows];
        for (int row = 0; row < rows; row++) {
            order[row] = row;
        }
        RowComparators.sort(order, comparator);
        return order;
    }

    @Override
    public SourceState open(QueryState query) {
        return query.<CollectThenEmit>finished(this).output()::take;
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return input.outputFields();
    }

    @Override
    public String describe() {
        return "Sort(" + keys + ")";
    }
}
