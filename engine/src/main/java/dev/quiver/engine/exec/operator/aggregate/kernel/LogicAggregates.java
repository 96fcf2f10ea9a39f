package dev.quiver.engine.exec.operator.aggregate.kernel;

import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;

/** Aggregates of BOOLEANs and bits: count_if, bool_and, bool_or, bit_and, bit_or, bit_xor. */
public final class LogicAggregates {
    private LogicAggregates() {}

    /** How {@code bit_*} folds two integers. */
    public enum BitOperation {
        AND,
        OR,
        XOR
    }

    /** {@code count_if(b)}: rows where b is true; NULL over no rows, as DuckDB. */
    public static AggregateKernel countIf(String name) {
        return Kernels.of(name, () -> new CountIfState());
    }

    /** {@code bool_and(b)} ({@code all}) or, with {@code or}, {@code bool_or(b)}; NULL over no rows. */
    public static AggregateKernel bool(String name, boolean or) {
        return Kernels.of(name, () -> new BoolState(or));
    }

    /** {@code bit_and(x)}, {@code bit_or(x)}, {@code bit_xor(x)} of integers; NULL over no rows. */
    public static AggregateKernel bits(String name, BitOperation operation) {
        return Kernels.of(name, () -> new BitState(operation));
    }

    private static final class CountIfState implements AggregateState {
        private boolean seen;
        private long count;

        @Override
        public long add(Object[] arguments) {
            seen = true;
            count += (Boolean) arguments[0] ? 1 : 0;
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            CountIfState from = (CountIfState) other;
            seen |= from.seen;
            count += from.count;
            return 0;
        }

        @Override
        public Object result() {
            return seen ? count : null;
        }
    }

    private static final class BoolState implements AggregateState {
        private final boolean or;
        private boolean seen;
        private boolean value;

        BoolState(boolean or) {
            this.or = or;
            this.value = !or;
        }

        @Override
        public long add(Object[] arguments) {
            seen = true;
            value = or ? value | (Boolean) arguments[0] : value & (Boolean) arguments[0];
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            BoolState from = (BoolState) other;
            if (from.seen) {
                seen = true;
                value = or ? value | from.value : value & from.value;
            }
            return 0;
        }

        @Override
        public Object result() {
            return seen ? value : null;
        }
    }

    private static final class BitState implements AggregateState {
        private final BitOperation operation;
        private boolean seen;
        private long value;

        BitState(BitOperation operation) {
            this.operation = operation;
        }

        private void fold(long next) {
            if (!seen) {
                seen = true;
                value = next;
                return;
            }
            value = switch (operation) {
                case AND -> value & next;
                case OR -> value | next;
                case XOR -> value ^ next;
            };
        }

        @Override
        public long add(Object[] arguments) {
            fold((Long) arguments[0]);
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            BitState from = (BitState) other;
            if (from.seen) {
                fold(from.value);
            }
            return 0;
        }

        @Override
        public Object result() {
            return seen ? value : null;
        }
    }
}
