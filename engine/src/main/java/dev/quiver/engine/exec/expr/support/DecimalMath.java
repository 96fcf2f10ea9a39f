package dev.quiver.engine.exec.expr.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * Exact DECIMAL arithmetic on unscaled values: {@code long} when they fit, {@link BigInteger}
 * otherwise. Values are stored as Arrow Decimal128: 16 bytes, little-endian two's complement.
 *
 * <p>Rounding is half away from zero ({@link RoundingMode#HALF_UP}), as DuckDB rounds.
 */
public final class DecimalMath {
    /** Arrow's and DuckDB's widest DECIMAL. */
    public static final int MAX_PRECISION = 38;

    private static final long[] LONG_POWERS = new long[19];
    private static final BigInteger[] BIG_POWERS = new BigInteger[MAX_PRECISION + 2];
    private static final double[] DOUBLE_POWERS = new double[MAX_PRECISION + 2];

    static {
        long power = 1;
        for (int exponent = 0; exponent < LONG_POWERS.length; exponent++) {
            LONG_POWERS[exponent] = power;
            power *= 10;
        }
        for (int exponent = 0; exponent < BIG_POWERS.length; exponent++) {
            BIG_POWERS[exponent] = BigInteger.TEN.pow(exponent);
            DOUBLE_POWERS[exponent] = Double.parseDouble("1e" + exponent);
        }
    }

    private DecimalMath() {}

    /** {@code 10^exponent} for exponent 0..18. */
    public static long longPower(int exponent) {
        return LONG_POWERS[exponent];
    }

    /** {@code 10^exponent} for exponent 0..39. */
    public static BigInteger bigPower(int exponent) {
        return BIG_POWERS[exponent];
    }

    /** {@code 10^exponent} as the nearest double, exponent 0..39 (DuckDB's table of the same name). */
    public static double doublePower(int exponent) {
        return DOUBLE_POWERS[exponent];
    }

    /** Whether {@code value} has at most {@code precision} digits. */
    public static boolean fits(long value, int precision) {
        if (precision >= 19) {
            return true;
        }
        long limit = LONG_POWERS[precision];
        return value < limit && value > -limit;
    }

    /** Whether {@code value} has at most {@code precision} digits. */
    public static boolean fits(BigInteger value, int precision) {
        return value.abs().compareTo(BIG_POWERS[precision]) < 0;
    }

    /** {@code value / divisor} rounded half away from zero; {@code divisor > 0}. */
    public static long divideRounded(long value, long divisor) {
        long quotient = value / divisor;
        long remainder = value % divisor;
        // |remainder| >= divisor - |remainder|  <=>  2|remainder| >= divisor, without overflow
        if (Math.abs(remainder) >= divisor - Math.abs(remainder)) {
            quotient += value < 0 ? -1 : 1;
        }
        return quotient;
    }

    /** {@code value / divisor} rounded half to even (banker's rounding), for a positive divisor. */
    public static long divideRoundedEven(long value, long divisor) {
        long quotient = value / divisor;
        long remainder = Math.abs(value % divisor);
        long rest = divisor - remainder;
        if (remainder > rest || remainder == rest && (quotient & 1) != 0) {
            quotient += value < 0 ? -1 : 1;
        }
        return quotient;
    }

    /** {@code dividend / divisor} rounded half away from zero; any signs, {@code divisor != 0}. */
    public static long divideRoundedSigned(long dividend, long divisor) {
        long quotient = dividend / divisor;
        long remainder = dividend % divisor;
        if (remainder != 0) {
            long absRemainder = Math.abs(remainder);
            long absDivisor = Math.abs(divisor);
            if (absRemainder >= absDivisor - absRemainder) {
                quotient += (dividend < 0) == (divisor < 0) ? 1 : -1;
            }
        }
        return quotient;
    }

    /** The low 8 bytes of row {@code row} of a Decimal128 buffer. */
    public static long low(ArrowBuf data, int row) {
        return data.getLong((long) row << 4);
    }

    /** The high 8 bytes of row {@code row} of a Decimal128 buffer. */
    public static long high(ArrowBuf data, int row) {
        return data.getLong(((long) row << 4) + 8);
    }

    /** The unscaled value of row {@code row}. */
    public static BigInteger big(ArrowBuf data, int row) {
        return toBig(low(data, row), high(data, row));
    }

    /** The unscaled value of row {@code row} of a DECIMAL or integer vector (the slow, exact path). */
    public static BigInteger unscaledAt(FieldVector vector, int row) {
        if (ValueKind.of(vector.getField().getType()) == ValueKind.DECIMAL) {
            return big(vector.getDataBuffer(), row);
        }
        long[] value = new long[1];
        Numbers.readLongs(vector, row, 1, value);
        return BigInteger.valueOf(value[0]);
    }

    public static BigInteger toBig(long low, long high) {
        if (high == (low >> 63)) {
            return BigInteger.valueOf(low);
        }
        return BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
    }

    /** Writes {@code value} to row {@code row}. */
    public static void write(ArrowBuf data, int row, long value) {
        long address = (long) row << 4;
        data.setLong(address, value);
        data.setLong(address + 8, value >> 63);
    }

    /** Writes {@code value}, which must fit 128 bits, to row {@code row}. */
    public static void write(ArrowBuf data, int row, BigInteger value) {
        long address = (long) row << 4;
        data.setLong(address, value.longValue());
        data.setLong(address + 8, value.shiftRight(64).longValue());
    }

    /** A decimal with the given unscaled value and scale, e.g. for messages. */
    public static BigDecimal toDecimal(BigInteger unscaled, int scale) {
        return new BigDecimal(unscaled, scale);
    }

    /** {@code value} (of scale {@code fromScale}) at scale {@code toScale}, rounding half away from zero. */
    public static BigInteger rescale(BigInteger value, int fromScale, int toScale) {
        if (toScale == fromScale) {
            return value;
        }
        return new BigDecimal(value, fromScale)
                .setScale(toScale, RoundingMode.HALF_UP)
                .unscaledValue();
    }

    private static final double TWO_TO_64 = 18446744073709551616.0;
    private static final long EXACT_IN_DOUBLE = 1L << 53;
    private static final long EXACT_IN_FLOAT = 1L << 24;

    /**
     * A DECIMAL(precision, scale) as DuckDB casts it to DOUBLE (TryCastDecimalToFloatingPoint):
     * {@code unscaled / 10^scale} when the unscaled value converts exactly (at most 2^53) or the
     * scale is 0, otherwise {@code (unscaled div 10^scale) + (unscaled mod 10^scale) / 10^scale},
     * each part converted on its own. Not always the nearest double, but DuckDB's bit for bit.
     */
    public static double toDouble(long unscaled, int scale) {
        if (scale == 0 || Math.abs(unscaled) <= EXACT_IN_DOUBLE) {
            return (double) unscaled / DOUBLE_POWERS[scale];
        }
        long power = LONG_POWERS[scale];
        return (double) (unscaled / power) + (double) (unscaled % power) / DOUBLE_POWERS[scale];
    }

    /** As {@link #toDouble(long, int)} for a DECIMAL wider than 18 digits (DuckDB's 128-bit storage). */
    public static double toDouble(BigInteger unscaled, int scale) {
        if (scale == 0 || unscaled.abs().compareTo(BigInteger.valueOf(EXACT_IN_DOUBLE)) <= 0) {
            return hugeToDouble(unscaled) / DOUBLE_POWERS[scale];
        }
        BigInteger[] parts = unscaled.divideAndRemainder(BIG_POWERS[scale]);
        return hugeToDouble(parts[0]) + hugeToDouble(parts[1]) / DOUBLE_POWERS[scale];
    }

    /** A DECIMAL as DuckDB casts it to REAL: {@link #toDouble(long, int)} computed in float. */
    public static float toFloat(long unscaled, int precision, int scale) {
        float divisor = (float) DOUBLE_POWERS[scale];
        if (scale == 0 || precision <= 4 || Math.abs(unscaled) <= EXACT_IN_FLOAT) {
            return (float) unscaled / divisor;
        }
        long power = LONG_POWERS[scale];
        return (float) (unscaled / power) + (float) (unscaled % power) / divisor;
    }

    /** As {@link #toFloat(long, int, int)} for a DECIMAL wider than 18 digits. */
    public static float toFloat(BigInteger unscaled, int scale) {
        float divisor = (float) DOUBLE_POWERS[scale];
        if (scale == 0 || unscaled.abs().compareTo(BigInteger.valueOf(EXACT_IN_FLOAT)) <= 0) {
            return (float) hugeToDouble(unscaled) / divisor;
        }
        BigInteger[] parts = unscaled.divideAndRemainder(BIG_POWERS[scale]);
        return (float) hugeToDouble(parts[0]) + (float) hugeToDouble(parts[1]) / divisor;
    }

    /**
     * DuckDB's HUGEINT to DOUBLE: {@code lower + upper * 2^64} from the two's-complement halves,
     * except that a value with upper half -1 is {@code -(2^64 - 1 - lower) - 1}.
     */
    public static double hugeToDouble(BigInteger value) {
        long lower = value.longValue();
        long upper = value.shiftRight(64).longValue();
        if (upper == -1) {
            return -unsignedToDouble(~lower) - 1.0;
        }
        return unsignedToDouble(lower) + (double) upper * TWO_TO_64;
    }

    /** An unsigned 64-bit integer as the nearest double. */
    private static double unsignedToDouble(long value) {
        if (value >= 0) {
            return value;
        }
        // halve keeping the sticky bit, convert, double: rounds once, correctly
        return ((double) ((value >>> 1) | (value & 1))) * 2.0;
    }

    /** The text of a decimal, e.g. {@code -0.05}, {@code 5}, {@code 1.50}: every scale digit is printed. */
    public static String toText(BigInteger unscaled, int scale) {
        return new BigDecimal(unscaled, scale).toPlainString();
    }
}
