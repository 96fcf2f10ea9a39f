package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;

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
}
