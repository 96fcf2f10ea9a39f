package dev.quiver.engine.exec.operator.sort;

import dev.quiver.engine.exec.key.NestedKeys;
import dev.quiver.engine.exec.vector.Interval;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Row comparators over columns, specialised per vector type once per sort (not per comparison).
 * Orders as DuckDB does: strings by UTF-8 bytes, NaN above every other float, nested values by
 * their {@link NestedKeys} bytes (lists lexicographically, NULL elements last), NULLs where the key
 * says.
 */
public final class RowComparators {
    private RowComparators() {}

    /** Compares two rows of the same batch. */
    @FunctionalInterface
    public interface RowComparator {
        int compare(int left, int right);
    }

    /** Compares rows of {@code columns} by {@code keys} in order; all rows are equal without keys. */
    public static RowComparator forKeys(List<FieldVector> columns, List<SortKey> keys) {
        RowComparator[] parts = new RowComparator[keys.size()];
        for (int index = 0; index < parts.length; index++) {
            SortKey key = keys.get(index);
            parts[index] = forKey(columns.get(key.column()), key);
        }
        if (parts.length == 1) {
            return parts[0];
        }
        return (left, right) -> {
            for (RowComparator part : parts) {
                int result = part.compare(left, right);
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        };
    }

    /**
     * Sorts {@code rows} (row numbers) by {@code comparator}, stably: a bottom-up merge sort with
     * {@code rows.length} ints of scratch.
     */
    public static void sort(int[] rows, RowComparator comparator) {
        sort(rows, 0, rows.length, new int[rows.length], comparator);
    }

    /** Sorts {@code rows[from, to)} stably, using {@code scratch[from, to)}. */
    public static void sort(int[] rows, int from, int to, int[] scratch, RowComparator comparator) {
        int count = to - from;
        for (int width = 1; width < count; width <<= 1) {
            for (int low = from; low < to - width; low += width << 1) {
                int middle = low + width;
                int high = Math.min(low + (width << 1), to);
                int left = low;
                int right = middle;
                int out = low;
                while (left < middle && right < high) {
                    scratch[out++] = comparator.compare(rows[right], rows[left]) < 0 ? rows[right++] : rows[left++];
                }
                while (left < middle) {
                    scratch[out++] = rows[left++];
                }
                while (right < high) {
                    scratch[out++] = rows[right++];
                }
                System.arraycopy(scratch, low, rows, low, high - low);
            }
        }
    }

    private static RowComparator forKey(FieldVector column, SortKey key) {
        RowComparator values = forValues(column);
        int direction = key.descending() ? -1 : 1;
        int nullOrder = key.nullsFirst() ? -1 : 1;
        if (column.getNullCount() == 0) {
            return key.descending() ? (left, right) -> -values.compare(left, right) : values;
        }
        return (left, right) -> {
            boolean leftNull = column.isNull(left);
            boolean rightNull = column.isNull(right);
            if (leftNull || rightNull) {
                return leftNull == rightNull ? 0 : (leftNull ? nullOrder : -nullOrder);
            }
            return direction * values.compare(left, right);
        };
    }

    private static RowComparator forValues(FieldVector column) {
        return switch (column) {
            case BitVector bits -> (left, right) -> Integer.compare(bits.get(left), bits.get(right));
            case TinyIntVector tiny -> (left, right) -> Byte.compare(tiny.get(left), tiny.get(right));
            case SmallIntVector small -> (left, right) -> Short.compare(small.get(left), small.get(right));
            case IntVector integer -> (left, right) -> Integer.compare(integer.get(left), integer.get(right));
            case BigIntVector big -> (left, right) -> Long.compare(big.get(left), big.get(right));
            case DateDayVector date -> (left, right) -> Integer.compare(date.get(left), date.get(right));
            case TimeStampMicroVector time -> (left, right) -> Long.compare(time.get(left), time.get(right));
            case TimeStampMicroTZVector time -> (left, right) -> Long.compare(time.get(left), time.get(right));
            case TimeMicroVector time -> (left, right) -> Long.compare(time.get(left), time.get(right));
            case FixedSizeBinaryVector uuid
            when uuid.getByteWidth() == 16 -> {
                ArrowBuf data = uuid.getDataBuffer();
                yield (left, right) -> compareUuid(data, left, right);
            }
            case IntervalMonthDayNanoVector interval -> {
                // DuckDB orders intervals normalised: INTERVAL '30 days' ties with INTERVAL '1 month'
                ArrowBuf data = interval.getDataBuffer();
                yield (left, right) -> Interval.read(data, left).compareTo(Interval.read(data, right));
            }
            case Float4Vector real -> (left, right) -> Float.compare(real.get(left), real.get(right));
            case Float8Vector dbl -> (left, right) -> Double.compare(dbl.get(left), dbl.get(right));
            case DecimalVector decimal -> {
                ArrowBuf data = decimal.getDataBuffer();
                yield (left, right) -> compareInt128(data, left, right);
            }
            case VarCharVector text -> bytes(text.getOffsetBuffer(), text.getDataBuffer());
            case VarBinaryVector binary -> bytes(binary.getOffsetBuffer(), binary.getDataBuffer());
            case NullVector ignored -> (left, right) -> 0; // every row is NULL: all tie
            case FieldVector nested
            when NestedKeys.handles(nested.getField().getType()) -> {
                // encoded once per sort: their bytes order as DuckDB orders the values
                NestedKeys.Encoded encoded = NestedKeys.encode(nested, nested.getValueCount());
                yield (left, right) -> encoded.compare(left, encoded, right);
            }
            default -> throw new UnsupportedOperationException("cannot sort by " + column.getField());
        };
    }

    /** UUIDs: 16 big-endian bytes compared unsigned, as their text sorts. */
    private static int compareUuid(ArrowBuf data, int left, int right) {
        long leftOffset = (long) left << 4;
        long rightOffset = (long) right << 4;
        int high = Long.compareUnsigned(
                Long.reverseBytes(data.getLong(leftOffset)), Long.reverseBytes(data.getLong(rightOffset)));
        return high != 0
                ? high
                : Long.compareUnsigned(
                        Long.reverseBytes(data.getLong(leftOffset + 8)),
                        Long.reverseBytes(data.getLong(rightOffset + 8)));
    }

    /** Two's-complement little-endian 128-bit integers: high words signed, low words unsigned. */
    private static int compareInt128(ArrowBuf data, int left, int right) {
        long leftOffset = (long) left << 4;
        long rightOffset = (long) right << 4;
        int high = Long.compare(data.getLong(leftOffset + 8), data.getLong(rightOffset + 8));
        return high != 0 ? high : Long.compareUnsigned(data.getLong(leftOffset), data.getLong(rightOffset));
    }

    /** Unsigned lexicographic order of the values' bytes (UTF-8 byte order is code point order). */
    private static RowComparator bytes(ArrowBuf offsets, ArrowBuf data) {
        return (left, right) -> {
            int leftStart = offsets.getInt((long) left << 2);
            int leftEnd = offsets.getInt(((long) left + 1) << 2);
            int rightStart = offsets.getInt((long) right << 2);
            int rightEnd = offsets.getInt(((long) right + 1) << 2);
            int length = Math.min(leftEnd - leftStart, rightEnd - rightStart);
            for (int index = 0; index < length; index++) {
                int result = Integer.compare(
                        data.getByte(leftStart + index) & 0xff, data.getByte(rightStart + index) & 0xff);
                if (result != 0) {
                    return result;
                }
            }
            return Integer.compare(leftEnd - leftStart, rightEnd - rightStart);
        };
    }
}
