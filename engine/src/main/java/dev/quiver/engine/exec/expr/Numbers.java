package dev.quiver.engine.exec.expr;

import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Moves numbers between Arrow vectors and primitive arrays, one loop per storage width.
 *
 * <p>Arithmetic and casts read their operands into {@code long[]} (integers, dates, timestamps,
 * unscaled decimals) or {@code double[]}, compute there with branch-free loops, and write the result
 * back. Values of NULL rows are read as whatever the buffer holds (zero when Quiver wrote it); the
 * kernels mask them by validity and never report errors for them.
 */
final class Numbers {
    private Numbers() {
    }

    /** The values of an integer, DATE or TIMESTAMP vector (an unscaled DECIMAL's too) as longs. */
    static long[] readLongs(FieldVector vector, int rowCount) {
        long[] values = new long[rowCount];
        if (vector instanceof NullVector) {
            return values;
        }
        ArrowBuf data = vector.getDataBuffer();
        switch (ValueKind.of(vector.getField().getType())) {
            case TINYINT -> {
                for (int row = 0; row < rowCount; row++) {
                    values[row] = data.getByte(row);
                }
            }
            case SMALLINT -> {
                for (int row = 0; row < rowCount; row++) {
                    values[row] = data.getShort((long) row << 1);
                }
            }
            case INTEGER, DATE -> {
                for (int row = 0; row < rowCount; row++) {
                    values[row] = data.getInt((long) row << 2);
                }
            }
            case BIGINT, TIMESTAMP -> {
                for (int row = 0; row < rowCount; row++) {
                    values[row] = data.getLong((long) row << 3);
                }
            }
            case BOOLEAN -> {
                for (int row = 0; row < rowCount; row++) {
                    values[row] = (data.getByte(row >>> 3) >>> (row & 7)) & 1;
                }
            }
            case DECIMAL -> {
                long[] fitted = readUnscaled(vector, rowCount);
                if (fitted == null) {
                    throw new IllegalStateException("decimal values do not fit 64 bits");
                }
                return fitted;
            }
            default -> throw new IllegalArgumentException("not an integer vector: " + vector.getField());
        }
        return values;
    }

    /**
     * The unscaled values of a DECIMAL vector, or an integer vector (scale 0), as longs; null when
     * some non-null row needs more than 64 bits, so the caller takes its 128-bit path for this batch.
     */
    static long[] readUnscaled(FieldVector vector, int rowCount) {
        ValueKind kind = vector instanceof NullVector ? ValueKind.NULL : ValueKind.of(vector.getField().getType());
        if (kind != ValueKind.DECIMAL) {
            return readLongs(vector, rowCount);
        }
        long[] values = new long[rowCount];
        ArrowBuf data = vector.getDataBuffer();
        long mismatch = 0;
        for (int row = 0; row < rowCount; row++) {
            long low = data.getLong((long) row << 4);
            long high = data.getLong(((long) row << 4) + 8);
            values[row] = low;
            mismatch |= high ^ (low >> 63);
        }
        if (mismatch != 0) {
            Bits validity = Bits.validity(vector, rowCount);
            for (int row = 0; row < rowCount; row++) {
                if (DecimalMath.high(data, row) != (values[row] >> 63)) {
                    if (validity.get(row)) {
                        return null;
                    }
                    values[row] = 0;
                }
            }
        }
        return values;
    }

    /** Unscaled values as BigIntegers (the 128-bit path); null for NULL rows. */
    static BigInteger[] readBig(FieldVector vector, int rowCount) {
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

    /** The values of any numeric vector as doubles (DECIMAL divided as DuckDB does, see {@link DecimalMath#toDouble}). */
    static double[] readDoubles(FieldVector vector, int rowCount) {
        double[] values = new double[rowCount];
        if (vector instanceof NullVector) {
            return values;
        }
        ArrowBuf data = vector.getDataBuffer();
        switch (ValueKind.of(vector.getField().getType())) {
            case REAL -> {
                for (int row = 0; row < rowCount; row++) {
                    values[row] = data.getFloat((long) row << 2);
                }
            }
            case DOUBLE -> {
                for (int row = 0; row < rowCount; row++) {
                    values[row] = data.getDouble((long) row << 3);
                }
            }
            case DECIMAL -> {
                int scale = scale(vector.getField().getType());
                double divisor = DecimalMath.doublePower(scale);
                Bits validity = null;
                for (int row = 0; row < rowCount; row++) {
                    long low = DecimalMath.low(data, row);
                    long high = DecimalMath.high(data, row);
                    if (high == (low >> 63)) {
                        values[row] = (double) low / divisor;
                    } else {
                        if (validity == null) {
                            validity = Bits.validity(vector, rowCount);
                        }
                        values[row] = validity.get(row) ? DecimalMath.toDouble(DecimalMath.toBig(low, high), scale) : 0;
                    }
                }
            }
            default -> {
                long[] longs = readLongs(vector, rowCount);
                for (int row = 0; row < rowCount; row++) {
                    values[row] = longs[row];
                }
            }
        }
        return values;
    }

    /** The scale of a DECIMAL type, 0 for integer types. */
    static int scale(ArrowType type) {
        return type instanceof ArrowType.Decimal decimal ? decimal.getScale() : 0;
    }

    /** The precision of a DECIMAL type; of an integer type, the digits of its widest value. */
    static int precision(ArrowType type) {
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
    static long minimum(ValueKind kind) {
        return switch (kind) {
            case TINYINT -> Byte.MIN_VALUE;
            case SMALLINT -> Short.MIN_VALUE;
            case INTEGER, DATE -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }

    /** The largest value of an integer kind. */
    static long maximum(ValueKind kind) {
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
    static int firstOutOfRange(long[] values, ValueKind kind, Bits validity, int rowCount) {
        if (kind == ValueKind.BIGINT || kind == ValueKind.TIMESTAMP) {
            return -1;
        }
        long minimum = minimum(kind);
        long maximum = maximum(kind);
        boolean any = false;
        for (int row = 0; row < rowCount; row++) {
            long value = values[row];
            any |= value < minimum | value > maximum;
        }
        if (!any) {
            return -1;
        }
        for (int row = 0; row < rowCount; row++) {
            long value = values[row];
            if ((value < minimum || value > maximum) && validity.get(row)) {
                return row;
            }
        }
        return -1;
    }

    /** Writes longs (already range checked) into an integer, DATE or TIMESTAMP vector allocated by {@link Vectors}. */
    static void writeLongs(long[] values, FieldVector target, int rowCount) {
        ArrowBuf data = target.getDataBuffer();
        switch (ValueKind.of(target.getField().getType())) {
            case TINYINT -> {
                for (int row = 0; row < rowCount; row++) {
                    data.setByte(row, (byte) values[row]);
                }
            }
            case SMALLINT -> {
                for (int row = 0; row < rowCount; row++) {
                    data.setShort((long) row << 1, (short) values[row]);
                }
            }
            case INTEGER, DATE -> {
                for (int row = 0; row < rowCount; row++) {
                    data.setInt((long) row << 2, (int) values[row]);
                }
            }
            case BIGINT, TIMESTAMP -> {
                for (int row = 0; row < rowCount; row++) {
                    data.setLong((long) row << 3, values[row]);
                }
            }
            case DECIMAL -> {
                for (int row = 0; row < rowCount; row++) {
                    DecimalMath.write(data, row, values[row]);
                }
            }
            default -> throw new IllegalArgumentException("not an integer vector: " + target.getField());
        }
    }

    /** Writes doubles into a REAL (rounded to float) or DOUBLE vector allocated by {@link Vectors}. */
    static void writeDoubles(double[] values, FieldVector target, int rowCount) {
        ArrowBuf data = target.getDataBuffer();
        if (ValueKind.of(target.getField().getType()) == ValueKind.REAL) {
            for (int row = 0; row < rowCount; row++) {
                data.setFloat((long) row << 2, (float) values[row]);
            }
        } else {
            for (int row = 0; row < rowCount; row++) {
                data.setDouble((long) row << 3, values[row]);
            }
        }
    }
}
