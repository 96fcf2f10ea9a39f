package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.KeyHashing;
import dev.quiver.engine.exec.memory.HeapReservation;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A shortcut of {@link RowKeyGroupTable} for GROUP BY keys that are all VARCHAR or VARBINARY and,
 * in a batch, all at most one byte long (TPC-H Q1's {@code l_returnflag, l_linestatus}): each
 * row's keys fit one long — 9 bits per key, 0 for NULL, 1 for the empty string, 2 + the byte — and
 * a small map from that code to the group number spares the row encoding, hashing and comparing
 * of the general path.
 *
 * <p>The map only remembers what the general path decided: a batch with a code not seen before, or
 * with a longer string, goes the general way, which keeps the group numbering in one place. Codes
 * are equal exactly when the keys' bytes are, which is how GROUP BY compares strings. Not
 * thread-safe: one per group table.
 */
final class ShortStringKeys {
    /** Keys per code: 7 × 9 bits fit a long. */
    private static final int MAX_KEYS = 7;

    private static final int BITS_PER_KEY = 9;
    private static final int INITIAL_CAPACITY = 16;

    private final int[] keyColumns;
    private final HeapReservation memory;
    private long[] codes = new long[0];
    /** Whether {@link #codes} holds the codes of every row of the last batch. */
    private boolean codesValid;
    /** Open addressing, linear probing: the code of each slot, and its group + 1 (0 when empty). */
    private long[] slotCodes;

    private int[] slotGroups;
    private int mask;
    private int shift;
    private int size;

    private ShortStringKeys(int[] keyColumns, HeapReservation memory) {
        this.keyColumns = keyColumns.clone();
        this.memory = memory;
        memory.reserve((long) INITIAL_CAPACITY * (Long.BYTES + Integer.BYTES));
        allocate(INITIAL_CAPACITY);
    }

    /** The shortcut for these keys, or null when some key is not a string or there are too many. */
    static ShortStringKeys forKeys(int[] keyColumns, List<Field> keyFields, HeapReservation memory) {
        if (keyColumns.length == 0 || keyColumns.length > MAX_KEYS) {
            return null;
        }
        for (Field field : keyFields) {
            if (!(field.getType() instanceof ArrowType.Utf8 || field.getType() instanceof ArrowType.Binary)) {
                return null;
            }
        }
        return new ShortStringKeys(keyColumns, memory);
    }

    /**
     * Fills {@code ids} with the group of rows {@code rows[0..count)} of {@code batch} (rows
     * {@code 0..count)} when {@code rows} is null) when every such row's code is known; false
     * (with {@code ids} partly written) when the general path must number this batch.
     */
    boolean groupIds(Batch batch, int[] rows, int count, int[] ids) {
        if (!encode(batch, batch.rowCount())) {
            return false;
        }
        long previousCode = -1;
        int previousGroup = -1;
        for (int index = 0; index < count; index++) {
            long code = codes[rows == null ? index : rows[index]];
            if (code != previousCode) {
                previousGroup = find(code);
                if (previousGroup < 0) {
                    return false;
                }
                previousCode = code;
            }
            ids[index] = previousGroup;
        }
        return true;
    }

    /**
     * Remembers the groups the general path gave rows {@code rows[0..count)} (as in {@link
     * #groupIds}) of the batch last passed to {@link #groupIds}, if every row of it had a code.
     */
    void learn(int[] rows, int count, int[] ids) {
        if (!codesValid) {
            return;
        }
        for (int index = 0; index < count; index++) {
            long code = codes[rows == null ? index : rows[index]];
            if (find(code) < 0) {
                insert(code, ids[index]);
            }
        }
    }

    /** The code of every row into {@link #codes}; false if some key is longer than one byte. */
    private boolean encode(Batch batch, int rows) {
        codesValid = false;
        codes = memory.grow(codes, rows);
        long[] rowCodes = codes;
        for (int key = 0; key < keyColumns.length; key++) {
            BaseVariableWidthVector column = (BaseVariableWidthVector) batch.column(keyColumns[key]);
            ArrowBuf offsets = column.getOffsetBuffer();
            ArrowBuf data = column.getDataBuffer();
            ArrowBuf validity = column.getValidityBuffer();
            boolean nulls = column.getNullCount() > 0;
            int shiftBy = key * BITS_PER_KEY;
            int start = rows == 0 ? 0 : offsets.getInt(0);
            for (int row = 0; row < rows; row++) {
                int end = offsets.getInt(((long) row + 1) << 2);
                int length = end - start;
                long code;
                if (nulls && BitVectorHelper.get(validity, row) == 0) {
                    code = 0;
                } else if (length == 1) {
                    code = 2 + (data.getByte(start) & 0xFF);
                } else if (length == 0) {
                    code = 1;
                } else {
                    return false;
                }
                rowCodes[row] = key == 0 ? code : rowCodes[row] | code << shiftBy;
                start = end;
            }
        }
        codesValid = true;
        return true;
    }

    private int find(long code) {
        int slot = (int) (KeyHashing.hashLong(code) >>> shift);
        while (slotGroups[slot] != 0) {
            if (slotCodes[slot] == code) {
                return slotGroups[slot] - 1;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private void insert(long code, int group) {
        if (size + 1 > (mask + 1) / 2) {
            grow();
        }
        int slot = (int) (KeyHashing.hashLong(code) >>> shift);
        while (slotGroups[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slotCodes[slot] = code;
        slotGroups[slot] = group + 1;
        size++;
    }

    private void grow() {
        long[] oldCodes = slotCodes;
        int[] oldGroups = slotGroups;
        int capacity = (mask + 1) * 2;
        memory.reserve((long) capacity * (Long.BYTES + Integer.BYTES) / 2); // the old arrays are dropped
        allocate(capacity);
        size = 0;
        for (int slot = 0; slot < oldGroups.length; slot++) {
            if (oldGroups[slot] != 0) {
                insert(oldCodes[slot], oldGroups[slot] - 1);
            }
        }
    }

    private void allocate(int capacity) {
        slotCodes = new long[capacity];
        slotGroups = new int[capacity];
        mask = capacity - 1;
        shift = Long.numberOfLeadingZeros(mask);
    }
}
