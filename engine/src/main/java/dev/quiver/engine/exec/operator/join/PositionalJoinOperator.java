package dev.quiver.engine.exec.operator.join;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.FinishedBatches;
import dev.quiver.engine.exec.operator.set.SetOperationOperator.InputTag;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * DuckDB's POSITIONAL JOIN: row i of the left input beside row i of the right one, in each input's
 * morsel order (a table's order, or a sort's), the shorter input padded with NULLs.
 *
 * <p>A breaker with one pipeline per input, each tagged with its number ({@link InputTag}); both
 * inputs are held whole, by morsel sequence, until both finished.
 */
public final class PositionalJoinOperator
        implements SinkOperator<PositionalJoinOperator.State, PositionalJoinOperator.State>, SourceOperator {
    private final List<PhysicalOperator> inputs;
    private final List<Field> fields;
    private final int leftColumns;

    /** @param fields the left input's columns, then the right one's */
    public PositionalJoinOperator(PhysicalOperator left, PhysicalOperator right, List<Field> fields) {
        this.inputs = List.of(new InputTag(left, 0), new InputTag(right, 1));
        this.fields = List.copyOf(fields);
        this.leftColumns = left.outputFields().size();
    }

    /** Each input's batches by morsel sequence, then the output. Shared by all threads; methods synchronise. */
    public static final class State implements AutoCloseable {
        private final List<TreeMap<Long, List<Batch>>> bySequence = List.of(new TreeMap<>(), new TreeMap<>());
        private final FinishedBatches joined = new FinishedBatches();

        synchronized void add(int input, long sequence, Batch batch) {
            bySequence
                    .get(input)
                    .computeIfAbsent(sequence, key -> new ArrayList<>())
                    .add(batch);
        }

        @Override
        public synchronized void close() {
            for (TreeMap<Long, List<Batch>> batches : bySequence) {
                batches.values().forEach(list -> list.forEach(Batch::close));
                batches.clear();
            }
            joined.close();
        }
    }

    @Override
    public State createGlobal(QueryState query) {
        return new State();
    }

    @Override
    public State createLocal(State global, QueryState query) {
        return global;
    }

    @Override
    public void consume(State local, Morsel morsel, QueryState query) {
        Batch batch = morsel.batch();
        if (batch.rowCount() == 0) {
            batch.close();
            return;
        }
        int input = ((IntVector) batch.column(batch.columnCount() - 1)).get(0);
        local.add(input, morsel.sequence(), batch);
    }

    @Override
    public void combine(State global, State local, QueryState query) {}

    @Override
    public void abandonLocal(State local) {
        // the local state is the global one; QueryState frees it
    }

    @Override
    public void finish(State global, QueryState query) {
        synchronized (global) {
            BufferAllocator allocator = query.context().allocator();
            List<FieldVector> left = concat(global.bySequence.get(0), 0, leftColumns, allocator);
            List<FieldVector> right = null;
            try {
                right = concat(global.bySequence.get(1), leftColumns, fields.size(), allocator);
                int leftRows = left.isEmpty() ? 0 : left.getFirst().getValueCount();
                int rightRows = right.isEmpty() ? 0 : right.getFirst().getValueCount();
                int rows = Math.max(leftRows, rightRows);
                int chunk = query.context().batchRows();
                for (int start = 0; start < rows; start += chunk) {
                    int count = Math.min(chunk, rows - start);
                    List<FieldVector> columns = new ArrayList<>(fields.size());
                    try {
                        columns.addAll(padded(left, start, count, leftRows, allocator));
                        columns.addAll(padded(right, start, count, rightRows, allocator));
                    } catch (RuntimeException e) {
                        columns.forEach(FieldVector::close);
                        throw e;
                    }
                    global.joined.add(new Batch(columns, count));
                }
            } finally {
                left.forEach(FieldVector::close);
                if (right != null) {
                    right.forEach(FieldVector::close);
                }
                global.bySequence.forEach(batches -> {
                    batches.values().forEach(list -> list.forEach(Batch::close));
                    batches.clear();
                });
            }
        }
    }

    /** Columns {@code [from, to)} of the output, concatenated over an input's batches in order. */
    private List<FieldVector> concat(TreeMap<Long, List<Batch>> batches, int from, int to, BufferAllocator allocator) {
        List<Batch> ordered = batches.values().stream().flatMap(List::stream).toList();
        return BatchColumns.concatAll(ordered, fields.subList(from, to), allocator);
    }

    /** Rows {@code [start, start + count)} of {@code columns}, NULL from row {@code available} on. */
    private static List<FieldVector> padded(
            List<FieldVector> columns, int start, int count, int available, BufferAllocator allocator) {
        int[] rows = new int[count];
        for (int index = 0; index < count; index++) {
            rows[index] = start + index < available ? start + index : -1;
        }
        List<FieldVector> gathered = new ArrayList<>(columns.size());
        try {
            for (FieldVector column : columns) {
                gathered.add(Gather.gather(column, rows, count, allocator));
            }
        } catch (RuntimeException e) {
            gathered.forEach(FieldVector::close);
            throw e;
        }
        return gathered;
    }

    @Override
    public SourceState open(QueryState query) {
        return query.<State>finished(this).joined::take;
    }

    @Override
    public List<PhysicalOperator> children() {
        return inputs;
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        return "PositionalJoin";
    }
}
