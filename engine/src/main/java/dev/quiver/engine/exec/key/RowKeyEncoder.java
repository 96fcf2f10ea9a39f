package dev.quiver.engine.exec.key;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.Interval;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
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
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The one byte-row encoding of keys (DuckDB's TupleDataCollection rows, DataFusion's RowConverter):
 * each row's keys as one compact byte row, equal exactly when the keys are equal as SQL keys see
 * them — NULL equal to NULL. GROUP BY stores its groups this way, and hash joins and set
 * operations encode keys that do not fit longs this way.
 *
 * <p>ROW LAYOUT: a NULL bitmap (bit k set when key k is NULL), then the fixed-width keys at fixed
 * offsets ({@link LongForm}s in 1, 2, 4 or 8 bytes, DECIMAL as its 16 unscaled bytes; zero when
 * NULL), then each VARCHAR, VARBINARY or nested key ({@link NestedKeys}) as a 4-byte length and its
 * bytes; then zeros up to a
 * multiple of 8 bytes, so that hashing ({@link KeyHashing#hashBytes}) and comparing rows are loops
 * over whole words. A batch is encoded a column at a time — one loop per key column and layout,
 * no per-row dispatch.
 *
 * <p>Immutable and shared; the buffers of one encoding are a {@link Rows}, confined to one thread.
 */
public final class RowKeyEncoder {
    private static final VarHandle LONGS = view(long[].class);
    private static final VarHandle INTS = view(int[].class);
    private static final VarHandle SHORTS = view(short[].class);
    /** Width of a variable-width key in {@link #widths}. */
    private static final int VARIABLE = -1;
    /** Width of a nested key in {@link #widths}: variable, its bytes {@link NestedKeys}'. */
    private static final int NESTED = -2;
    /** Width of a key of type NULL: no bytes, its NULL bit always set. */
    private static final int ALWAYS_NULL = 0;

    private static final int DECIMAL = 16;

    private final int[] columns;
    /** Per key: 1, 2, 4 or 8 (long form), {@link #DECIMAL} or {@link #VARIABLE}. */
    private final int[] widths;
    /** Per fixed-width key: its offset in the row. */
    private final int[] offsets;

    private final int nullBytes;
    /** Bytes before the first variable-width key: the NULL bitmap and the fixed-width keys. */
    private final int fixedWidth;

    private final boolean variableWidth;

    /** Little-endian access to a byte[] as {@code type}'s elements; the JIT turns it into plain loads and stores. */
    private static VarHandle view(Class<?> type) {
        return MethodHandles.byteArrayViewVarHandle(type, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param columns       the key columns of the batches to encode
     * @param types         their types
     * @param widenIntegers whether every long form takes 8 bytes, so that keys of different integer
     *                      types (INT and BIGINT) encode alike — needed when two inputs' rows are compared
     * @throws QuiverException UNSUPPORTED for a key type that cannot be encoded
     */
    public RowKeyEncoder(int[] columns, List<ArrowType> types, boolean widenIntegers) {
        this.columns = columns.clone();
        this.widths = new int[columns.length];
        this.offsets = new int[columns.length];
        this.nullBytes = (columns.length + 7) / 8;
        int offset = nullBytes;
        boolean variable = false;
        for (int key = 0; key < columns.length; key++) {
            ArrowType type = types.get(key);
            widths[key] = switch (type) {
                case ArrowType.Decimal decimal -> DECIMAL;
                case ArrowType.FixedSizeBinary uuid when uuid.getByteWidth() == DECIMAL -> DECIMAL; // UUID
                case ArrowType.Interval interval -> DECIMAL; // its 16 bytes as they are
                case ArrowType.Utf8 utf8 -> VARIABLE;
                case ArrowType.Binary binary -> VARIABLE;
                case ArrowType nested when NestedKeys.handles(nested) -> NESTED;
                case ArrowType.Null nothing -> ALWAYS_NULL; // SELECT NULL EXCEPT SELECT NULL
                default -> {
                    if (widenIntegers ? !LongForm.readable(type) : !LongForm.supports(type)) {
                        throw new QuiverException(
                                ErrorCode.UNSUPPORTED,
                                "keys of type " + type + " (GROUP BY, join or set operation) are not supported yet");
                    }
                    yield widenIntegers ? Long.BYTES : LongForm.width(type);
                }
            };
            if (widths[key] < 0) {
                variable = true;
                offsets[key] = -1;
            } else {
                offsets[key] = offset;
                offset += widths[key];
            }
        }
        this.fixedWidth = offset;
        this.variableWidth = variable;
    }

    /**
     * The encoded rows of one batch: row r is {@code bytes[starts[r], starts[r + 1])}, its length a
     * multiple of 8. The arrays may be longer than needed. Reused from batch to batch by one thread.
     */
    public static final class Rows {
        private final HeapReservation memory;
        private byte[] bytes = new byte[0];
        private int[] starts = new int[0];
        private int rows;
        // scratch
        private int[] cursors = new int[0];
        private long[] values = new long[0];
        private long[] highValues = new long[0];
        private byte[] columnBytes = new byte[0];

        /**
         * @param memory counts the arrays, which grow by doubling; null to size them exactly (rows
         *               that are kept, each batch in new {@code Rows})
         */
        public Rows(HeapReservation memory) {
            this.memory = memory;
        }

        public byte[] bytes() {
            return bytes;
        }

        /** {@code rows() + 1} offsets into {@link #bytes}. */
        public int[] starts() {
            return starts;
        }

        public int rows() {
            return rows;
        }

        private long[] grow(long[] array, int needed) {
            return memory != null ? memory.grow(array, needed) : array.length >= needed ? array : new long[needed];
        }

        private int[] grow(int[] array, int needed) {
            return memory != null ? memory.grow(array, needed) : array.length >= needed ? array : new int[needed];
        }

        private byte[] grow(byte[] array, int needed) {
            return memory != null ? memory.grow(array, needed) : array.length >= needed ? array : new byte[needed];
        }
    }

    /** Encodes every row of {@code batch} into {@code into}, replacing what it held. */
    public void encode(Batch batch, Rows into) {
        int rows = batch.rowCount();
        into.rows = rows;
        into.starts = into.grow(into.starts, rows + 1);
        int[] starts = into.starts;
        if (columns.length == 0) { // no keys (a join without an equality): every row is empty, all alike
            Arrays.fill(starts, 0, rows + 1, 0);
            return;
        }
        // 1. row lengths, as end offsets shifted by one, then summed up
        starts[0] = 0;
        Arrays.fill(starts, 1, rows + 1, fixedWidth);
        NestedKeys.Encoded[] nested = new NestedKeys.Encoded[columns.length];
        for (int key = 0; key < columns.length; key++) {
            if (widths[key] == NESTED) {
                nested[key] = NestedKeys.encode(batch.column(columns[key]), rows);
                for (int row = 0; row < rows; row++) {
                    starts[row + 1] += Integer.BYTES + nested[key].length(row);
                }
            } else if (widths[key] == VARIABLE) {
                BaseVariableWidthVector column = (BaseVariableWidthVector) batch.column(columns[key]);
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
                throw new QuiverException(ErrorCode.MEMORY_LIMIT, "the keys of one batch exceed 2 GiB");
            }
            starts[row] = (int) total;
        }
        into.bytes = into.grow(into.bytes, (int) total);
        byte[] bytes = into.bytes;
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
        for (int key = 0; key < columns.length; key++) {
            FieldVector column = batch.column(columns[key]);
            if (widths[key] == ALWAYS_NULL) { // a NullVector has no validity buffer to read
                int byteIndex = key >>> 3;
                byte bit = (byte) (1 << (key & 7));
                for (int row = 0; row < rows; row++) {
                    bytes[starts[row] + byteIndex] |= bit;
                }
            } else if (column.getNullCount() > 0) {
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
        for (int key = 0; key < columns.length; key++) {
            if (widths[key] > 0) {
                encodeFixed(batch.column(columns[key]), widths[key], offsets[key], rows, into);
            }
        }
        // 4. variable-width keys, each after the previous one
        if (variableWidth) {
            into.cursors = into.grow(into.cursors, rows);
            int[] cursors = into.cursors;
            for (int row = 0; row < rows; row++) {
                cursors[row] = starts[row] + fixedWidth;
            }
            for (int key = 0; key < columns.length; key++) {
                if (widths[key] == VARIABLE) {
                    encodeVariable((BaseVariableWidthVector) batch.column(columns[key]), rows, into);
                } else if (widths[key] == NESTED) {
                    encodeNested(nested[key], rows, into);
                }
            }
        }
    }

    /**
     * INTERVAL keys in DuckDB's normalised form (30 days a month, 24 hours a day; {@link
     * Interval#keyForm}), so that equal intervals ({@code '1 day'} and {@code '24 hours'}) group and
     * join together; a group shows that form.
     */
    private static void normalizeIntervals(long[] low, long[] high, int rows) {
        for (int row = 0; row < rows; row++) {
            Interval value = new Interval((int) low[row], (int) (low[row] >>> 32), high[row] / 1_000).keyForm();
            if (value == null) {
                continue; // beyond INTEGER months: keep the parts as they are
            }
            low[row] = (value.months() & 0xFFFF_FFFFL) | ((long) value.days() << 32);
            high[row] = value.micros() * 1_000;
        }
    }

    private static void encodeFixed(FieldVector column, int width, int offset, int rows, Rows into) {
        byte[] bytes = into.bytes;
        int[] starts = into.starts;
        into.values = into.grow(into.values, rows);
        if (width == DECIMAL) {
            into.highValues = into.grow(into.highValues, rows);
            PrimitiveColumns.readDecimals(column, rows, into.values, into.highValues);
            long[] low = into.values;
            long[] high = into.highValues;
            if (column instanceof IntervalMonthDayNanoVector) {
                normalizeIntervals(low, high, rows);
            }
            for (int row = 0; row < rows; row++) {
                LONGS.set(bytes, starts[row] + offset, low[row]);
                LONGS.set(bytes, starts[row] + offset + 8, high[row]);
            }
            return;
        }
        long[] longs = into.values;
        LongForm.read(column, rows, longs);
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

    private static void encodeVariable(BaseVariableWidthVector column, int rows, Rows into) {
        byte[] bytes = into.bytes;
        int[] cursors = into.cursors;
        ArrowBuf valueOffsets = column.getOffsetBuffer();
        ArrowBuf validity = column.getValidityBuffer();
        boolean nulls = column.getNullCount() > 0;
        // one bulk copy of the column's bytes: far cheaper than an ArrowBuf copy per (often tiny) value
        int dataEnd = valueOffsets.getInt((long) rows << 2);
        into.columnBytes = into.grow(into.columnBytes, dataEnd);
        byte[] columnBytes = into.columnBytes;
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

    private static void encodeNested(NestedKeys.Encoded encoded, int rows, Rows into) {
        byte[] bytes = into.bytes;
        int[] cursors = into.cursors;
        for (int row = 0; row < rows; row++) {
            int length = encoded.length(row);
            int cursor = cursors[row];
            INTS.set(bytes, cursor, length);
            System.arraycopy(encoded.bytes(), encoded.starts()[row], bytes, cursor + Integer.BYTES, length);
            cursors[row] = cursor + Integer.BYTES + length;
        }
    }

    /** Whether two encoded rows are equal; word by word, faster than Arrays.equals on short rows. */
    public static boolean sameRow(byte[] left, int leftStart, int leftEnd, byte[] right, int rightStart, int rightEnd) {
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

    /**
     * The keys of rows {@code [first, first + count)} of {@code bytes}/{@code starts} decoded back
     * into new vectors, one per key, typed as {@code fields} (the types this encoder was made for,
     * without widening).
     */
    public List<FieldVector> decode(
            byte[] bytes, int[] starts, int first, int count, List<Field> fields, BufferAllocator allocator) {
        List<FieldVector> decoded = new ArrayList<>(columns.length);
        int[] variableCursors = new int[count];
        for (int index = 0; index < count; index++) {
            variableCursors[index] = starts[first + index] + fixedWidth;
        }
        long[] low = new long[count];
        long[] high = new long[count];
        boolean[] valid = new boolean[count];
        try {
            for (int key = 0; key < columns.length; key++) {
                int byteIndex = key >>> 3;
                int bit = 1 << (key & 7);
                for (int index = 0; index < count; index++) {
                    valid[index] = (bytes[starts[first + index] + byteIndex] & bit) == 0;
                }
                decoded.add(
                        switch (widths[key]) {
                            case ALWAYS_NULL -> {
                                NullVector nulls = new NullVector(fields.get(key));
                                nulls.setValueCount(count);
                                yield nulls;
                            }
                            case VARIABLE ->
                                decodeVariable(bytes, fields.get(key), variableCursors, valid, count, allocator);
                            case NESTED ->
                                decodeNested(bytes, fields.get(key), variableCursors, valid, count, allocator);
                            case DECIMAL -> {
                                for (int index = 0; index < count; index++) {
                                    int position = starts[first + index] + offsets[key];
                                    low[index] = (long) LONGS.get(bytes, position);
                                    high[index] = (long) LONGS.get(bytes, position + 8);
                                }
                                yield PrimitiveColumns.writeDecimals(
                                        fields.get(key), low, high, valid, 0, count, allocator);
                            }
                            default -> {
                                for (int index = 0; index < count; index++) {
                                    low[index] = readLongForm(bytes, starts[first + index] + offsets[key], widths[key]);
                                }
                                yield PrimitiveColumns.writeLongs(fields.get(key), low, valid, 0, count, allocator);
                            }
                        });
            }
            return decoded;
        } catch (RuntimeException e) {
            decoded.forEach(FieldVector::close);
            throw e;
        }
    }

    private static long readLongForm(byte[] bytes, int position, int width) {
        return switch (width) {
            case 1 -> bytes[position];
            case 2 -> (short) SHORTS.get(bytes, position);
            case 4 -> (int) INTS.get(bytes, position);
            default -> (long) LONGS.get(bytes, position);
        };
    }

    private static FieldVector decodeNested(
            byte[] bytes, Field field, int[] variableCursors, boolean[] valid, int count, BufferAllocator allocator) {
        byte[][] sources = new byte[count][];
        int[] from = new int[count];
        for (int index = 0; index < count; index++) {
            int cursor = variableCursors[index];
            sources[index] = valid[index] ? bytes : null;
            from[index] = cursor + Integer.BYTES;
            variableCursors[index] = cursor + Integer.BYTES + (int) INTS.get(bytes, cursor);
        }
        return NestedKeys.decodeVector(field, sources, from, count, allocator);
    }

    private static FieldVector decodeVariable(
            byte[] bytes, Field field, int[] variableCursors, boolean[] valid, int count, BufferAllocator allocator) {
        byte[][] keyValues = new byte[count][];
        for (int index = 0; index < count; index++) {
            int cursor = variableCursors[index];
            int length = (int) INTS.get(bytes, cursor);
            if (valid[index]) {
                keyValues[index] = Arrays.copyOfRange(bytes, cursor + Integer.BYTES, cursor + Integer.BYTES + length);
            }
            variableCursors[index] = cursor + Integer.BYTES + length;
        }
        return PrimitiveColumns.writeBytes(field, keyValues, 0, count, allocator);
    }
}
