package dev.quiver.engine.exec.operator.join;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.BufferingSink;
import dev.quiver.engine.exec.operator.FinishedBatches;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.operator.set.SetOperationOperator.InputTag;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * DuckDB's POSITIONAL JOIN: row i of the left input beside row i of the right one, in each input's
 * morsel order (a table's order, or a sort's), the shorter input padded with NULLs.
 *
 * <p>A breaker with one pipeline per input, each tagged with its number ({@link InputTag}); both
 * inputs are held whole ({@link BufferingSink}) until both finished, then put in morsel order.
 */
public final class PositionalJoinOperator implements BufferingSink<PositionalJoinOperator.State>, SourceOperator {
    private final List<PhysicalOperator> inputs;
    private final List<Field> fields;
    private final int leftColumns;

    /** @param fields the left input's columns, then the right one's */
    public PositionalJoinOperator(PhysicalOperator left, PhysicalOperator right, List<Field> fields) {
        this.inputs = List.of(new InputTag(left, 0), new InputTag(right, 1));
        this.fields = List.copyOf(fields);
        this.leftColumns = left.outputFields().size();
    }

    /** Both inputs' tagged morsels, then the output. */
    public static final class State implements AutoCloseable {
        private final MorselBuffer input = new MorselBuffer();
        private final FinishedBatches joined = new FinishedBatches();

        @Override
        public synchronized void close() {
            input.close();
            joined.close();
        }
    }

    @Override
    public State createGlobal(QueryState query) {
        return new State();
    }

    @Override
    public MorselBuffer buffer(State global) {
        return global.input;
    }

    @Override
    public void finish(State global, QueryState query) {
        synchronized (global) {
            BufferAllocator allocator = query.context().allocator();
            List<List<Batch>> byInput = List.of(new ArrayList<>(), new ArrayList<>());
            for (Batch batch : global.input.takeInOrder()) {
                byInput.get(((IntVector) batch.column(batch.columnCount() - 1)).get(0))
                        .add(batch);
            }
            List<FieldVector> left = null;
            List<FieldVector> right = null;
            try {
                left = BatchColumns.concatAll(byInput.get(0), fields.subList(0, leftColumns), allocator);
                right = BatchColumns.concatAll(byInput.get(1), fields.subList(leftColumns, fields.size()), allocator);
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
                if (left != null) {
                    left.forEach(FieldVector::close);
                }
                if (right != null) {
                    right.forEach(FieldVector::close);
                }
                byInput.forEach(batches -> batches.forEach(Batch::close));
            }
        }
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
