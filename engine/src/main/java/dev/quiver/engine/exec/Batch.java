package dev.quiver.engine.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A set of equally long Arrow columns: the unit every operator consumes and produces.
 *
 * <p>OWNERSHIP: a batch owns its vectors; {@link #close} frees them. Operators that pass a column
 * through unchanged transfer or share it explicitly (see {@link #retainColumn}); nothing is freed
 * twice. A batch is not thread-safe and is handed from one thread to the next, never shared.
 */
public final class Batch implements AutoCloseable {
    private final List<FieldVector> columns;
    private final int rowCount;

    public Batch(List<FieldVector> columns, int rowCount) {
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
        for (FieldVector column : this.columns) {
            if (column.getValueCount() < rowCount) {
                throw new IllegalArgumentException("column " + column.getName() + " has " + column.getValueCount()
                        + " values for a batch of " + rowCount + " rows");
            }
        }
    }

    public int rowCount() {
        return rowCount;
    }

    public int columnCount() {
        return columns.size();
    }

    public FieldVector column(int index) {
        return columns.get(index);
    }

    public List<FieldVector> columns() {
        return columns;
    }

    public Schema schema() {
        return new Schema(columns.stream().map(FieldVector::getField).toList());
    }

    /**
     * A new reference to column {@code index}, for a batch that passes the column through: Arrow
     * buffers are reference counted, so both batches can be closed independently.
     */
    public FieldVector retainColumn(int index, org.apache.arrow.memory.BufferAllocator allocator) {
        FieldVector source = columns.get(index);
        // not getTransferPair(Field): for a struct Arrow builds a writer that refuses FixedSizeList members
        org.apache.arrow.vector.util.TransferPair pair = source.getTransferPair(allocator);
        pair.splitAndTransfer(0, source.getValueCount());
        return (FieldVector) pair.getTo();
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (FieldVector column : columns) {
            try {
                column.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }
}
