package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.math.BigDecimal;
import java.math.BigInteger;

/** DuckDB's math functions on one row's values, the bodies of {@link DoubleKernelExpr}s and {@link LongKernelExpr}s. */
public final class MathFunctions {
    private static final double LN_2 = Math.log(2);

    private MathFunctions() {}

    /** {@code log2(x)}, exact for powers of two ({@code log2(8) = 3}), which the quotient of logarithms is not always. */
    public static double log2(double value) {
        int exponent = Math.getExponent(value);
        if (value > 0 && exponent >= Double.MIN_EXPONENT && value == Math.scalb(1.0, exponent)) {
            return exponent;
        }
        return Math.log(value) / LN_2;
    }

    /** {@code log(base, x)}: the base-{@code base} logarithm of {@code x}. */
    public static double log(double base, double value) {
        return Math.log(value) / Math.log(base);
    }

    /** {@code gcd(a, b)}: the greatest common divisor, never negative; gcd(0, 0) is 0. */
    public static long gcd(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long rest = x % y;
            x = y;
            y = rest;
        }
        if (x == Long.MIN_VALUE) {
            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "Overflow in GCD of " + a + " and " + b);
        }
        return Math.abs(x);
    }

    /** {@code lcm(a, b)}: the least common multiple, never negative; 0 when either is 0. */
    public static long lcm(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        try {
            return Math.abs(Math.multiplyExact(a / gcd(a, b), b));
        } catch (ArithmeticException e) {
            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "Overflow in LCM of " + a + " and " + b);
        }
    }

    /** {@code factorial(n)} and {@code n!}: n! for 0 <= n <= 33, DuckDB's HUGEINT range; an error otherwise. */
    public static BigDecimal factorial(long n) {
        if (n < 0) {
            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "factorial of a negative number is undefined");
        }
        if (n > 33) {
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW, "factorial(" + n + ") is out of the HUGEINT range (n <= 33)");
        }
        BigInteger result = BigInteger.ONE;
        for (long factor = 2; factor <= n; factor++) {
            result = result.multiply(BigInteger.valueOf(factor));
        }
        return new BigDecimal(result);
    }

    /**
     * {@code binom(n, k)}: the binomial coefficient, 0 when k > n, as a HUGEINT; negative inputs and
     * results past 38 digits are errors, as in DuckDB.
     */
    public static BigDecimal binomial(long n, long k) {
        if (n < 0 || k < 0) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "binom with negative input is undefined");
        }
        if (k > n) {
            return BigDecimal.ZERO;
        }
        long steps = Math.min(k, n - k);
        BigInteger result = BigInteger.ONE;
        // C(n, i) grows with i up to n/2: once it passes the HUGEINT range the answer does too, so
        // even binom(2^31, 2^30) stops after a few dozen steps
        for (long step = 1; step <= steps; step++) {
            result = result.multiply(BigInteger.valueOf(n - steps + step)).divide(BigInteger.valueOf(step));
            if (result.compareTo(HUGEINT_LIMIT) >= 0) {
                throw new QuiverException(
                        ErrorCode.NUMERIC_OVERFLOW, "binom(" + n + ", " + k + "): Value out of range for HUGEINT");
            }
        }
        return new BigDecimal(result);
    }

    /** 10^38: no HUGEINT (Quiver's DECIMAL(38,0)) reaches it. */
    private static final BigInteger HUGEINT_LIMIT = BigInteger.TEN.pow(38);

    /** Whether {@code value} is a HUGEINT as Quiver holds it (at most 38 digits). */
    public static boolean fitsHugeint(BigInteger value) {
        return value.abs().compareTo(HUGEINT_LIMIT) < 0;
    }

    /** {@code value << shift} in a {@code bits}-wide integer, with DuckDB's range and overflow errors. */
    public static long leftShift(long value, long shift, int bits) {
        if (shift < 0) {
            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "Cannot left-shift by negative number " + shift);
        }
        if (shift >= bits) {
            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "Left-shift value " + shift + " is out of range");
        }
        if (value < 0) {
            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "Cannot left-shift negative number " + value);
        }
        if (shift > 0 && value >= 1L << (bits - shift - 1)) {
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW, "Overflow in left shift (" + value + " << " + shift + ")");
        }
        return value << shift;
    }

    /** {@code value >> shift} in a {@code bits}-wide integer: sign-extending, 0 for a shift outside 0 to the width - 1. */
    public static long rightShift(long value, long shift, int bits) {
        return shift < 0 || shift >= bits ? 0 : value >> shift;
    }

    /** {@code even(x)}: x rounded away from zero to the next even integer. */
    public static double even(double value) {
        double whole = value >= 0 ? Math.ceil(value) : Math.floor(value);
        if (whole % 2 != 0) {
            whole += value >= 0 ? 1 : -1;
        }
        return whole;
    }

    /**
     * {@code round_even(x, digits)}: x rounded to digits places with a tie to the even neighbour,
     * as DuckDB's macro computes it in DOUBLE (a tie is a 5 in the first dropped digit).
     */
    public static double roundEven(double value, double digits) {
        double shifted = Math.abs(value) * Math.pow(10, digits + 1);
        if (shifted % 10 == 5) {
            return roundHalfAway(value / 2, digits) * 2;
        }
        return roundHalfAway(value, digits);
    }

    private static double roundHalfAway(double value, double digits) {
        if (digits >= 0) {
            double modifier = Math.pow(10, digits);
            double rounded = roundHalfUp(Math.abs(value) * modifier) / modifier;
            return Double.isFinite(rounded) ? Math.copySign(rounded, value) : value;
        }
        double modifier = Math.pow(10, -digits);
        return Math.copySign(roundHalfUp(Math.abs(value) / modifier) * modifier, value);
    }

    /** C's round() of a non-negative value (Math.round would clamp to a long). */
    private static double roundHalfUp(double positive) {
        double floor = Math.floor(positive);
        return positive - floor >= 0.5 ? floor + 1 : floor;
    }

    /** {@code gamma(x)}: the gamma function; Infinity (with 0's sign) at 0, NaN at negative integers, as C's tgamma. */
    public static double gamma(double value) {
        if (value == 0) {
            return Math.copySign(Double.POSITIVE_INFINITY, value);
        }
        if (value < 0 && value == Math.rint(value)) {
            return Double.NaN;
        }
        if (value < 0.5) {
            // reflection: gamma(x) gamma(1 - x) = pi / sin(pi x)
            return Math.PI / (Math.sin(Math.PI * value) * gamma(1 - value));
        }
        if (value == Math.rint(value) && value <= 171) {
            double product = 1;
            for (int factor = 2; factor < value; factor++) {
                product *= factor;
            }
            return product;
        }
        return Math.exp(lanczosLogGamma(value));
    }

    /** {@code lgamma(x)}: the natural logarithm of |gamma(x)|; +Infinity at 0 and the negative integers. */
    public static double logGamma(double value) {
        if (value <= 0 && value == Math.rint(value)) {
            return Double.POSITIVE_INFINITY;
        }
        if (value < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * value))) - logGamma(1 - value);
        }
        return lanczosLogGamma(value);
    }

    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    /** log gamma(x) for x >= 0.5 by Lanczos' approximation (g = 7, nine terms: about 15 digits). */
    private static double lanczosLogGamma(double value) {
        double x = value - 1;
        double sum = LANCZOS[0];
        for (int index = 1; index < LANCZOS.length; index++) {
            sum += LANCZOS[index] / (x + index);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** {@code asinh(x)}: the inverse hyperbolic sine, exact in sign for large |x|. */
    public static double asinh(double value) {
        double magnitude = Math.abs(value);
        return Math.copySign(Math.log(magnitude + Math.sqrt(magnitude * magnitude + 1)), value);
    }

    /** {@code acosh(x)}: the inverse hyperbolic cosine, NaN below 1 (as DuckDB). */
    public static double acosh(double value) {
        return Math.log(value + Math.sqrt(value * value - 1));
    }

    /** {@code atanh(x)}: the inverse hyperbolic tangent, NaN outside [-1, 1]. */
    public static double atanh(double value) {
        return 0.5 * (Math.log1p(value) - Math.log1p(-value));
    }

    // ---------------------------------------------------------------- domains (DoubleKernelExpr.DomainCheck)
    // DuckDB raises these only with ieee_floating_point_ops off; with it on (the default) they are IEEE.

    /** {@code ln}, {@code log}, {@code log10}, {@code log2}: DuckDB refuses 0 and negative numbers (NaN stays NaN). */
    public static void checkLogarithm(double value, double unused) {
        if (value == 0) {
            throw outOfRange("cannot take logarithm of zero");
        }
        if (value < 0) {
            throw outOfRange("cannot take logarithm of a negative number");
        }
    }

    /** {@code log(base, x)}: the base checked first, as DuckDB does, and base 1 refused. */
    public static void checkBasedLogarithm(double base, double value) {
        checkLogarithm(base, 0);
        if (base == 1) {
            throw outOfRange("division by zero in based logarithm");
        }
        checkLogarithm(value, 0);
    }

    /** {@code fdiv}, {@code fmod}: DuckDB refuses a zero divisor (when IEEE semantics are off). */
    public static void checkDivisor(double dividend, double divisor) {
        if (divisor == 0) {
            throw new QuiverException(ErrorCode.DIVISION_BY_ZERO, "Division by zero: " + dividend + " / " + divisor);
        }
    }

    /** {@code power}, {@code pow}: DuckDB refuses zero to a negative power. */
    public static void checkPower(double base, double exponent) {
        if (base == 0 && exponent < 0) {
            throw outOfRange("zero raised to a negative power is undefined");
        }
    }

    /** {@code sqrt}: DuckDB refuses negative numbers, -Infinity included. */
    public static void checkSquareRoot(double value, double unused) {
        if (value < 0) {
            throw outOfRange("cannot take square root of a negative number");
        }
    }

    /** {@code gamma}: DuckDB refuses 0 (of either sign). */
    public static void checkGamma(double value, double unused) {
        if (value == 0) {
            throw outOfRange("cannot take gamma of zero");
        }
    }

    /** {@code lgamma}: DuckDB refuses 0 (of either sign). */
    public static void checkLogGamma(double value, double unused) {
        if (value == 0) {
            throw outOfRange("cannot take log gamma of zero");
        }
    }

    /** {@code cot}: DuckDB refuses 0, where the cotangent has a pole. */
    public static void checkCotangent(double value, double unused) {
        if (value == 0) {
            throw outOfRange("input value 0.000000 is out of range for numeric function cotangent");
        }
    }

    /** {@code asin}, {@code acos}: DuckDB refuses values outside [-1, 1] (NaN stays NaN). */
    public static void checkUnitRange(String function, double value) {
        if (value < -1 || value > 1) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, function + " is undefined outside [-1,1]");
        }
    }

    private static QuiverException outOfRange(String message) {
        return new QuiverException(ErrorCode.NUMERIC_OVERFLOW, message);
    }
}
