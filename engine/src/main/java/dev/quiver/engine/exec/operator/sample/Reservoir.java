package dev.quiver.engine.exec.operator.sample;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.BatchColumns;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The rows with the smallest keys seen so far, at most {@code capacity} of them once compacted: a
 * uniform sample without replacement (each row's key is random, so every set of that size is
 * equally likely to hold the smallest). Holds up to twice the capacity between compactions. Owns
 * its batches; not thread-safe.
 */
final class Reservoir implements AutoCloseable {
    private final int capacity;
    private final List<Batch> batches = new ArrayList<>();
    private final List<long[]> keys = new ArrayList<>();
    private long rowCount;
    /** A row whose key is not below this can no longer be among the smallest. */
    private long threshold = Long.MAX_VALUE;

    Reservoir(int capacity) {
        this.capacity = capacity;
        if (capacity == 0) {
            threshold = Long.MIN_VALUE;
        }
    }

    long rowCount() {
        return rowCount;
    }

    /** Keeps the rows of {@code batch} (which it takes over) whose {@code rowKeys} may make the sample. */
    void offer(Batch batch, long[] rowKeys, BufferAllocator allocator) {
        int[] selected = new int[rowKeys.length];
        int count = 0;
        for (int row = 0; row < rowKeys.length; row++) {
            if (rowKeys[row] < threshold) {
                selected[count++] = row;
            }
        }
        if (count == 0) {
            batch.close();
            return;
        }
        long[] keptKeys = new long[count];
        for (int index = 0; index < count; index++) {
            keptKeys[index] = rowKeys[selected[index]];
        }
        add(select(batch, selected, count, allocator), keptKeys);
        if (rowCount >= 2L * capacity && rowCount > capacity) {
            compact(capacity, allocator);
        }
    }

    /** Moves every row of {@code other} here. */
    void takeAll(Reservoir other, BufferAllocator allocator) {
        for (int index = 0; index < other.batches.size(); index++) {
            add(other.batches.get(index), other.keys.get(index));
        }
        other.batches.clear();
        other.keys.clear();
        other.rowCount = 0;
        if (rowCount >= 2L * capacity && rowCount > capacity) {
            compact(capacity, allocator);
        }
    }

    /**
     * The {@code size} rows with the smallest keys, in the order of their keys, in batches of at most
     * {@code batchRows} rows that the caller owns.
     */
    List<Batch> smallest(int size, List<Field> fields, int batchRows, BufferAllocator allocator) {
        compact(size, allocator);
        long[] allKeys = new long[(int) rowCount];
        int at = 0;
        for (long[] part : keys) {
            System.arraycopy(part, 0, allKeys, at, part.length);
            at += part.length;
        }
        List<FieldVector> columns = BatchColumns.concatAll(batches, fields, allocator);
        try {
            int[] order = byKey(allKeys);
            return BatchColumns.gatherInBatches(columns, order, order.length, batchRows, allocator);
        } finally {
            columns.forEach(FieldVector::close);
        }
    }

    /** Keeps only the {@code size} rows with the smallest keys. */
    private void compact(int size, BufferAllocator allocator) {
        if (rowCount <= size) {
            return;
        }
        long[] sorted = new long[(int) rowCount];
        int at = 0;
        for (long[] part : keys) {
            System.arraycopy(part, 0, sorted, at, part.length);
            at += part.length;
        }
        Arrays.sort(sorted);
        long last = size == 0 ? Long.MIN_VALUE : sorted[size - 1];
        // rows with the last key's value (a tie of random 64-bit keys) are taken while room is left
        int equalRoom = 0;
        for (int index = size - 1; index >= 0 && sorted[index] == last; index--) {
            equalRoom++;
        }
        List<Batch> oldBatches = new ArrayList<>(batches);
        List<long[]> oldKeys = new ArrayList<>(keys);
        batches.clear();
        keys.clear();
        rowCount = 0;
        for (int part = 0; part < oldBatches.size(); part++) {
            long[] partKeys = oldKeys.get(part);
            int[] selected = new int[partKeys.length];
            int count = 0;
            for (int row = 0; row < partKeys.length; row++) {
                if (size > 0 && (partKeys[row] < last || (partKeys[row] == last && equalRoom-- > 0))) {
                    selected[count++] = row;
                }
            }
            long[] keptKeys = new long[count];
            for (int index = 0; index < count; index++) {
                keptKeys[index] = partKeys[selected[index]];
            }
            if (count == 0) {
                oldBatches.get(part).close();
            } else {
                add(select(oldBatches.get(part), selected, count, allocator), keptKeys);
            }
        }
        threshold = size == 0 ? Long.MIN_VALUE : last;
    }

    private void add(Batch batch, long[] batchKeys) {
        batches.add(batch);
        keys.add(batchKeys);
        rowCount += batchKeys.length;
    }

    /** The row indexes of {@code rowKeys} in ascending key order. */
    private static int[] byKey(long[] rowKeys) {
        return java.util.stream.IntStream.range(0, rowKeys.length)
                .boxed()
                .sorted((left, right) -> Long.compare(rowKeys[left], rowKeys[right]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** The rows {@code selected[0..count)} of {@code batch}, which it takes over (the batch itself when all). */
    static Batch select(Batch batch, int[] selected, int count, BufferAllocator allocator) {
        if (count == batch.rowCount() && isIdentity(selected, count)) {
            return batch;
        }
        try (batch) {
            List<FieldVector> columns = new ArrayList<>(batch.columnCount());
            try {
                for (FieldVector column : batch.columns()) {
                    columns.add(Gather.gather(column, selected, count, allocator));
                }
            } catch (RuntimeException e) {
                columns.forEach(FieldVector::close);
                throw e;
            }
            return new Batch(columns, count);
        }
    }

    private static boolean isIdentity(int[] selected, int count) {
        for (int index = 0; index < count; index++) {
            if (selected[index] != index) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        batches.forEach(Batch::close);
        batches.clear();
        keys.clear();
        rowCount = 0;
    }
}
