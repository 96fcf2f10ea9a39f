package dev.quiver.engine.exec.operator.sort;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.BufferingSink;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * ORDER BY: collects its input (threads buffer locally), then sorts once all input is in — a
 * pipeline breaker — and hands out the sorted rows as morsels numbered in order.
 *
 * <p>Finish concatenates the input and cuts the rows into ranges of the order ({@link SortRanges}:
 * sampled splitters, one binary search per row); the threads of the next pipeline then take whole
 * ranges, sort each (a stable merge sort of row numbers with comparators specialised per key type)
 * and gather its batches, so the sort and the gathering run on every thread. Ranges emit in order
 * with dense sequence numbers, and each keeps its rows in input order, so the result is exactly the
 * stable sort of the input.
 */
public final class SortOperator implements BufferingSink<SortState>, SourceOperator {
    /** Ranges per thread: enough that uneven ranges still keep every thread busy. */
    private static final int RANGES_PER_THREAD = 4;

    private final PhysicalOperator input;
    private final List<SortKey> keys;

    public SortOperator(PhysicalOperator input, List<SortKey> keys) {
        this.input = input;
        this.keys = List.copyOf(keys);
    }

    @Override
    public SortState createGlobal(QueryState query) {
        return new SortState();
    }

    @Override
    public MorselBuffer buffer(SortState global) {
        return global.input;
    }

    @Override
    public void finish(SortState global, QueryState query) {
        ExecutionContext context = query.context();
        List<Batch> batches = global.input.takeInOrder();
        try {
            for (int column = 0; column < input.outputFields().size(); column++) {
                List<FieldVector> parts = new ArrayList<>(batches.size());
                for (Batch batch : batches) {
                    parts.add(batch.column(column));
                }
                global.columns.add(Vectors.concat(parts, input.outputFields().get(column), context.allocator()));
            }
        } finally {
            batches.forEach(Batch::close);
        }
        int rows = global.columns.isEmpty() ? 0 : global.columns.getFirst().getValueCount();
        int chunk = context.batchRows();
        // one range when a single thread would sort it all anyway, or when there is little to sort
        int parts = rows < 2 * chunk ? 1 : Math.min(SortRanges.MAX_PARTS, context.threads() * RANGES_PER_THREAD);
        global.ranges = SortRanges.split(rows, parts, RowComparators.forKeys(global.columns, keys));
        global.firstSequence = new long[global.ranges.length];
        long sequence = 0;
        for (int range = 0; range < global.ranges.length; range++) {
            global.firstSequence[range] = sequence;
            sequence += (global.ranges[range].length + chunk - 1) / chunk;
        }
        global.morselCount = sequence;
    }

    @Override
    public SourceState open(QueryState query) {
        SortState state = query.finished(this);
        return () -> next(state, query.context());
    }

    /**
     * The next sorted batch in order: taken if sorted already, else this thread sorts the next
     * unclaimed range, or — none left — waits for the thread sorting the range that holds it.
     */
    private Morsel next(SortState state, ExecutionContext context) {
        while (true) {
            Morsel next = state.takeNext();
            if (next != null) {
                return next;
            }
            if (state.allHandedOut()) {
                return null;
            }
            int range = state.nextRange.getAndIncrement();
            if (range < state.ranges.length) {
                if (state.ranges[range].length > 0) {
                    context.checkCancelled();
                    state.addSorted(sortRange(state, range, context));
                }
                continue;
            }
            state.awaitNext(context);
        }
    }

    /** Sorts one range and gathers it as batches of at most the morsel size, numbered in order. */
    private List<Morsel> sortRange(SortState state, int range, ExecutionContext context) {
        int[] rows = state.ranges[range];
        RowComparators.sort(rows, RowComparators.forKeys(state.columns, keys));
        int chunk = context.batchRows();
        List<Morsel> sorted = new ArrayList<>((rows.length + chunk - 1) / chunk);
        try {
            for (int start = 0; start < rows.length; start += chunk) {
                int count = Math.min(chunk, rows.length - start);
                int[] slice = Arrays.copyOfRange(rows, start, start + count);
                List<FieldVector> out = new ArrayList<>(state.columns.size());
                try {
                    for (FieldVector column : state.columns) {
                        out.add(Gather.gather(column, slice, count, context.allocator()));
                    }
                } catch (RuntimeException e) {
                    out.forEach(FieldVector::close);
                    throw e;
                }
                sorted.add(new Morsel(state.firstSequence[range] + start / chunk, new Batch(out, count)));
            }
        } catch (RuntimeException e) {
            sorted.forEach(morsel -> morsel.batch().close());
            throw e;
        }
        return sorted;
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
