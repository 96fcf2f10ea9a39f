package dev.quiver.engine.exec.operator.aggregate.kernel;

import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Estimating aggregates: {@code approx_count_distinct(x)} as a HyperLogLog sketch of 2^12
 * one-byte registers (standard error about 1.6 %), with linear counting while most registers are
 * empty, which makes small counts exact or within one. Sketches merge register by register.
 */
public final class ApproximateAggregates {
    private static final int PRECISION = 12;
    private static final int REGISTERS = 1 << PRECISION;

    private ApproximateAggregates() {}

    /** {@code approx_count_distinct(x)}: about how many distinct non-NULL values; 0 over no rows. */
    public static AggregateKernel countDistinct(String name) {
        return Kernels.of(name, SketchState::new);
    }

    /** A 64-bit hash of a value whose bits are evenly spread (SplitMix64's finaliser). */
    static long hash(Object value) {
        long bits = switch (value) {
            case Long number -> number;
            case Integer number -> number;
            case Double number -> Double.doubleToLongBits(number == 0 ? 0.0 : number); // -0.0 = 0.0
            case BigDecimal decimal ->
                decimal.signum() == 0 ? 0 : decimal.stripTrailingZeros().hashCode();
            case byte[] bytes -> Arrays.hashCode(bytes);
            default -> value.hashCode();
        };
        bits = (bits ^ (bits >>> 30)) * 0xbf58476d1ce4e5b9L;
        bits = (bits ^ (bits >>> 27)) * 0x94d049bb133111ebL;
        return bits ^ (bits >>> 31);
    }

    private static final class SketchState implements AggregateState {
        private byte[] registers;

        @Override
        public long add(Object[] arguments) {
            long grown = 0;
            if (registers == null) {
                registers = new byte[REGISTERS];
                grown = REGISTERS + 16;
            }
            long hash = hash(arguments[0]);
            int register = (int) (hash >>> (64 - PRECISION));
            int rank = Long.numberOfLeadingZeros((hash << PRECISION) | (1L << (PRECISION - 1))) + 1;
            if (rank > registers[register]) {
                registers[register] = (byte) rank;
            }
            return grown;
        }

        @Override
        public long merge(AggregateState other) {
            byte[] from = ((SketchState) other).registers;
            if (from == null) {
                return 0;
            }
            if (registers == null) {
                registers = from.clone();
                return REGISTERS + 16;
            }
            for (int index = 0; index < REGISTERS; index++) {
                registers[index] = (byte) Math.max(registers[index], from[index]);
            }
            return 0;
        }

        @Override
        public Object result() {
            if (registers == null) {
                return 0L;
            }
            double sum = 0;
            int empty = 0;
            for (byte register : registers) {
                sum += Math.scalb(1.0, -register);
                empty += register == 0 ? 1 : 0;
            }
            double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
            double estimate = alpha * REGISTERS * REGISTERS / sum;
            if (estimate <= 2.5 * REGISTERS && empty > 0) {
                estimate = REGISTERS * Math.log((double) REGISTERS / empty);
            }
            return Math.round(estimate);
        }
    }
}
