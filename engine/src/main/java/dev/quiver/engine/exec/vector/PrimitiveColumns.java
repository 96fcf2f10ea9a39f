package dev.quiver.engine.exec.vector;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Moves values between Arrow vectors and the Java primitive arrays that hot loops run over: one
 * loop per physical layout, chosen once per call (per batch on input, per output batch on output).
 * Expressions, hash keys and aggregates all read and write columns through here.
 *
 * <p>Values of NULL rows read as whatever the buffer holds, unless a method says they read as 0.
 */
public final class PrimitiveColumns {
    private static final long[] DECIMAL_LIMIT_LOW = new long[39];
    private static final long[] DECIMAL_LIMIT_HIGH = new long[39];

    static {
        for (int precision = 0; precision <= 38; precision++) {
            BigInteger limit = BigInteger.TEN.pow(precision);
            DECIMAL_LIMIT_LOW[precision] = limit.longValue();
            DECIMAL_LIMIT_HIGH[precision] = limit.shiftRight(64).longValue();
        }
    }

    private PrimitiveColumns() {}

    /**
     * Rows {@code [from, from + count)} of an integer-like vector — BOOLEAN as 0 or 1, integers
     * sign-extended, DATE days, TIMESTAMP microseconds — into {@code into[0 .. count)}.
     *
     * @throws IllegalArgumentException for a floating-point, DECIMAL or variable-width vector
     */
    public static void readLongs(FieldVector vector, int from, int count, long[] into) {
        ArrowBuf data = vector.getDataBuffer();
        switch (vector) {
            case BitVector bits -> {
                for (int index = 0; index < count; index++) {
                    into[index] = BitVectorHelper.get(data, from + index);
                }
            }
            case FloatingPointVector floating ->
                throw new IllegalArgumentException("not an integer vector: " + vector.getField());
            case DecimalVector decimal ->
                throw new IllegalArgumentException("not an integer vector: " + vector.getField());
            case BaseFixedWidthVector fixed -> {
                switch (fixed.getTypeWidth()) {
                    case 1 -> {
                        for (int index = 0; index < count; index++) {
                            into[index] = data.getByte(from + index);
                        }
                    }
                    case 2 -> {
                        for (int index = 0; index < count; index++) {
                            into[index] = data.getShort((long) (from + index) << 1);
                        }
                    }
                    case 4 -> {
                        for (int index = 0; index < count; index++) {
                            into[index] = data.getInt((long) (from + index) << 2);
                        }
                    }
                    case 8 -> {
                        for (int index = 0; index < count; index++) {
                            into[index] = data.getLong((long) (from + index) << 3);
                        }
                    }
                    default -> throw new IllegalArgumentException("not an integer vector: " + vector.getField());
                }
            }
            default -> throw new IllegalArgumentException("not an integer vector: " + vector.getField());
        }
    }

    /** Rows [0, rows) of an integer-like vector, as {@link #readLongs(FieldVector, int, int, long[])}; NULL reads as 0. */
    public static void readLongsNullAsZero(FieldVector column, int rows, long[] out) {
        readLongs(column, 0, rows, out);
        zeroNulls(column, rows, out);
    }

    /** Rows [0, rows) of a REAL or DOUBLE column as doubles; NULL reads as 0. */
    public static void readDoubles(FieldVector column, int rows, double[] out) {
        switch (column) {
            case Float4Vector real -> {
                ArrowBuf data = real.getDataBuffer();
                for (int row = 0; row < rows; row++) {
                    out[row] = data.getFloat((long) row << 2);
                }
            }
            case Float8Vector dbl -> {
                ArrowBuf data = dbl.getDataBuffer();
                for (int row = 0; row < rows; row++) {
                    out[row] = data.getDouble((long) row << 3);
                }
            }
            default -> throw new IllegalArgumentException("not a floating-point column: " + column.getField());
        }
        if (column.getNullCount() > 0) {
            ArrowBuf validity = column.getValidityBuffer();
            for (int row = 0; row < rows; row++) {
                if (BitVectorHelper.get(validity, row) == 0) {
                    out[row] = 0;
                }
            }
        }
    }

    /** Rows [0, rows) of a DECIMAL column as 128-bit two's complement words; NULL reads as 0. */
    public static void readDecimals(FieldVector column, int rows, long[] low, long[] high) {
        ArrowBuf data = column.getDataBuffer();
        for (int row = 0; row < rows; row++) {
            long offset = (long) row << 4;
            low[row] = data.getLong(offset);
            high[row] = data.getLong(offset + 8);
        }
        zeroNulls(column, rows, low);
        zeroNulls(column, rows, high);
    }

    /** Sets {@code out[row]} to 0 where row {@code row} of {@code column} is NULL, for rows [0, rows). */
    public static void zeroNulls(FieldVector column, int rows, long[] out) {
        if (column.getNullCount() == 0) {
            return;
        }
        ArrowBuf validity = column.getValidityBuffer();
        for (int row = 0; row < rows; row++) {
            out[row] &= -(long) BitVectorHelper.get(validity, row); // all ones when valid, zero when NULL
        }
    }

    /**
     * A new vector of {@code field}'s type holding the values (integer-like as by {@link #readLongs(FieldVector, int, int, long[])}, REAL and DOUBLE as the bits of the double value) {@code values[first, first + count)};
     * NULL where {@code valid} (indexed like {@code values}, null meaning all valid) is false.
     *
     * @throws QuiverException NUMERIC_OVERFLOW when a value does not fit a narrower integer type
     */
    public static FieldVector writeLongs(
            Field field, long[] values, boolean[] valid, int first, int count, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        try {
            allocate(vector, count);
            switch (vector) {
                case BitVector bits -> {
                    for (int index = 0; index < count; index++) {
                        bits.set(index, (int) values[first + index]);
                    }
                }
                case TinyIntVector tiny -> {
                    for (int index = 0; index < count; index++) {
                        tiny.set(index, (byte) narrow(values[first + index], Byte.MIN_VALUE, Byte.MAX_VALUE, field));
                    }
                }
                case SmallIntVector small -> {
                    for (int index = 0; index < count; index++) {
                        small.set(
                                index, (short) narrow(values[first + index], Short.MIN_VALUE, Short.MAX_VALUE, field));
                    }
                }
                case IntVector integer -> {
                    for (int index = 0; index < count; index++) {
                        integer.set(index, (int)
                                narrow(values[first + index], Integer.MIN_VALUE, Integer.MAX_VALUE, field));
                    }
                }
                case BigIntVector big -> {
                    for (int index = 0; index < count; index++) {
                        big.set(index, values[first + index]);
                    }
                }
                case DateDayVector date -> {
                    for (int index = 0; index < count; index++) {
                        date.set(index, (int) values[first + index]);
                    }
                }
                case TimeStampMicroVector timestamp -> {
                    for (int index = 0; index < count; index++) {
                        timestamp.set(index, values[first + index]);
                    }
                }
                case TimeStampMicroTZVector instant -> {
                    for (int index = 0; index < count; index++) {
                        instant.set(index, values[first + index]);
                    }
                }
                case TimeMicroVector time -> {
                    for (int index = 0; index < count; index++) {
                        time.set(index, values[first + index]);
                    }
                }
                case Float4Vector real -> {
                    for (int index = 0; index < count; index++) {
                        real.set(index, (float) Double.longBitsToDouble(values[first + index]));
                    }
                }
                case Float8Vector dbl -> {
                    for (int index = 0; index < count; index++) {
                        dbl.set(index, Double.longBitsToDouble(values[first + index]));
                    }
                }
                default -> throw new IllegalArgumentException("not an integer-like or floating-point field: " + field);
            }
            setNulls(vector, valid, first, count);
            vector.setValueCount(count);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /** Like {@link #writeLongs}, for REAL or DOUBLE values. */
    public static FieldVector writeDoubles(
            Field field, double[] values, boolean[] valid, int first, int count, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        try {
            allocate(vector, count);
            if (vector instanceof Float8Vector dbl) {
                for (int index = 0; index < count; index++) {
                    dbl.set(index, values[first + index]);
                }
            } else {
                Float4Vector real = (Float4Vector) vector;
                for (int index = 0; index < count; index++) {
                    real.set(index, (float) values[first + index]);
                }
            }
            setNulls(vector, valid, first, count);
            vector.setValueCount(count);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /**
     * Like {@link #writeLongs}, for DECIMAL values as 128-bit words.
     *
     * @throws QuiverException NUMERIC_OVERFLOW when a value has more digits than the type's precision
     */
    public static FieldVector writeDecimals(
            Field field, long[] low, long[] high, boolean[] valid, int first, int count, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator); // DECIMAL, or UUID's 16 bytes (no precision)
        try {
            allocate(vector, count);
            int precision = vector instanceof DecimalVector decimal ? decimal.getPrecision() : 38;
            boolean checked = vector instanceof DecimalVector;
            ArrowBuf data = vector.getDataBuffer();
            ArrowBuf validity = vector.getValidityBuffer();
            for (int index = 0; index < count; index++) {
                if (valid != null && !valid[first + index]) {
                    continue;
                }
                long lowWord = low[first + index];
                long highWord = high[first + index];
                if (checked && !fitsPrecision(lowWord, highWord, precision)) {
                    throw new QuiverException(
                            ErrorCode.NUMERIC_OVERFLOW,
                            "the result of " + field.getName() + " does not fit in DECIMAL(" + precision + ")");
                }
                data.setLong((long) index << 4, lowWord);
                data.setLong(((long) index << 4) + 8, highWord);
                BitVectorHelper.setBit(validity, index);
            }
            vector.setValueCount(count);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /** Like {@link #writeLongs}, for VARCHAR or VARBINARY values (null elements are NULL). */
    public static FieldVector writeBytes(
            Field field, byte[][] values, int first, int count, BufferAllocator allocator) {
        BaseVariableWidthVector vector = (BaseVariableWidthVector) field.createVector(allocator);
        try {
            long bytes = 0;
            for (int index = 0; index < count; index++) {
                byte[] value = values[first + index];
                bytes += value == null ? 0 : value.length;
            }
            vector.allocateNew(Math.max(bytes, 1), Math.max(count, 1));
            for (int index = 0; index < count; index++) {
                byte[] value = values[first + index];
                if (value == null) {
                    vector.setNull(index);
                } else {
                    vector.setSafe(index, value, 0, value.length);
                }
            }
            vector.setValueCount(count);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    private static void setNulls(FieldVector vector, boolean[] valid, int first, int count) {
        if (valid == null) {
            return;
        }
        for (int index = 0; index < count; index++) {
            if (!valid[first + index]) {
                vector.setNull(index);
            }
        }
    }

    private static void allocate(FieldVector vector, int count) {
        vector.setInitialCapacity(Math.max(count, 1));
        vector.allocateNew();
    }

    private static long narrow(long value, long min, long max, Field field) {
        if (value < min || value > max) {
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW,
                    "the result of " + field.getName() + " (" + value + ") is out of range for its type "
                            + field.getType());
        }
        return value;
    }

    /** Whether a 128-bit value has at most {@code precision} decimal digits: -10^p < value < 10^p. */
    public static boolean fitsPrecision(long low, long high, int precision) {
        long limitLow = DECIMAL_LIMIT_LOW[precision];
        long limitHigh = DECIMAL_LIMIT_HIGH[precision];
        if (high < 0) { // compare the magnitude: negate the 128-bit value
            low = -low;
            high = low == 0 ? -high : ~high;
            if (high < 0) {
                return false; // -2^127 has no positive counterpart
            }
        }
        return high < limitHigh || (high == limitHigh && Long.compareUnsigned(low, limitLow) < 0);
    }

    /** Compares two 128-bit two's complement values. */
    public static int compare128(long leftLow, long leftHigh, long rightLow, long rightHigh) {
        int high = Long.compare(leftHigh, rightHigh);
        return high != 0 ? high : Long.compareUnsigned(leftLow, rightLow);
    }
}
