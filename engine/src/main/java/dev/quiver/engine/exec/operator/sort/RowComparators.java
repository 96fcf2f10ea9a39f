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

    /** Compares two rows: of the same columns, or a row of the left columns with one of the right. */
    @FunctionalInterface
    public interface RowComparator {
        int compare(int left, int right);
    }

    /** Compares rows of {@code columns} by {@code keys} in order; all rows are equal without keys. */
    public static RowComparator forKeys(List<FieldVector> columns, List<SortKey> keys) {
        return forKeys(columns, columns, keys);
    }

    /**
     * Compares a row of {@code left} (the comparator's first argument) with a row of {@code right}
     * (its second) by {@code keys} in order: two sets of columns of the same types, such as two
     * batches of one operator's output.
     */
    public static RowComparator forKeys(List<FieldVector> left, List<FieldVector> right, List<SortKey> keys) {
        RowComparator[] parts = new RowComparator[keys.size()];
        for (int index = 0; index < parts.length; index++) {
            SortKey key = keys.get(index);
            parts[index] = forKey(left.get(key.column()), right.get(key.column()), key);
        }
        if (parts.length == 1) {
            return parts[0];
        }
        return (leftRow, rightRow) -> {
            for (RowComparator part : parts) {
                int result = part.compare(leftRow, rightRow);
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

    private static RowComparator forKey(FieldVector left, FieldVector right, SortKey key) {
        RowComparator values = forValues(left, right);
        int direction = key.descending() ? -1 : 1;
        int nullOrder = key.nullsFirst() ? -1 : 1;
        if (left.getNullCount() == 0 && right.getNullCount() == 0) {
            return key.descending() ? (leftRow, rightRow) -> -values.compare(leftRow, rightRow) : values;
        }
        return (leftRow, rightRow) -> {
            boolean leftNull = left.isNull(leftRow);
            boolean rightNull = right.isNull(rightRow);
            if (leftNull || rightNull) {
                return leftNull == rightNull ? 0 : (leftNull ? nullOrder : -nullOrder);
            }
            return direction * values.compare(leftRow, rightRow);
        };
    }

    private static RowComparator forValues(FieldVector left, FieldVector right) {
        if (left.getClass() != right.getClass()) {
            throw new IllegalArgumentException(
                    "internal error (a bug): comparing a " + left.getField() + " with a " + right.getField());
        }
        return switch (left) {
            case BitVector bits -> {
                BitVector other = (BitVector) right;
                yield (leftRow, rightRow) -> Integer.compare(bits.get(leftRow), other.get(rightRow));
            }
            case TinyIntVector tiny -> {
                TinyIntVector other = (TinyIntVector) right;
                yield (leftRow, rightRow) -> Byte.compare(tiny.get(leftRow), other.get(rightRow));
            }
            case SmallIntVector small -> {
                SmallIntVector other = (SmallIntVector) right;
                yield (leftRow, rightRow) -> Short.compare(small.get(leftRow), other.get(rightRow));
            }
            case IntVector integer -> {
                IntVector other = (IntVector) right;
                yield (leftRow, rightRow) -> Integer.compare(integer.get(leftRow), other.get(rightRow));
            }
            case BigIntVector big -> {
                BigIntVector other = (BigIntVector) right;
                yield (leftRow, rightRow) -> Long.compare(big.get(leftRow), other.get(rightRow));
            }
            case DateDayVector date -> {
                DateDayVector other = (DateDayVector) right;
                yield (leftRow, rightRow) -> Integer.compare(date.get(leftRow), other.get(rightRow));
            }
            case TimeStampMicroVector time -> {
                TimeStampMicroVector other = (TimeStampMicroVector) right;
                yield (leftRow, rightRow) -> Long.compare(time.get(leftRow), other.get(rightRow));
            }
            case TimeStampMicroTZVector time -> {
                TimeStampMicroTZVector other = (TimeStampMicroTZVector) right;
                yield (leftRow, rightRow) -> Long.compare(time.get(leftRow), other.get(rightRow));
            }
            case TimeMicroVector time -> {
                TimeMicroVector other = (TimeMicroVector) right;
                yield (leftRow, rightRow) -> Long.compare(time.get(leftRow), other.get(rightRow));
            }
            case FixedSizeBinaryVector uuid
            when uuid.getByteWidth() == 16 -> {
                ArrowBuf data = uuid.getDataBuffer();
                ArrowBuf other = right.getDataBuffer();
                yield (leftRow, rightRow) -> compareUuid(data, leftRow, other, rightRow);
            }
            case IntervalMonthDayNanoVector interval -> {
                // DuckDB orders intervals normalised: INTERVAL '30 days' ties with INTERVAL '1 month'
                ArrowBuf data = interval.getDataBuffer();
                ArrowBuf other = right.getDataBuffer();
                yield (leftRow, rightRow) -> Interval.read(data, leftRow).compareTo(Interval.read(other, rightRow));
            }
            case Float4Vector real -> {
                Float4Vector other = (Float4Vector) right;
                yield (leftRow, rightRow) -> Float.compare(real.get(leftRow), other.get(rightRow));
            }
            case Float8Vector dbl -> {
                Float8Vector other = (Float8Vector) right;
                yield (leftRow, rightRow) -> Double.compare(dbl.get(leftRow), other.get(rightRow));
            }
            case DecimalVector decimal -> {
                ArrowBuf data = decimal.getDataBuffer();
                ArrowBuf other = right.getDataBuffer();
                yield (leftRow, rightRow) -> compareInt128(data, leftRow, other, rightRow);
            }
            case VarCharVector text -> {
                VarCharVector other = (VarCharVector) right;
                yield bytes(
                        text.getOffsetBuffer(), text.getDataBuffer(), other.getOffsetBuffer(), other.getDataBuffer());
            }
            case VarBinaryVector binary -> {
                VarBinaryVector other = (VarBinaryVector) right;
                yield bytes(
                        binary.getOffsetBuffer(),
                        binary.getDataBuffer(),
                        other.getOffsetBuffer(),
                        other.getDataBuffer());
            }
            case NullVector ignored -> (leftRow, rightRow) -> 0; // every row is NULL: all tie
            case FieldVector nested
            when NestedKeys.handles(nested.getField().getType()) -> {
                // encoded once per comparator: their bytes order as DuckDB orders the values
                NestedKeys.Encoded encoded = NestedKeys.encode(nested, nested.getValueCount());
                NestedKeys.Encoded other = right == left ? encoded : NestedKeys.encode(right, right.getValueCount());
                yield (leftRow, rightRow) -> encoded.compare(leftRow, other, rightRow);
            }
            default -> throw new UnsupportedOperationException("cannot sort by " + left.getField());
        };
    }

    /** UUIDs: 16 big-endian bytes compared unsigned, as their text sorts. */
    private static int compareUuid(ArrowBuf leftData, int left, ArrowBuf rightData, int right) {
        long leftOffset = (long) left << 4;
        long rightOffset = (long) right << 4;
        int high = Long.compareUnsigned(
                Long.reverseBytes(leftData.getLong(leftOffset)), Long.reverseBytes(rightData.getLong(rightOffset)));
        return high != 0
                ? high
                : Long.compareUnsigned(
                        Long.reverseBytes(leftData.getLong(leftOffset + 8)),
                        Long.reverseBytes(rightData.getLong(rightOffset + 8)));
    }

    /** Two's-complement little-endian 128-bit integers: high words signed, low words unsigned. */
    private static int compareInt128(ArrowBuf leftData, int left, ArrowBuf rightData, int right) {
        long leftOffset = (long) left << 4;
        long rightOffset = (long) right << 4;
        int high = Long.compare(leftData.getLong(leftOffset + 8), rightData.getLong(rightOffset + 8));
        return high != 0 ? high : Long.compareUnsigned(leftData.getLong(leftOffset), rightData.getLong(rightOffset));
    }

    /** Unsigned lexicographic order of the values' bytes (UTF-8 byte order is code point order). */
    private static RowComparator bytes(
            ArrowBuf leftOffsets, ArrowBuf leftData, ArrowBuf rightOffsets, ArrowBuf rightData) {
        return (left, right) -> {
            int leftStart = leftOffsets.getInt((long) left << 2);
            int leftEnd = leftOffsets.getInt(((long) left + 1) << 2);
            int rightStart = rightOffsets.getInt((long) right << 2);
            int rightEnd = rightOffsets.getInt(((long) right + 1) << 2);
            int length = Math.min(leftEnd - leftStart, rightEnd - rightStart);
            for (int index = 0; index < length; index++) {
                int result = Integer.compare(
                        leftData.getByte(leftStart + index) & 0xff, rightData.getByte(rightStart + index) & 0xff);
                if (result != 0) {
                    return result;
                }
            }
            return Integer.compare(leftEnd - leftStart, rightEnd - rightStart);
        };
    }
}
