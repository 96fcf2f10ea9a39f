package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.BatchColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A table with one row per key, a later row replacing the row of the same key — the result of a
 * recursive CTE with DuckDB's {@code USING KEY}. Keys compare as GROUP BY does (NULL equal to
 * NULL); among the rows of one merge with the same key the last one wins. A {@link GroupTable}
 * numbers the keys in order of first appearance, and the table keeps key {@code g}'s row at
 * position {@code g}. When asked to, it also tells which keys a merge changed (a new key, or a row
 * distinct from the key's row before — NULL equal to NULL), numbering whole rows with a second
 * group table. Its memory counts against the query's limit. Not thread-safe.
 */
public final class KeyedRows implements AutoCloseable {
    private final List<Field> fields;
    private final HeapReservation memory;
    private final GroupTable keys;
    /** Numbers whole rows, so that a key's row changed exactly when its number did; null if not asked. */
    private final GroupTable wholeRows;
    /**
     * For each key number during a merge, where its row is: a position in the table's rows followed
     * by the merged batches' rows.
     */
    private int[] rowOfKey = new int[0];
    /** For each key number, the whole-row number of its row (when changes are tracked). */
    private int[] rowNumberOfKey = new int[0];
    /** For each key number during a merge, the whole-row number of its last merged row. */
    private int[] mergedRowNumberOfKey = new int[0];
    /** The table's rows, key {@code g}'s at position {@code g}; owned. */
    private List<Batch> rows = List.of();

    /**
     * @param fields       the columns of the table and of every batch merged
     * @param keyColumns   the positions of the key columns in {@code fields}
     * @param trackChanges whether {@link #merge} returns the rows it changed
     */
    public KeyedRows(
            List<Field> fields, int[] keyColumns, boolean trackChanges, BufferAllocator allocator, String what) {
        this.fields = List.copyOf(fields);
        this.memory = new HeapReservation(allocator, what);
        List<Field> keyFields = Arrays.stream(keyColumns).mapToObj(fields::get).toList();
        this.keys = GroupTable.create(keyColumns, keyFields, memory);
        this.wholeRows = trackChanges
                ? GroupTable.create(IntStream.range(0, fields.size()).toArray(), fields, memory)
                : null;
    }

    /**
     * Adds the rows of {@code batches}, each replacing the table's row of the same key, and rebuilds
     * the table in batches of at most {@code batchRows} rows. The batches stay the caller's.
     *
     * @return when changes are tracked, the new row of each key the merge added or changed, in key
     *     order, in batches the caller owns; else no batches
     */
    public List<Batch> merge(List<Batch> batches, int batchRows, BufferAllocator allocator) {
        int tableRows = keys.groupCount();
        for (int key = 0; key < tableRows; key++) {
            rowOfKey[key] = key; // the row a key has now, unless a batch replaces it
        }
        int position = tableRows;
        for (Batch batch : batches) {
            int[] keyOfRow = keys.groupIds(batch, null, batch.rowCount());
            int[] rowNumbers = wholeRows == null ? null : wholeRows.groupIds(batch, null, batch.rowCount());
            rowOfKey = memory.grow(rowOfKey, keys.groupCount());
            mergedRowNumberOfKey =
                    rowNumbers == null ? mergedRowNumberOfKey : memory.grow(mergedRowNumberOfKey, keys.groupCount());
            for (int row = 0; row < batch.rowCount(); row++) {
                rowOfKey[keyOfRow[row]] = position + row;
                if (rowNumbers != null) {
                    mergedRowNumberOfKey[keyOfRow[row]] = rowNumbers[row];
                }
            }
            position += batch.rowCount();
        }
        if (position == tableRows) {
            return List.of();
        }
        List<Batch> sources = new ArrayList<>(rows.size() + batches.size());
        sources.addAll(rows);
        sources.addAll(batches);
        List<FieldVector> columns = BatchColumns.concatAll(sources, fields, allocator);
        try {
            int[] changedRows = wholeRows == null ? new int[0] : changedRows(tableRows);
            List<Batch> changed =
                    BatchColumns.gatherInBatches(columns, changedRows, changedRows.length, batchRows, allocator);
            try {
                List<Batch> merged =
                        BatchColumns.gatherInBatches(columns, rowOfKey, keys.groupCount(), batchRows, allocator);
                rows.forEach(Batch::close);
                rows = merged;
                return changed;
            } catch (RuntimeException e) {
                changed.forEach(Batch::close);
                throw e;
            }
        } finally {
            columns.forEach(FieldVector::close);
        }
    }

    /**
     * The positions (as in {@link #rowOfKey}) of the rows of the keys the current merge added or
     * changed; remembers each merged key's new whole-row number.
     */
    private int[] changedRows(int tableRows) {
        int keyCount = keys.groupCount();
        rowNumberOfKey = memory.grow(rowNumberOfKey, keyCount);
        int[] changed = new int[keyCount];
        int changedCount = 0;
        for (int key = 0; key < keyCount; key++) {
            boolean merged = rowOfKey[key] >= tableRows;
            if (merged && (key >= tableRows || mergedRowNumberOfKey[key] != rowNumberOfKey[key])) {
                changed[changedCount++] = rowOfKey[key];
            }
            if (merged) {
                rowNumberOfKey[key] = mergedRowNumberOfKey[key];
            }
        }
        return Arrays.copyOf(changed, changedCount);
    }

    /** The table's rows, one per key; still owned by this table (valid until the next merge). */
    public List<Batch> rows() {
        return rows;
    }

    /** The table's rows, handed to the caller, who owns them from now on; the table is empty after. */
    public List<Batch> takeRows() {
        List<Batch> taken = rows;
        rows = List.of();
        return taken;
    }

    @Override
    public void close() {
        rows.forEach(Batch::close);
        rows = List.of();
        memory.close();
    }
}
