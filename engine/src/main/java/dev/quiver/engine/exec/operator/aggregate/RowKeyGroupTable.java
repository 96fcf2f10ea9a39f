package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The group table for any keys: each row's keys are encoded into one compact byte row, and rows
 * are equal exactly when their keys are equal as GROUP BY sees them.
 *
 * <p>Row layout: a NULL bitmap (bit k set when key k is NULL), then the fixed-width keys at fixed
 * offsets (long forms in 1, 2, 4 or 8 bytes, DECIMAL in 16; zero when NULL), then each VARCHAR or
 * VARBINARY key as a 4-byte length and its bytes; then zeros up to a multiple of 8 bytes, so that
 * hashing and comparing rows are loops over whole words. A batch is encoded a column at a time —
 * one loop per key column and layout, no per-row dispatch — then hashed and probed row by row.
 *
 * <p>The group rows live back to back in one byte arena. The table is open addressing with linear
 * probing over one {@code long[]}: (32-bit hash, group + 1) per slot, so most mismatches are
 * rejected without touching the arena; capacity a power of two, at most half full.
 */
final class RowKeyGroupTable extends GroupTable {
    private static final VarHandle LONGS = view(long[].class);
    private static final VarHandle INTS = view(int[].class);
    private static final VarHandle SHORTS = view(short[].class);
    private static final int INITIAL_CAPACITY = 1024;
    /** Width of a variable-width key in {@link #widths}. */
    private static final int VARIABLE = -1;
    private static final int DECIMAL = 16;

    private final int[] keyColumns;
    private final List<Field> keyFields;
    private final HeapMemory memory;
    /** Per key: 1, 2, 4 or 8 (long form), {@link #DECIMAL} or {@link #VARIABLE}. */
    private final int[] widths;
    /** Per fixed-width key: its offset in the row. */
    private final int[] offsets;
    private final int nullBytes;
    /** Bytes before the first variable-width key: the NULL bitmap and the fixed-width keys. */
    private final int fixedWidth;
    private final boolean variableWidth;

    /** (hash << 32) | (group + 1) per slot; 0 means empty. */
    private long[] slots;
    private int mask;
    /** The group rows back to back: group g is arena[rowStarts[g], rowStarts[g + 1]). */
    private byte[] arena = new byte[0];
    private int[] rowStarts = new int[] {0};
    private int[] hashes = new int[0];
    private int groups;

    // per-batch scratch, reused
    private byte[] batchRows = new byte[0];
    private int[] batchStarts = new int[0];
    private int[] cursors = new int[0];
    private long[] values = new long[0];
    private long[] highValues = new long[0];
    private byte[] columnBytes = new byte[0];
    private int[] batchGroups = new int[0];

    /** Little-endian access to a byte[] as {@code type}'s elements; the JIT turns it into plain loads and stores. */
    private static VarHandle view(Class<?> type) {
        return MethodHandles.byteArrayViewVarHandle(type, ByteOrder.LITTLE_ENDIAN);
    }

    RowKeyGroupTable(int[] keyColumns, List<Field> keyFields, HeapMemory memory) {
        this.keyColumns = keyColumns.clone();
        this.keyFields = List.copyOf(keyFields);
        this.memory = memory;
        this.widths = new int[keyColumns.length];
        this.offsets = new int[keyColumns.length];
        this.nullBytes = (keyColumns.length + 7) / 8;
        int offset = nullBytes;
        boolean variable = false;
        for (int key = 0; key < keyColumns.length; key++) {
            ArrowType type = keyFields.get(key).getType();
            widths[key] = switch (type) {
                case ArrowType.Decimal decimal -> DECIMAL;
                case ArrowType.Utf8 utf8 -> VARIABLE;
                case ArrowType.Binary binary -> VARIABLE;
                default -> {
                    if (!Columns.hasLongForm(type)) {
                        throw new QuiverException(ErrorCode.UNSUPPORTED, "GROUP BY a column of type " + type
                                + " is not supported yet");
                    }
                    yield Columns.longFormWidth(type);
                }
            };
            if (widths[key] == VARIABLE) {
                variable = true;
                offsets[key] = -1;
            } else {
                offsets[key] = offset;
                offset += widths[key];
            }
        }
        this.fixedWidth = offset;
        this.variableWidth = variable;
        memory.reserve((long) INITIAL_CAPACITY * Long.BYTES);
        this.slots = new long[INITIAL_CAPACITY];
        this.mask = INITIAL_CAPACITY - 1;
    }


    @Override
    int[] groupIds(Batch batch) {
        int rows = batch.rowCount();
        encode(batch, rows);
        batchGroups = memory.grow(batchGroups, rows);
        for (int row = 0; row < rows; row++) {
            int start = batchStarts[row];
            int end = batchStarts[row + 1];
            batchGroups[row] = find(batchRows, start, end, hash(batchRows, start, end));
        }
        return batchGroups;
    }

    /** Encodes every row of the batch into {@link #batchRows}; row r is [batchStarts[r], batchStarts[r + 1]). */
    private void encode(Batch batch, int rows) {
        batchStarts = memory.grow(batchStarts, rows + 1);
        int[] starts = batchStarts;
        // 1. row lengths, as end offsets shifted by one, then summed up
        starts[0] = 0;
        Arrays.fill(starts, 1, rows + 1, fixedWidth);
        for (int key = 0; key < keyColumns.length; key++) {
            if (widths[key] == VARIABLE) {
                BaseVariableWidthVector column = (BaseVariableWidthVector) batch.column(keyColumns[key]);
                ArrowBuf valueOffsets = column.getOffsetBuffer();
                ArrowBuf validity = column.getValidityBuffer();
                boolean nulls = column.getNullCount() > 0;
                for (int row = 0; row < rows; row++) {
                    int length = valueOffsets.getInt(((long) row + 1) << 2) - valueOffsets.getInt((long) row << 2);
                    starts[row + 1] += Integer.BYTES + (nulls && BitVectorHelper.get(validity, row) == 0 ? 0 : length);
                }
            }
        }
        long total = 0;
        for (int row = 1; row <= rows; row++) {
            total += (starts[row] + Long.BYTES - 1) & -Long.BYTES; // padded to whole words
            if (total > Integer.MAX_VALUE - 8) {
                throw new QuiverException(ErrorCode.MEMORY_LIMIT, "the GROUP BY keys of one batch exceed 2 GiB");
            }
            starts[row] = (int) total;
        }
        batchRows = memory.grow(batchRows, (int) total);
        byte[] bytes = batchRows;
        // 2. zeros in the first word (the NULL bitmap, unless there are over 64 keys) and the last (the padding)
        for (int row = 0; row < rows; row++) {
            LONGS.set(bytes, starts[row], 0L);
            LONGS.set(bytes, starts[row + 1] - Long.BYTES, 0L);
        }
        if (nullBytes > Long.BYTES) {
            for (int row = 0; row < rows; row++) {
                Arrays.fill(bytes, starts[row], starts[row] + nullBytes, (byte) 0);
            }
        }
        for (int key = 0; key < keyColumns.length; key++) {
            FieldVector column = batch.column(keyColumns[key]);
            if (column.getNullCount() > 0) {
                ArrowBuf validity = column.getValidityBuffer();
                int byteIndex = key >>> 3;
                byte bit = (byte) (1 << (key & 7));
                for (int row = 0; row < rows; row++) {
                    if (BitVectorHelper.get(validity, row) == 0) {
                        bytes[starts[row] + byteIndex] |= bit;
                    }
                }
            }
        }
        // 3. fixed-width keys
        for (int key = 0; key < keyColumns.length; key++) {
            if (widths[key] != VARIABLE) {
                encodeFixed(batch.column(keyColumns[key]), widths[key], offsets[key], rows);
            }
        }
        // 4. variable-width keys, each after the previous one
        if (variableWidth) {
            cursors = memory.grow(cursors, rows);
            for (int row = 0; row < rows; row++) {
                cursors[row] = starts[row] + fixedWidth;
            }
            for (int key = 0; key < keyColumns.length; key++) {
                if (widths[key] == VARIABLE) {
                    encodeVariable((BaseVariableWidthVector) batch.column(keyColumns[key]), rows);
                }
            }
        }
    }

    private void encodeFixed(FieldVector column, int width, int offset, int rows) {
        byte[] bytes = batchRows;
        int[] starts = batchStarts;
        values = memory.grow(values, rows);
        if (width == DECIMAL) {
            highValues = memory.grow(highValues, rows);
            Columns.readDecimals((DecimalVector) column, rows, values, highValues);
            for (int row = 0; row < rows; row++) {
                LONGS.set(bytes, starts[row] + offset, values[row]);
                LONGS.set(bytes, starts[row] + offset + 8, highValues[row]);
            }
            return;
        }
        Columns.readLongs(column, rows, values);
        long[] longs = values;
        switch (width) {
            case 1 -> {
                for (int row = 0; row < rows; row++) {
                    bytes[starts[row] + offset] = (byte) longs[row];
                }
            }
            case 2 -> {
                for (int row = 0; row < rows; row++) {
                    SHORTS.set(bytes, starts[row] + offset, (short) longs[row]);
                }
            }
            case 4 -> {
                for (int row = 0; row < rows; row++) {
                    INTS.set(bytes, starts[row] + offset, (int) longs[row]);
                }
            }
            default -> {
                for (int row = 0; row < rows; row++) {
                    LONGS.set(bytes, starts[row] + offset, longs[row]);
                }
            }
        }
    }

    private void encodeVariable(BaseVariableWidthVector column, int rows) {
        byte[] bytes = batchRows;
        ArrowBuf valueOffsets = column.getOffsetBuffer();
        ArrowBuf validity = column.getValidityBuffer();
        boolean nulls = column.getNullCount() > 0;
        // one bulk copy of the column's bytes: far cheaper than an ArrowBuf copy per (often tiny) value
        int dataEnd = valueOffsets.getInt((long) rows << 2);
        columnBytes = memory.grow(columnBytes, dataEnd);
        column.getDataBuffer().getBytes(0, columnBytes, 0, dataEnd);
        for (int row = 0; row < rows; row++) {
            int start = valueOffsets.getInt((long) row << 2);
            int length = valueOffsets.getInt(((long) row + 1) << 2) - start;
            if (nulls && BitVectorHelper.get(validity, row) == 0) {
                length = 0;
            }
            int cursor = cursors[row];
            INTS.set(bytes, cursor, length);
            System.arraycopy(columnBytes, start, bytes, cursor + Integer.BYTES, length);
            cursors[row] = cursor + Integer.BYTES + length;
        }
    }

    /** Hashes the row bytes[from, to), whose length is a multiple of 8. */
    private static int hash(byte[] bytes, int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        for (int index = from; index < to; index += Long.BYTES) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(bytes, index) * 0xBF58476D1CE4E5B9L), 29) * 0x94D049BB133111EBL;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** The group of the key row bytes[start, end), added if new. */
    private int find(byte[] bytes, int start, int end, int hash) {
        int slot = hash & mask;
        while (true) {
            long entry = slots[slot];
            if (entry == 0) {
                return insert(slot, bytes, start, end, hash);
            }
            if ((int) (entry >>> 32) == hash) {
                int group = (int) entry - 1;
                if (sameRow(arena, rowStarts[group], rowStarts[group + 1], bytes, start, end)) {
                    return group;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Whether two rows (lengths multiples of 8) are equal; word by word, faster than Arrays.equals on short rows. */
    private static boolean sameRow(byte[] left, int leftStart, int leftEnd, byte[] right, int rightStart,
            int rightEnd) {
        if (leftEnd - leftStart != rightEnd - rightStart) {
            return false;
        }
        for (int offset = 0; leftStart + offset < leftEnd; offset += Long.BYTES) {
            if ((long) LONGS.get(left, leftStart + offset) != (long) LONGS.get(right, rightStart + offset)) {
                return false;
            }
        }
        return true;
    }

    private int insert(int slot, byte[] bytes, int start, int end, int hash) {
        int group = groups;
        int used = rowStarts[group];
        int length = end - start;
        if ((long) used + length > Integer.MAX_VALUE - 8) {
            throw new QuiverException(ErrorCode.MEMORY_LIMIT, "the GROUP BY keys held by one thread exceed 2 GiB; "
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
        for (int group = 0; group < groups; group++) {
            int slot = hashes[group] & newMask;
            while (resized[slot] != 0) {
                slot = (slot + 1) & newMask;
            }
            resized[slot] = ((long) hashes[group] << 32) | (group + 1);
        }
        slots = resized;
        mask = newMask;
    }

    @Override
    int groupCount() {
        return groups;
    }

    @Override
    int[] merge(GroupTable other) {
        RowKeyGroupTable from = (RowKeyGroupTable) other;
        int[] mapping = new int[from.groups];
        for (int group = 0; group < from.groups; group++) {
            mapping[group] = find(from.arena, from.rowStarts[group], from.rowStarts[group + 1], from.hashes[group]);
        }
        return mapping;
    }

    @Override
    List<FieldVector> keyColumns(int first, int count, BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(keyColumns.length);
        int[] variableCursors = new int[count];
        for (int index = 0; index < count; index++) {
            variableCursors[index] = rowStarts[first + index] + fixedWidth;
        }
        long[] low = new long[count];
        long[] high = new long[count];
        boolean[] valid = new boolean[count];
        try {
            for (int key = 0; key < keyColumns.length; key++) {
                int byteIndex = key >>> 3;
                int bit = 1 << (key & 7);
                for (int index = 0; index < count; index++) {
                    valid[index] = (arena[rowStarts[first + index] + byteIndex] & bit) == 0;
                }
                columns.add(switch (widths[key]) {
                    case VARIABLE -> decodeVariable(key, variableCursors, valid, count, allocator);
                    case DECIMAL -> {
                        for (int index = 0; index < count; index++) {
                            int position = rowStarts[first + index] + offsets[key];
                            low[index] = (long) LONGS.get(arena, position);
                            high[index] = (long) LONGS.get(arena, position + 8);
                        }
                        yield Columns.writeDecimals(keyFields.get(key), low, high, valid, 0, count, allocator);
                    }
                    default -> {
                        for (int index = 0; index < count; index++) {
                            low[index] = readLongForm(rowStarts[first + index] + offsets[key], widths[key]);
                        }
                        yield Columns.writeLongs(keyFields.get(key), low, valid, 0, count, allocator);
                    }
                });
            }
            return columns;
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
    }

    private long readLongForm(int position, int width) {
        return switch (width) {
            case 1 -> arena[position];
            case 2 -> (short) SHORTS.get(arena, position);
            case 4 -> (int) INTS.get(arena, position);
            default -> (long) LONGS.get(arena, position);
        };
    }

    private FieldVector decodeVariable(int key, int[] variableCursors, boolean[] valid, int count,
            BufferAllocator allocator) {
        byte[][] keyValues = new byte[count][];
        for (int index = 0; index < count; index++) {
            int cursor = variableCursors[index];
            int length = (int) INTS.get(arena, cursor);
            if (valid[index]) {
                keyValues[index] = Arrays.copyOfRange(arena, cursor + Integer.BYTES, cursor + Integer.BYTES + length);
            }
            variableCursors[index] = cursor + Integer.BYTES + length;
        }
        return Columns.writeBytes(keyFields.get(key), keyValues, 0, count, allocator);
    }
}
