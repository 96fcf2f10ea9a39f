package dev.quiver.engine.exec.operator.aggregate.kernel;

import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;
import dev.quiver.engine.exec.operator.aggregate.ValueReader;

/** Aggregates that pick one row's value: first, last, any_value, arg_min/arg_max (min_by/max_by) and their _null forms. */
public final class ValueAggregates {
    private ValueAggregates() {}

    /**
     * {@code first(x)}: the first row's value, NULL included; {@code any_value(x)} with
     * {@code skipNulls}: the first non-NULL value.
     */
    public static AggregateKernel first(String name, boolean skipNulls) {
        return Kernels.of(name, skipNulls, FirstState::new);
    }

    /** {@code last(x)}: the last row's value, NULL included. */
    public static AggregateKernel last(String name) {
        return Kernels.of(name, false, LastState::new);
    }

    /**
     * {@code arg_min(arg, val)} / {@code arg_max}: {@code arg} of the row with the least (greatest)
     * {@code val}, the first such row on ties. Without {@code keepNullArgument} rows where either is
     * NULL are skipped; with it (the {@code _null} forms) only rows whose {@code val} is NULL.
     */
    public static AggregateKernel argExtreme(String name, boolean max, boolean keepNullArgument) {
        return Kernels.of(name, !keepNullArgument, () -> new ArgExtremeState(max));
    }

    private static final class FirstState implements AggregateState {
        private boolean seen;
        private Object value;

        @Override
        public long add(Object[] arguments) {
            if (!seen) {
                seen = true;
                value = arguments[0];
            }
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            FirstState from = (FirstState) other;
            if (!seen && from.seen) {
                seen = true;
                value = from.value;
            }
            return 0;
        }

        @Override
        public Object result() {
            return value;
        }
    }

    private static final class LastState implements AggregateState {
        private boolean seen;
        private Object value;

        @Override
        public long add(Object[] arguments) {
            seen = true;
            value = arguments[0];
            return 0;
        }

        @Override
        public long merge(AggregateState other) {
            LastState from = (LastState) other;
            if (from.seen) {
                seen = true;
                value = from.value;
            }
            return 0;
        }

        @Override
        public Object result() {
            return value;
        }
    }

    private static final class ArgExtremeState implements AggregateState {
        private final int sign;
        private boolean seen;
        private Object argument;
        private Object key;

        ArgExtremeState(boolean max) {
            this.sign = max ? -1 : 1;
        }

        @Override
        public long add(Object[] arguments) {
            if (arguments[1] == null) {
                return 0;
            }
            offer(arguments[0], arguments[1]);
            return 0;
        }

        private void offer(Object candidate, Object candidateKey) {
            if (!seen || sign * ValueReader.compare(candidateKey, key) < 0) {
                seen = true;
                argument = candidate;
                key = candidateKey;
            }
        }

        @Override
        public long merge(AggregateState other) {
            ArgExtremeState from = (ArgExtremeState) other;
            if (from.seen) {
                offer(from.argument, from.key);
            }
            return 0;
        }

        @Override
        public Object result() {
            return argument;
        }
    }
}
