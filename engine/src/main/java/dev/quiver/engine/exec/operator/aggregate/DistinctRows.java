package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.BatchColumns;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The distinct rows seen so far, keyed on all columns with NULL equal to NULL (as UNION compares
 * rows): picks from each batch the rows never seen before — a recursive UNION's duplicate removal
 * across its rounds. A {@link GroupTable} numbers rows in order of first appearance, so a row is
 * new exactly when its number is the next unused one. Its memory counts against the query's limit.
 * Not thread-safe.
 */
public final class DistinctRows implements AutoCloseable {
    private final HeapReservation memory;
    private final GroupTable seen;

    /** @param fields the columns of every batch offered */
    public DistinctRows(List<Field> fields, BufferAllocator allocator, String what) {
        this.memory = new HeapReservation(allocator, what);
        this.seen = GroupTable.create(IntStream.range(0, fields.size()).toArray(), fields, memory);
    }

    /**
     * The rows of {@code batch} not seen before (each once, in batch order), in batches of at most
     * {@code batchRows} rows the caller owns; remembers them. Consumes {@code batch}.
     */
    public List<Batch> keepNew(Batch batch, int batchRows, BufferAllocator allocator) {
        try (batch) {
            int next = seen.groupCount();
            int[] groups = seen.groupIds(batch, null, batch.rowCount());
            int[] rows = new int[batch.rowCount()];
            int count = 0;
            for (int row = 0; row < batch.rowCount(); row++) {
                if (groups[row] == next) {
                    rows[count++] = row;
                    next++;
                }
            }
            return BatchColumns.gatherInBatches(batch.columns(), rows, count, batchRows, allocator);
        }
    }

    @Override
    public void close() {
        memory.close();
    }
}
