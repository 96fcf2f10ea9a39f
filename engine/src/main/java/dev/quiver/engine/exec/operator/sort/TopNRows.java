package dev.quiver.engine.exec.operator.sort;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.sort.RowComparators.RowComparator;
import dev.quiver.engine.exec.vector.BatchColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The first {@code limit} rows, in sort order, of the rows added so far: one thread's share of a
 * top-N, or all threads' once merged. Not thread-safe; frees what it holds on close.
 *
 * <p>Every row carries its input position — morsel sequence number, then its place among that
 * morsel's rows — and ties of the sort keys break by it, so the rows kept are exactly the first
 * {@code limit} rows of the stable sort of the whole input, whichever thread saw them.
 *
 * <p>Rows that sort after the current last kept row are dropped as they arrive (one comparison
 * each); the others wait in {@code pending} until there are enough of them to be worth a
 * compaction: one sort of the kept and pending rows, keeping the first {@code limit}.
 */
final class TopNRows implements AutoCloseable {
    private final List<SortKey> keys;
    private final List<Field> fields;
    private final int limit;
    /** Pending rows that trigger a compaction: enough that each compaction sorts mostly new rows. */
    private final int compactAt;

    /** The kept rows, sorted, at most {@code limit}; null while none. */
    private Batch kept;

    private long[] keptSequences = new long[0];
    private int[] keptPlaces = new int[0];

    private final List<Batch> pending = new ArrayList<>();
    private final List<long[]> pendingSequences = new ArrayList<>();
    private final List<int[]> pendingPlaces = new ArrayList<>();
    private int pendingRows;

    TopNRows(List<SortKey> keys, List<Field> fields, int limit, int batchRows) {
        this.keys = keys;
        this.fields = fields;
        this.limit = limit;
        this.compactAt = Math.max(limit, batchRows);
    }

    /**
     * Adds a batch (taking ownership) whose rows come from morsel {@code sequence}, the first at
     * place {@code firstPlace} among that morsel's rows.
     */
    void add(Batch batch, long sequence, int firstPlace, BufferAllocator allocator) {
        int rows = batch.rowCount();
        int[] selected = new int[rows];
        int count;
        try {
            count = select(batch, sequence, firstPlace, selected);
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
        if (count == 0) {
            batch.close();
            return;
        }
        int[] places = new int[count];
        for (int index = 0; index < count; index++) {
            places[index] = firstPlace + selected[index];
        }
        Batch survivors = batch;
        if (count < rows) {
            try (batch) {
                survivors = gather(batch, selected, count, allocator);
            }
        }
        long[] sequences = new long[count];
        Arrays.fill(sequences, sequence);
        addPending(survivors, sequences, places);
        if (pendingRows >= compactAt) {
            compact(allocator);
        }
    }

    /**
     * Writes to {@code selected} the rows of {@code batch} that could still be among the first
     * {@code limit}, returning how many: all while fewer are kept, else those before the last kept row.
     */
    private int select(Batch batch, long sequence, int firstPlace, int[] selected) {
        int rows = batch.rowCount();
        int count = 0;
        if (kept == null || kept.rowCount() < limit) {
            for (int row = 0; row < rows; row++) {
                selected[count++] = row;
            }
            return count;
        }
        RowComparator byKeys = RowComparators.forKeys(batch.columns(), kept.columns(), keys);
        int last = limit - 1;
        for (int row = 0; row < rows; row++) {
            int order = byKeys.compare(row, last);
            if (order < 0 || order == 0 && isBefore(sequence, firstPlace + row, last)) {
                selected[count++] = row;
            }
        }
        return count;
    }

    /** Moves every row of {@code other} into this one (after compacting it), leaving it empty. */
    void addAll(TopNRows other, BufferAllocator allocator) {
        other.compact(allocator);
        if (other.kept != null) {
            addPending(other.kept, other.keptSequences, other.keptPlaces);
            other.kept = null;
        }
        if (pendingRows >= compactAt) {
            compact(allocator);
        }
    }

    /** Sorts the kept and pending rows together and keeps the first {@code limit}. */
    void compact(BufferAllocator allocator) {
        if (pending.isEmpty()) {
            return;
        }
        List<Batch> parts = new ArrayList<>(pending.size() + 1);
        List<long[]> sequenceParts = new ArrayList<>(pending.size() + 1);
        List<int[]> placeParts = new ArrayList<>(pending.size() + 1);
        if (kept != null) {
            parts.add(kept);
            sequenceParts.add(keptSequences);
            placeParts.add(keptPlaces);
        }
        parts.addAll(pending);
        sequenceParts.addAll(pendingSequences);
        placeParts.addAll(pendingPlaces);
        kept = null;
        pending.clear();
        pendingSequences.clear();
        pendingPlaces.clear();
        pendingRows = 0;
        int total = 0;
        for (Batch part : parts) {
            total += part.rowCount();
        }
        try (Batch all = new Batch(BatchColumns.concatAll(parts, fields, allocator), total)) {
            long[] sequences = new long[total];
            int[] places = new int[total];
            int at = 0;
            for (int part = 0; part < parts.size(); part++) {
                int length = parts.get(part).rowCount();
                System.arraycopy(sequenceParts.get(part), 0, sequences, at, length);
                System.arraycopy(placeParts.get(part), 0, places, at, length);
                at += length;
            }
            int[] order = new int[total];
            for (int row = 0; row < total; row++) {
                order[row] = row;
            }
            RowComparator byKeys = RowComparators.forKeys(all.columns(), keys);
            RowComparators.sort(order, (left, right) -> {
                int result = byKeys.compare(left, right);
                if (result != 0) {
                    return result;
                }
                result = Long.compare(sequences[left], sequences[right]);
                return result != 0 ? result : Integer.compare(places[left], places[right]);
            });
            int count = Math.min(total, limit);
            keptSequences = new long[count];
            keptPlaces = new int[count];
            for (int index = 0; index < count; index++) {
                keptSequences[index] = sequences[order[index]];
                keptPlaces[index] = places[order[index]];
            }
            kept = gather(all, order, count, allocator);
        } finally {
            parts.forEach(Batch::close);
        }
    }

    /** The kept rows (call {@link #compact} first), handed to the caller; none remain here. */
    Batch take() {
        Batch result = kept;
        kept = null;
        return result;
    }

    /** Whether the row at {@code place} of morsel {@code sequence} came before kept row {@code row}. */
    private boolean isBefore(long sequence, int place, int row) {
        int result = Long.compare(sequence, keptSequences[row]);
        return result != 0 ? result < 0 : place < keptPlaces[row];
    }

    private void addPending(Batch batch, long[] sequences, int[] places) {
        pending.add(batch);
        pendingSequences.add(sequences);
        pendingPlaces.add(places);
        pendingRows += batch.rowCount();
    }

    /** Rows {@code rows[0..count)} of {@code batch} as a new batch (count > 0); the batch stays the caller's. */
    private static Batch gather(Batch batch, int[] rows, int count, BufferAllocator allocator) {
        return BatchColumns.gatherInBatches(batch.columns(), rows, count, count, allocator)
                .getFirst();
    }

    @Override
    public void close() {
        if (kept != null) {
            kept.close();
            kept = null;
        }
        pending.forEach(Batch::close);
        pending.clear();
        pendingSequences.clear();
        pendingPlaces.clear();
        pendingRows = 0;
    }
}
