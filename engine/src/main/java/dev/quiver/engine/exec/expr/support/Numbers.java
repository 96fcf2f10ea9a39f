package dev.quiver.engine.exec.expr.support;

import dev.quiver.engine.exec.vector.PrimitiveColumns;
import java.math.BigInteger;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Moves numbers between Arrow vectors and primitive arrays, one loop per storage width.
 *
 * <p>Arithmetic and casts read their operands into {@code long[]} (integers, dates, timestamps,
 * unscaled decimals) or {@code double[]}, compute there with branch-free loops, and write the result
 * back. The ranged methods work on {@link #CHUNK}-row pieces so the arrays stay in the L1 cache
 * and are allocated once per batch, not per row. Values of NULL rows are read as whatever the
 * buffer holds (zero when Quiver wrote it); kernels mask them by validity and never report errors
 * for them.
 */
public final class Numbers {
    /** Rows per piece for the ranged methods: three {@code long[CHUNK]} fit a 32 KB L1 cache. */
    public static final int CHUNK = 1024;

    private Numbers() {}

    /** The values of an integer, DATE or TIMESTAMP vector (an unscaled DECIMAL's too) as longs. */
    public static long[] readLongs(FieldVector vector, int rowCount) {
        long[] values = new long[rowCount];
        readLongs(vector, 0, rowCount, values);
        return values;
    }

    /** Rows {@code [from, from + count)} of an integer-like vector into {@code into[0 .. count)}. */
    public static void readLongs(FieldVector vector, int from, int count, long[] into) {
        if (vector instanceof NullVector) {
            Arrays.fill(into, 0, count, 0L);
            return;
        }
        switch (ValueKind.of(vector.getField().getType())) {
            case TINYINT, SMALLINT, INTEGER, DATE, BIGINT, TIMESTAMP, TIMESTAMP_TZ, TIME, BOOLEAN ->
                PrimitiveColumns.readLongs(vector, from, count, into);
            case DECIMAL -> {
                if (!readUnscaled(vector, from, count, into)) {
                    throw new IllegalStateException("decimal values do not fit 64 bits");
                }
            }
            default -> throw new IllegalArgumentException("not an integer vector: " + vector.getField());
        }
    }

    /**
     * The unscaled values of a DECIMAL vector, or an integer vector (scale 0), as longs; null when
     * some non-null row needs more than 64 bits, so the caller takes its 128-bit path for this batch.
     */
    public static long[] readUnscaled(FieldVector vector, int rowCount) {
        long[] values = new long[rowCount];
        return readUnscaled(vector, 0, rowCount, values) ? values : null;
    }

    /**
     * Rows {@code [from, from + count)} as unscaled longs into {@code into}; false when a non-null
     * row needs more than 64 bits (then {@code into} holds garbage). A DECIMAL of at most 18 digits
     * always fits, and only its low words are read.
     */
    public static boolean readUnscaled(FieldVector vector, int from, int count, long[] into) {
        if (vector instanceof NullVector || ValueKind.of(vector.getField().getType()) != ValueKind.DECIMAL) {
            readLongs(vector, from, count, into);
            return true;
        }
        ArrowBuf data = vector.getDataBuffer();
        if (precision(vector.getField().getType()) <= 18) {
            // Arrow keeps values of at most 18 digits sign-extended: the low word is the value
            for (int index = 0; index < count; index++) {
                into[index] = data.getLong((long) (from + index) << 4);
            }
            return true;
        }
        long mismatch = 0;
        for (int index = 0; index < count; index++) {
            long address = (long) (from + index) << 4;
            long low = data.getLong(address);
            into[index] = low;
            mismatch |= data.getLong(address + 8) ^ (low >> 63);
        }
        if (mismatch != 0) {
            Bits validity = Bits.validity(vector, from + count);
            for (int index = 0; index < count; index++) {
                int row = from + index;
                if (DecimalMath.high(data, row) != (into[index] >> 63)) {
                    if (validity.get(row)) {
                        return false;
                    }
                    into[index] = 0;
                }
            }
        }
        return true;
    }

    /** Unscaled values as BigIntegers (the 128-bit path); null for NULL rows. */
    public static BigInteger[] readBig(FieldVector vector, int rowCount) {
        BigInteger[] values = new BigInteger[rowCount];
        if (vector instanceof NullVector) {
            return values;
        }
        Bits validity = Bits.validity(vector, rowCount);
        if (ValueKind.of(vector.getField().getType()) == ValueKind.DECIMAL) {
            ArrowBuf data = vector.getDataBuffer();
            for (int row = 0; row < rowCount; row++) {
                if (validity.get(row)) {
                    values[row] = DecimalMath.big(data, row);
                }
            }
        } else {
            long[] longs = readLongs(vector, rowCount);
            for (int row = 0; row < rowCount; row++) {
                if (validity.get(row)) {
                    values[row] = BigInteger.valueOf(longs[row]);
                }
            }
        }
        return values;
    }

    /** The values of any numeric vector as doubles (DECIMAL converted as DuckDB does, see {@link DecimalMath#toDouble}). */
    public static double[] readDoubles(FieldVector vector, int rowCount) {
        double[] values = new double[rowCount];
        readDoubles(vector, 0, rowCount, values);
        return values;
    }

    /** Rows {@code [from, from + count)} of a numeric vector as doubles into {@code into}. */
    public static void readDoubles(FieldVector vector, int from, int count, double[] into) {
        if (vector instanceof NullVector) {
            Arrays.fill(into, 0, count, 0.0);
            return;
        }
        ArrowBuf data = vector.getDataBuffer();
        switch (ValueKind.of(vector.getField().getType())) {
            case REAL -> {
                for (int index = 0; index < count; index++) {
                    into[index] = data.getFloat((long) (from + index) << 2);
                }
            }
            case DOUBLE -> {
                for (int index = 0; index < count; index++) {
                    into[index] = data.getDouble((long) (from + index) << 3);
                }
            }
            case DECIMAL -> {
                int scale = scale(vector.getField().getType());
                boolean wide = precision(vector.getField().getType()) > 18;
                Bits validity = null;
                for (int index = 0; index < count; index++) {
                    int row = from + index;
                    long low = DecimalMath.low(data, row);
                    long high = DecimalMath.high(data, row);
                    if (!wide) {
                        into[index] = DecimalMath.toDouble(low, scale);
                    } else {
                        // DuckDB stores these in 128 bits and converts them its 128-bit way
                        if (validity == null) {
                            validity = Bits.validity(vector, from + count);
                        }
                        into[index] = validity.get(row) ? DecimalMath.toDouble(DecimalMath.toBig(low, high), scale) : 0;
                    }
                }
            }
            default -> {
                long[] longs = new long[count];
                readLongs(vector, from, count, longs);
                for (int index = 0; index < count; index++) {
                    into[index] = longs[index];
                }
            }
        }
    }

    /** The scale of a DECIMAL type, 0 for integer types. */
    public static int scale(ArrowType type) {
        return type instanceof ArrowType.Decimal decimal ? decimal.getScale() : 0;
    }

    /** The precision of a DECIMAL type; of an integer type, the digits of its widest value. */
    public static int precision(ArrowType type) {
        if (type instanceof ArrowType.Decimal decimal) {
            return decimal.getPrecision();
        }
        return switch (ValueKind.of(type)) {
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INTEGER -> 10;
            case BIGINT -> 19;
            case BOOLEAN -> 1;
            default -> throw new IllegalArgumentException("no precision for " + type);
        };
    }

    /** The smallest value of an integer kind. */
    public static long minimum(ValueKind kind) {
        return switch (kind) {
            case TINYINT -> Byte.MIN_VALUE;
            case SMALLINT -> Short.MIN_VALUE;
            case INTEGER, DATE -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }

    /** The largest value of an integer kind. */
    public static long maximum(ValueKind kind) {
        return switch (kind) {
            case TINYINT -> Byte.MAX_VALUE;
            case SMALLINT -> Short.MAX_VALUE;
            case INTEGER, DATE -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }

    /**
     * The first non-null row whose value does not fit {@code kind}, or -1. Run before
     * {@link #writeLongs} when narrowing.
     */
    public static int firstOutOfRange(long[] values, ValueKind kind, Bits validity, int rowCount) {
        return firstOutOfRange(values, kind, validity, 0, rowCount);
    }

    /** As {@link #firstOutOfRange(long[], ValueKind, Bits, int)} for {@code values[0 .. count)} holding rows from {@code from}. */
    public static int firstOutOfRange(long[] values, ValueKind kind, Bits validity, int from, int count) {
        if (kind == ValueKind.BIGINT || kind.isMicros()) {
            return -1;
        }
        long minimum = minimum(kind);
        long maximum = maximum(kind);
        boolean any = false;
        for (int index = 0; index < count; index++) {
            long value = values[index];
            any |= value < minimum | value > maximum;
        }
        if (!any) {
            return -1;
        }
        for (int index = 0; index < count; index++) {
            long value = values[index];
            if ((value < minimum || value > maximum) && validity.get(from + index)) {
                return from + index;
            }
        }
        return -1;
    }

    /** Writes longs (already range checked) into an integer, DATE, TIMESTAMP or DECIMAL vector allocated by {@link KernelVectors}. */
    public static void writeLongs(long[] values, FieldVector target, int rowCount) {
        writeLongs(values, target, 0, rowCount);
    }

    /** Writes {@code values[0 .. count)} to rows {@code [from, from + count)}. */
    public static void writeLongs(long[] values, FieldVector target, int from, int count) {
        ArrowBuf data = target.getDataBuffer();
        switch (ValueKind.of(target.getField().getType())) {
            case TINYINT -> {
                for (int index = 0; index < count; index++) {
                    data.setByte(from + index, (byte) values[index]);
                }
            }
            case SMALLINT -> {
                for (int index = 0; index < count; index++) {
                    data.setShort((long) (from + index) << 1, (short) values[index]);
                }
            }
            case INTEGER, DATE -> {
                for (int index = 0; index < count; index++) {
                    data.setInt((long) (from + index) << 2, (int) values[index]);
                }
            }
            case BIGINT, TIMESTAMP, TIMESTAMP_TZ, TIME -> {
                for (int index = 0; index < count; index++) {
                    data.setLong((long) (from + index) << 3, values[index]);
                }
            }
            case DECIMAL -> {
                for (int index = 0; index < count; index++) {
                    DecimalMath.write(data, from + index, values[index]);
                }
            }
            default -> throw new IllegalArgumentException("not an integer vector: " + target.getField());
        }
    }

    /** Writes doubles into a REAL (rounded to float) or DOUBLE vector allocated by {@link KernelVectors}. */
    public static void writeDoubles(double[] values, FieldVector target, int rowCount) {
        writeDoubles(values, target, 0, rowCount);
    }

    /** Writes {@code values[0 .. count)} to rows {@code [from, from + count)}. */
    public static void writeDoubles(double[] values, FieldVector target, int from, int count) {
        ArrowBuf data = target.getDataBuffer();
        if (ValueKind.of(target.getField().getType()) == ValueKind.REAL) {
            for (int index = 0; index < count; index++) {
                data.setFloat((long) (from + index) << 2, (float) values[index]);
            }
        } else {
            for (int index = 0; index < count; index++) {
                data.setDouble((long) (from + index) << 3, values[index]);
            }
        }
    }
}
