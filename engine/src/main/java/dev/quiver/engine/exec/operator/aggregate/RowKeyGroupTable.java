package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.KeyHashing;
import dev.quiver.engine.exec.key.RowKeyEncoder;
import dev.quiver.engine.exec.memory.HeapReservation;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The group table for any keys: each row's keys are encoded into one compact byte row by the
 * shared {@link RowKeyEncoder}, and rows are equal exactly when their keys are equal as GROUP BY
 * sees them. A batch is encoded a column at a time, then hashed and probed row by row.
 *
 * <p>The group rows live back to back in one byte arena. The table is open addressing with linear
 * probing over one {@code long[]}: (the high 32 bits of the row's {@link KeyHashing} hash,
 * group + 1) per slot, so most mismatches are rejected without touching the arena; capacity a
 * power of two, at most half full. Keys that are all strings of at most one byte skip the
 * encoding through {@link ShortStringKeys}, once their groups are known.
 */
final class RowKeyGroupTable extends GroupTable {
    private static final int INITIAL_CAPACITY = 1024;

    private final RowKeyEncoder encoder;
    private final List<Field> keyFields;
    private final HeapReservation memory;

    /** (hash << 32) | (group + 1) per slot; 0 means empty. */
    private long[] slots;
    /** 32 - log2(capacity): a 32-bit hash's slot is {@code hash >>> shift}. */
    private int shift;

    private int mask;
    /** The group rows back to back: group g is arena[rowStarts[g], rowStarts[g + 1]). */
    private byte[] arena = new byte[0];

    private int[] rowStarts = new int[] {0};
    private int[] hashes = new int[0];
    private int groups;

    // per-batch scratch, reused
    private final RowKeyEncoder.Rows batchRows;
    private int[] batchGroups = new int[0];
    /** The shortcut for keys that are short strings, or null. */
    private final ShortStringKeys shortKeys;

    RowKeyGroupTable(int[] keyColumns, List<Field> keyFields, HeapReservation memory) {
        this.encoder = new RowKeyEncoder(
                keyColumns, keyFields.stream().map(Field::getType).toList(), false);
        this.keyFields = List.copyOf(keyFields);
        this.memory = memory;
        this.batchRows = new RowKeyEncoder.Rows(memory);
        this.shortKeys = ShortStringKeys.forKeys(keyColumns, keyFields, memory);
        memory.reserve((long) INITIAL_CAPACITY * Long.BYTES);
        this.slots = new long[INITIAL_CAPACITY];
        this.mask = INITIAL_CAPACITY - 1;
        this.shift = Integer.numberOfLeadingZeros(mask);
    }

    @Override
    int[] groupIds(Batch batch, int[] rows, int count) {
        batchGroups = memory.grow(batchGroups, count);
        if (shortKeys != null && shortKeys.groupIds(batch, rows, count, batchGroups)) {
            return batchGroups;
        }
        encoder.encode(batch, batchRows);
        byte[] bytes = batchRows.bytes();
        int[] starts = batchRows.starts();
        for (int index = 0; index < count; index++) {
            int row = rows == null ? index : rows[index];
            int start = starts[row];
            int end = starts[row + 1];
            batchGroups[index] = find(bytes, start, end, hash(bytes, start, end));
        }
        if (shortKeys != null) {
            shortKeys.learn(rows, count, batchGroups);
        }
        return batchGroups;
    }

    /** The high 32 bits of the row's hash. */
    private static int hash(byte[] bytes, int from, int to) {
        return (int) (KeyHashing.hashBytes(bytes, from, to) >>> 32);
    }

    /** The group of the key row bytes[start, end), added if new. */
    private int find(byte[] bytes, int start, int end, int hash) {
        int slot = hash >>> shift;
        while (true) {
            long entry = slots[slot];
            if (entry == 0) {
                return insert(slot, bytes, start, end, hash);
            }
            if ((int) (entry >>> 32) == hash) {
                int group = (int) entry - 1;
                if (RowKeyEncoder.sameRow(arena, rowStarts[group], rowStarts[group + 1], bytes, start, end)) {
                    return group;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    private int insert(int slot, byte[] bytes, int start, int end, int hash) {
        int group = groups;
        int used = rowStarts[group];
        int length = end - start;
        if ((long) used + length > Integer.MAX_VALUE - 8) {
            throw new QuiverException(
                    ErrorCode.MEMORY_LIMIT,
                    "the GROUP BY keys held by one thread exceed 2 GiB; "
                            + "use more threads or group by fewer or shorter columns");
        }
        arena = memory.grow(arena, used + length);
        System.arraycopy(bytes, start, arena, used, length);
        rowStarts = memory.grow(rowStarts, group + 2);
        rowStarts[group + 1] = used + length;
        hashes = memory.grow(hashes, group + 1);
        hashes[group] = hash;
        slots[slot] = ((long) hash << 32) | (group + 1);
        groups++;
        if (groups > (mask + 1) / 2) {
            resize();
        }
        return group;
    }

    private void resize() {
        int capacity = (mask + 1) * 2;
        memory.reserve((long) capacity * Long.BYTES / 2); // the new table is twice the old; the old one is dropped
        long[] resized = new long[capacity];
        int newMask = capacity - 1;
        int newShift = Integer.numberOfLeadingZeros(newMask);
        for (int group = 0; group < groups; group++) {
            int slot = hashes[group] >>> newShift;
            while (resized[slot] != 0) {
                slot = (slot + 1) & newMask;
            }
            resized[slot] = ((long) hashes[group] << 32) | (group + 1);
        }
        slots = resized;
        mask = newMask;
        shift = newShift;
    }

    @Override
    int groupCount() {
        return groups;
    }

    @Override
    int[] merge(GroupTable other, int partition, int partitions) {
        RowKeyGroupTable from = (RowKeyGroupTable) other;
        int[] mapping = new int[from.groups];
        int partitionMask = partitions - 1;
        for (int group = 0; group < from.groups; group++) {
            int hash = from.hashes[group];
            // the low bits pick the partition, the high bits the slot: independent
            mapping[group] = (hash & partitionMask) == partition
                    ? find(from.arena, from.rowStarts[group], from.rowStarts[group + 1], hash)
                    : -1;
        }
        return mapping;
    }

    @Override
    List<FieldVector> keyColumns(int first, int count, BufferAllocator allocator) {
        return encoder.decode(arena, rowStarts, first, count, keyFields, allocator);
    }
}
