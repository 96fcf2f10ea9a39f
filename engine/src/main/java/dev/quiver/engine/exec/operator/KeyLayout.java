package dev.quiver.engine.exec.operator;

import dev.quiver.engine.exec.Batch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * How one input's hash keys are encoded into {@link HashKeys}: which columns, how each type
 * becomes bytes, and whether NULL equals NULL — decided once per operator from the key types, so
 * encoding a batch runs one loop per key column with no per-row type dispatch.
 *
 * <p>A single integer-like key (BOOLEAN, TINYINT..BIGINT, DATE, TIMESTAMP, REAL, DOUBLE) where NULL
 * matches nothing is PACKED into a long; two to {@value #MAX_WIDE} such keys are WIDE, a long each
 * (TPC-H's (partkey, suppkey) joins: comparing longs, not encoded bytes). Anything else is ENCODED: per column an optional NULL
 * marker byte (only where NULL equals NULL), then the value — integer-like types as eight bytes
 * (so INT and BIGINT keys compare by value), DECIMAL as its sixteen unscaled bytes, strings and
 * binaries as a four-byte length and their bytes. Floating-point keys are normalised first: -0.0
 * equals 0.0 and every NaN equals every other, as in DuckDB.
 */
final class KeyLayout {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** How a key value is encoded; two key columns compare only when their kinds (and scales) agree. */
    enum Kind {
        INTEGER, FLOAT, DECIMAL, UTF8, BINARY
    }

    private final int[] columns;
    private final boolean[] nullsEqual;
    private final Kind[] kinds;
    private final int[] scales;
    private final boolean packed;
    /** Longs per row in the PACKED (1) or WIDE layout; 0 when ENCODED. */
    private final int longWidth;
    /** The most integer-like keys the WIDE layout holds. */
    static final int MAX_WIDE = 4;

    /**
     * @param columns    the key columns of the input
     * @param nullsEqual per key, whether NULL equals NULL (IS NOT DISTINCT FROM, set operations)
     */
    KeyLayout(List<Field> inputFields, int[] columns, boolean[] nullsEqual) {
        if (columns.length != nullsEqual.length) {
            throw new IllegalArgumentException(columns.length + " key columns but " + nullsEqual.length + " NULL flags");
        }
        this.columns = columns.clone();
        this.nullsEqual = nullsEqual.clone();
        this.kinds = new Kind[columns.length];
        this.scales = new int[columns.length];
        for (int key = 0; key < columns.length; key++) {
            ArrowType type = inputFields.get(columns[key]).getType();
            kinds[key] = kindOf(type);
            scales[key] = type instanceof ArrowType.Decimal decimal ? decimal.getScale() : 0;
        }
        boolean allLongs = columns.length <= MAX_WIDE;
        for (int key = 0; key < columns.length; key++) {
            allLongs &= !nullsEqual[key] && (kinds[key] == Kind.INTEGER || kinds[key] == Kind.FLOAT);
        }
        this.longWidth = allLongs ? columns.length : 0;
        this.packed = longWidth == 1;
    }

    /** Longs per row: 1 PACKED, 2..{@value #MAX_WIDE} WIDE, 0 ENCODED. */
    int longWidth() {
        return longWidth;
    }

    static Kind kindOf(ArrowType type) {
        return switch (type) {
            case ArrowType.Int integer -> Kind.INTEGER;
            case ArrowType.Bool bool -> Kind.INTEGER;
            case ArrowType.Date date -> Kind.INTEGER;
            case ArrowType.Timestamp timestamp -> Kind.INTEGER;
            case ArrowType.FloatingPoint floating -> Kind.FLOAT;
            case ArrowType.Decimal decimal -> Kind.DECIMAL;
            case ArrowType.Utf8 utf8 -> Kind.UTF8;
            case ArrowType.Binary binary -> Kind.BINARY;
            default -> throw new IllegalArgumentException("cannot hash values of type " + type);
        };
    }

    boolean isPacked() {
        return packed;
    }

    int keyCount() {
        return columns.length;
    }

    /** Whether keys encoded by this layout and by {@code other} are equal exactly when the values are. */
    boolean compatibleWith(KeyLayout other) {
        if (other.columns.length != columns.length || other.longWidth != longWidth) {
            return false;
        }
        for (int key = 0; key < columns.length; key++) {
            if (kinds[key] != other.kinds[key] || scales[key] != other.scales[key]
                    || nullsEqual[key] != other.nullsEqual[key]) {
                return false;
            }
        }
        return true;
    }

    /** The keys of every row of {@code batch}. */
    HashKeys encode(Batch batch) {
        int rows = batch.rowCount();
        if (packed) {
            FieldVector vector = batch.column(columns[0]);
            long[] longs = new long[rows];
            readLongs(vector, kinds[0], rows, longs);
            boolean[] excluded = null;
            if (vector.getNullCount() > 0) {
                excluded = new boolean[rows];
                ArrowBuf validity = vector.getValidityBuffer();
                for (int row = 0; row < rows; row++) {
                    excluded[row] = BitVectorHelper.get(validity, row) == 0;
                }
            }
            return HashKeys.packed(longs, rows, excluded);
        }
        if (longWidth > 1) {
            return encodeWide(batch, rows);
        }
        boolean[] excluded = null;
        long[] sizes = new long[rows];
        for (int key = 0; key < columns.length; key++) {
            FieldVector vector = batch.column(columns[key]);
            boolean hasNulls = vector.getNullCount() > 0;
            ArrowBuf validity = vector.getValidityBuffer();
            int marker = nullsEqual[key] ? 1 : 0;
            boolean variable = kinds[key] == Kind.UTF8 || kinds[key] == Kind.BINARY;
            ArrowBuf offsets = variable ? vector.getOffsetBuffer() : null;
            int fixed = marker + switch (kinds[key]) {
                case INTEGER, FLOAT -> 8;
                case DECIMAL -> 16;
                case UTF8, BINARY -> 4; // the length, then the bytes
            };
            for (int row = 0; row < rows; row++) {
                if (hasNulls && BitVectorHelper.get(validity, row) == 0) {
                    if (!nullsEqual[key]) {
                        excluded = excluded == null ? new boolean[rows] : excluded;
                        excluded[row] = true;
                    }
                    sizes[row] += marker;
                } else {
                    sizes[row] += variable
                            ? fixed + offsets.getInt(((long) row + 1) << 2) - offsets.getInt((long) row << 2)
                            : fixed;
                }
            }
        }
        int[] offsets = new int[rows + 1];
        long total = 0;
        for (int row = 0; row < rows; row++) {
            total += sizes[row];
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("the keys of one batch exceed 2 GB");
            }
            offsets[row + 1] = (int) total;
        }
        byte[] bytes = new byte[(int) total];
        int[] cursor = java.util.Arrays.copyOf(offsets, rows);
        long[] scratch = new long[rows];
        for (int key = 0; key < columns.length; key++) {
            writeColumn(batch.column(columns[key]), key, rows, bytes, cursor, scratch);
        }
        return HashKeys.encoded(bytes, offsets, rows, excluded);
    }

    /** WIDE keys: each key column read as longs, then interleaved, {@link #longWidth} per row. */
    private HashKeys encodeWide(Batch batch, int rows) {
        int width = longWidth;
        long[] longs = new long[Math.multiplyExact(rows, width)];
        long[] column = new long[rows];
        boolean[] excluded = null;
        for (int key = 0; key < width; key++) {
            FieldVector vector = batch.column(columns[key]);
            readLongs(vector, kinds[key], rows, column);
            for (int row = 0; row < rows; row++) {
                longs[row * width + key] = column[row];
            }
            if (vector.getNullCount() > 0) {
                excluded = excluded == null ? new boolean[rows] : excluded;
                ArrowBuf validity = vector.getValidityBuffer();
                for (int row = 0; row < rows; row++) {
                    excluded[row] |= BitVectorHelper.get(validity, row) == 0;
                }
            }
        }
        return HashKeys.wide(longs, width, rows, excluded);
    }

    /** Appends column {@code key}'s encoding of every row at {@code cursor[row]}, advancing it. */
    private void writeColumn(FieldVector vector, int key, int rows, byte[] bytes, int[] cursor, long[] scratch) {
        boolean hasNulls = vector.getNullCount() > 0;
        ArrowBuf validity = vector.getValidityBuffer();
        boolean marker = nullsEqual[key];
        switch (kinds[key]) {
            case INTEGER, FLOAT -> {
                readLongs(vector, kinds[key], rows, scratch);
                for (int row = 0; row < rows; row++) {
                    int position = cursor[row];
                    if (hasNulls && BitVectorHelper.get(validity, row) == 0) {
                        cursor[row] = marker ? position + 1 : position; // the marker byte stays 0
                        continue;
                    }
                    if (marker) {
                        bytes[position++] = 1;
                    }
                    LONGS.set(bytes, position, scratch[row]);
                    cursor[row] = position + 8;
                }
            }
            case DECIMAL -> {
                ArrowBuf data = vector.getDataBuffer();
                for (int row = 0; row < rows; row++) {
                    int position = cursor[row];
                    if (hasNulls && BitVectorHelper.get(validity, row) == 0) {
                        cursor[row] = marker ? position + 1 : position;
                        continue;
                    }
                    if (marker) {
                        bytes[position++] = 1;
                    }
                    LONGS.set(bytes, position, data.getLong((long) row << 4));
                    LONGS.set(bytes, position + 8, data.getLong(((long) row << 4) + 8));
                    cursor[row] = position + 16;
                }
            }
            case UTF8, BINARY -> {
                ArrowBuf offsets = vector.getOffsetBuffer();
                ArrowBuf data = vector.getDataBuffer();
                for (int row = 0; row < rows; row++) {
                    int position = cursor[row];
                    if (hasNulls && BitVectorHelper.get(validity, row) == 0) {
                        cursor[row] = marker ? position + 1 : position;
                        continue;
                    }
                    if (marker) {
                        bytes[position++] = 1;
                    }
                    int start = offsets.getInt((long) row << 2);
                    int length = offsets.getInt(((long) row + 1) << 2) - start;
                    INTS.set(bytes, position, length);
                    data.getBytes(start, bytes, position + 4, length);
                    cursor[row] = position + 4 + length;
                }
            }
        }
    }

    /** The values of an integer-like or floating-point column as longs (floats normalised). */
    private static void readLongs(FieldVector vector, Kind kind, int rows, long[] out) {
        ArrowBuf data = vector.getDataBuffer();
        if (vector instanceof BitVector) {
            for (int row = 0; row < rows; row++) {
                out[row] = BitVectorHelper.get(data, row);
            }
            return;
        }
        int width = ((BaseFixedWidthVector) vector).getTypeWidth();
        if (kind == Kind.FLOAT) {
            if (width == 4) {
                for (int row = 0; row < rows; row++) {
                    out[row] = normalize(data.getFloat((long) row << 2));
                }
            } else {
                for (int row = 0; row < rows; row++) {
                    out[row] = normalize(data.getDouble((long) row << 3));
                }
            }
            return;
        }
        switch (width) {
            case 1 -> {
                for (int row = 0; row < rows; row++) {
                    out[row] = data.getByte(row);
                }
            }
            case 2 -> {
                for (int row = 0; row < rows; row++) {
                    out[row] = data.getShort((long) row << 1);
                }
            }
            case 4 -> {
                for (int row = 0; row < rows; row++) {
                    out[row] = data.getInt((long) row << 2);
                }
            }
            case 8 -> {
                for (int row = 0; row < rows; row++) {
                    out[row] = data.getLong((long) row << 3);
                }
            }
            default -> throw new IllegalArgumentException("cannot hash " + width + "-byte values of " + vector.getField());
        }
    }

    /** The bits of a double, with -0.0 as 0.0 and one NaN (a REAL widens exactly). */
    private static long normalize(double value) {
        return value == 0.0 ? 0L : Double.doubleToLongBits(value);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int key = 0; key < columns.length; key++) {
            text.append(key == 0 ? "" : ", ").append('$').append(columns[key]).append(nullsEqual[key] ? " (NULL = NULL)" : "");
        }
        return text.toString();
    }
}
