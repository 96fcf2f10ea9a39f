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
 *
 * <p>A batch may carry a <em>selection</em>: the rows that are really in it, ascending, the others
 * being rows a filter dropped without copying the columns. Only operators that say so
 * ({@code StreamOperator.processesSelection}, {@code SinkOperator.consumesSelection}) are handed such
 * a batch; the pipeline executor compacts it for any other.
 */
public final class Batch implements AutoCloseable {
    /**
     * The share of a batch's rows that an operator must keep for them to go on as a selection over
     * its columns rather than a copy: below it the operators above would read past more dropped rows
     * than copying the kept ones costs. Filters and joins decide by it alike.
     */
    public static final double KEPT_FOR_SELECTION = 0.5;

    private final List<FieldVector> columns;
    private final int rowCount;
    /** The rows in the batch, ascending, or null for all of them. */
    private final int[] selection;

    private final int selectedRowCount;

    public Batch(List<FieldVector> columns, int rowCount) {
        this(columns, rowCount, null, rowCount);
    }

    /**
     * A batch of rows {@code selection[0..selectedRowCount)} of {@code columns} (each of at least
     * {@code rowCount} values); the selection array is kept, not copied.
     */
    public Batch(List<FieldVector> columns, int rowCount, int[] selection, int selectedRowCount) {
        if (selectedRowCount < 0 || selectedRowCount > rowCount) {
            throw new IllegalArgumentException(
                    "a selection of " + selectedRowCount + " rows in a batch of " + rowCount + " rows");
        }
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
        this.selection = selection;
        this.selectedRowCount = selection == null ? rowCount : selectedRowCount;
        for (FieldVector column : this.columns) {
            if (column.getValueCount() < rowCount) {
                throw new IllegalArgumentException("column " + column.getName() + " has " + column.getValueCount()
                        + " values for a batch of " + rowCount + " rows");
            }
        }
    }

    /** The columns' length: with a selection, more than the rows the batch holds ({@link #selectedRowCount}). */
    public int rowCount() {
        return rowCount;
    }

    /** The rows in the batch (ascending indexes below {@link #rowCount}), or null when every row is. */
    public int[] selection() {
        return selection;
    }

    /** How many rows the batch holds: the selection's length, or {@link #rowCount} without one. */
    public int selectedRowCount() {
        return selectedRowCount;
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
