package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.KeyHashing;
import dev.quiver.engine.exec.key.LongForm;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The group table for one fixed-width key of at most 8 bytes (BOOLEAN, integers, DATE, TIMESTAMP,
 * REAL, DOUBLE), held in its {@link LongForm}.
 *
 * <p>Open addressing with linear probing over one {@code long[]} of (key, group + 1) pairs, so a
 * probe reads one cache line; capacity a power of two, at most half full. A key's slot is the high
 * bits of its {@link KeyHashing#hashLong} hash, so that dense keys (row ids) spread over the whole
 * table. The NULL key has its own group number outside the table.
 */
final class LongKeyGroupTable extends GroupTable {
    private static final int INITIAL_CAPACITY = 1024;

    private final int keyColumn;
    private final Field keyField;
    private final HeapReservation memory;
    /** Pairs: slots[2i] the key, slots[2i + 1] its group number + 1; 0 there means empty. */
    private long[] slots;

    private int mask;
    /** 64 - log2(capacity): a hash's slot is {@code hash >>> shift}. */
    private int shift;
    /** The key of each group (0 for the NULL group). */
    private long[] keys = new long[0];

    private int groups;
    private int nullGroup = -1;
    private long[] batchKeys = new long[0];
    private int[] batchGroups = new int[0];

    LongKeyGroupTable(int keyColumn, Field keyField, HeapReservation memory) {
        this.keyColumn = keyColumn;
        this.keyField = keyField;
        this.memory = memory;
        memory.reserve((long) INITIAL_CAPACITY * 2 * Long.BYTES);
        this.slots = new long[INITIAL_CAPACITY * 2];
        this.mask = INITIAL_CAPACITY - 1;
        this.shift = Long.numberOfLeadingZeros(mask);
    }

    @Override
    int[] groupIds(Batch batch, int[] rows, int count) {
        int rowCount = batch.rowCount();
        batchKeys = memory.grow(batchKeys, rowCount);
        batchGroups = memory.grow(batchGroups, count);
        FieldVector column = batch.column(keyColumn);
        LongForm.read(column, rowCount, batchKeys);
        long[] keys = batchKeys;
        int[] ids = batchGroups;
        if (column.getNullCount() == 0) {
            // tables are often stored in key order (lineitem by orderkey): a repeat of the previous
            // row's key skips the probe, a random cache miss once the table outgrows the caches
            long previousKey = 0;
            int previousGroup = -1;
            for (int index = 0; index < count; index++) {
                long key = keys[rows == null ? index : rows[index]];
                if (previousGroup < 0 || key != previousKey) {
                    previousGroup = find(key);
                    previousKey = key;
                }
                ids[index] = previousGroup;
            }
        } else {
            ArrowBuf validity = column.getValidityBuffer();
            for (int index = 0; index < count; index++) {
                int row = rows == null ? index : rows[index];
                ids[index] = BitVectorHelper.get(validity, row) == 0 ? nullGroup() : find(keys[row]);
            }
        }
        return ids;
    }

    /** The group of a non-NULL key, added if new. */
    private int find(long key) {
        int slot = slot(key, shift);
        while (true) {
            long group = slots[2 * slot + 1];
            if (group == 0) {
                return insert(slot, key);
            }
            if (slots[2 * slot] == key) {
                return (int) group - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int insert(int slot, long key) {
        int group = newGroup(key);
        slots[2 * slot] = key;
        slots[2 * slot + 1] = group + 1;
        if (groups > (mask + 1) / 2) {
            resize();
        }
        return group;
    }

    private int nullGroup() {
        if (nullGroup < 0) {
            nullGroup = newGroup(0);
        }
        return nullGroup;
    }

    private int newGroup(long key) {
        keys = memory.grow(keys, groups + 1);
        keys[groups] = key;
        return groups++;
    }

    private void resize() {
        int capacity = (mask + 1) * 2;
        memory.reserve((long) capacity * Long.BYTES); // the new table is twice the old; the old one is dropped
        long[] resized = new long[capacity * 2];
        int newMask = capacity - 1;
        int newShift = Long.numberOfLeadingZeros(newMask);
        for (int group = 0; group < groups; group++) {
            if (group == nullGroup) {
                continue;
            }
            long key = keys[group];
            int slot = slot(key, newShift);
            while (resized[2 * slot + 1] != 0) {
                slot = (slot + 1) & newMask;
            }
            resized[2 * slot] = key;
            resized[2 * slot + 1] = group + 1;
        }
        slots = resized;
        mask = newMask;
        shift = newShift;
    }

    private static int slot(long key, int shift) {
        return (int) (KeyHashing.hashLong(key) >>> shift);
    }

    @Override
    int groupCount() {
        return groups;
    }

    @Override
    int[] merge(GroupTable other, int partition, int partitions) {
        LongKeyGroupTable from = (LongKeyGroupTable) other;
        int[] mapping = new int[from.groups];
        int partitionMask = partitions - 1;
        for (int group = 0; group < from.groups; group++) {
            if (group == from.nullGroup) {
                mapping[group] = partition == 0 ? nullGroup() : -1; // NULL belongs to partition 0
                continue;
            }
            long key = from.keys[group];
            // the low bits pick the partition, the high bits the slot: independent
            mapping[group] = ((int) KeyHashing.hashLong(key) & partitionMask) == partition ? find(key) : -1;
        }
        return mapping;
    }

    @Override
    List<FieldVector> keyColumns(int first, int count, BufferAllocator allocator) {
        if (nullGroup < first || nullGroup >= first + count) {
            return List.of(PrimitiveColumns.writeLongs(keyField, keys, null, first, count, allocator));
        }
        long[] values = Arrays.copyOfRange(keys, first, first + count);
        boolean[] valid = new boolean[count];
        Arrays.fill(valid, true);
        valid[nullGroup - first] = false;
        return List.of(PrimitiveColumns.writeLongs(keyField, values, valid, 0, count, allocator));
    }
}
