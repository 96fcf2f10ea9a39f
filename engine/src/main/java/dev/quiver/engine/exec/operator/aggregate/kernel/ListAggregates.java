package dev.quiver.engine.exec.operator.aggregate.kernel;

import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;
import dev.quiver.engine.exec.operator.aggregate.ValueReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Aggregates with nested results: {@code list}/{@code array_agg} (a LIST) and {@code histogram} (a MAP). */
public final class ListAggregates {
    private ListAggregates() {}

    /** {@code list(x)}: every value, NULLs included, in the order met (ORDER BY order when given); NULL over no rows. */
    public static AggregateKernel list(String name) {
        return Kernels.of(name, false, ListState::new);
    }

    /** {@code histogram(x)}: a MAP from each non-NULL value to how often it occurs, keys in ascending order. */
    public static AggregateKernel histogram(String name) {
        return Kernels.of(name, HistogramState::new);
    }

    private static final class ListState implements AggregateState {
        private List<Object> values;

        @Override
        public long add(Object[] arguments) {
            long grown = 16 + ValueReader.sizeOf(arguments[0]);
            if (values == null) {
                values = new ArrayList<>();
                grown += 48;
            }
            values.add(arguments[0]);
            return grown;
        }

        @Override
        public long merge(AggregateState other) {
            List<Object> from = ((ListState) other).values;
            if (from == null) {
                return 0;
            }
            if (values == null) {
                values = new ArrayList<>(from);
                return 48 + 8L * from.size();
            }
            values.addAll(from);
            return 8L * from.size();
        }

        @Override
        public Object result() {
            return values == null ? null : new ArrayList<>(values);
        }
    }

    private static final class HistogramState implements AggregateState {
        private final Map<Object, long[]> counts = new java.util.HashMap<>();

        private long count(Object value, long times) {
            Object key = value instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : value;
            long[] count = counts.get(key);
            if (count == null) {
                counts.put(key, new long[] {times});
                return 96 + ValueReader.sizeOf(value);
            }
            count[0] += times;
            return 0;
        }

        @Override
        public long add(Object[] arguments) {
            return count(arguments[0], 1);
        }

        @Override
        public long merge(AggregateState other) {
            long grown = 0;
            for (Map.Entry<Object, long[]> entry : ((HistogramState) other).counts.entrySet()) {
                Object key = entry.getKey() instanceof java.nio.ByteBuffer buffer ? buffer.array() : entry.getKey();
                grown += count(key, entry.getValue()[0]);
            }
            return grown;
        }

        @Override
        public Object result() {
            if (counts.isEmpty()) {
                return null;
            }
            List<Object> keys = new ArrayList<>();
            for (Object key : counts.keySet()) {
                keys.add(key instanceof java.nio.ByteBuffer buffer ? buffer.array() : key);
            }
            keys.sort(ValueReader::compare);
            Map<Object, Object> histogram = new LinkedHashMap<>();
            for (Object key : keys) {
                Object lookup = key instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : key;
                histogram.put(key, counts.get(lookup)[0]);
            }
            return histogram;
        }
    }
}
