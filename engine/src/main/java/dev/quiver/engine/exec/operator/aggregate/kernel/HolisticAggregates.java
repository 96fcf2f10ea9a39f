package dev.quiver.engine.exec.operator.aggregate.kernel;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;
import dev.quiver.engine.exec.operator.aggregate.ValueReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates that keep their values (mode, entropy, quantiles, median, string_agg): their states
 * grow with the input and report the growth against the query's memory limit.
 */
public final class HolisticAggregates {
    private HolisticAggregates() {}

    /** How a quantile's input values are read and its result written. */
    public enum QuantileInput {
        /** Integers and floats: {@code quantile_cont} gives DOUBLE. */
        NUMBER,
        /** DECIMAL: {@code quantile_cont} gives the input's DECIMAL, truncated as DuckDB does. */
        DECIMAL,
        /** DATE (Integer days): {@code quantile_cont} gives a TIMESTAMP. */
        DATE,
        /** TIMESTAMP (Long microseconds). */
        TIMESTAMP,
        /** Anything else ordered (VARCHAR, BOOLEAN, BLOB): only discrete quantiles. */
        OTHER
    }

    /** {@code mode(x)}: the most frequent value, the first one met on ties. */
    public static AggregateKernel mode(String name) {
        return Kernels.of(name, () -> new CountsState(false));
    }

    /** {@code entropy(x)}: the Shannon entropy (base 2) of the values' frequencies; 0 over no rows. */
    public static AggregateKernel entropy(String name) {
        return Kernels.of(name, () -> new CountsState(true));
    }

    /**
     * {@code quantile_cont(x, q)} ({@code continuous}) or {@code quantile_disc(x, q)}; q is the
     * second argument, constant; with {@code fixedFraction} >= -1 (median) there is no second argument.
     */
    public static AggregateKernel quantile(String name, boolean continuous, QuantileInput input, double fixedFraction) {
        return Kernels.of(name, () -> new QuantileState(name, continuous, input, fixedFraction));
    }

    /** {@code string_agg(x [, separator])}: the values joined by the separator (',' without one). */
    public static AggregateKernel stringAgg(String name) {
        return Kernels.of(name, StringAggState::new);
    }

    /** A value as a hash key: blobs compare by content. */
    private static Object key(Object value) {
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
    }

    private static Object unkey(Object key) {
        return key instanceof ByteBuffer buffer ? buffer.array() : key;
    }

    private static final class CountsState implements AggregateState {
        private final boolean entropy;
        /** Insertion order is first-seen order, which breaks mode's ties. */
        private final Map<Object, long[]> counts = new LinkedHashMap<>();

        CountsState(boolean entropy) {
            this.entropy = entropy;
        }

        private long count(Object key, long times) {
            long[] count = counts.get(key);
            if (count == null) {
                counts.put(key, new long[] {times});
                return 96 + ValueReader.sizeOf(key);
            }
            count[0] += times;
            return 0;
        }

        @Override
        public long add(Object[] arguments) {
            return count(key(arguments[0]), 1);
        }

        @Override
        public long merge(AggregateState other) {
            long grown = 0;
            for (Map.Entry<Object, long[]> entry : ((CountsState) other).counts.entrySet()) {
                grown += count(entry.getKey(), entry.getValue()[0]);
            }
            return grown;
        }

        @Override
        public Object result() {
            if (entropy) {
                long total = 0;
                for (long[] count : counts.values()) {
                    total += count[0];
                }
                double sum = 0;
                for (long[] count : counts.values()) {
                    double share = (double) count[0] / total;
                    sum -= share * Math.log(share) / Math.log(2);
                }
                return sum;
            }
            Object best = null;
            long bestCount = 0;
            for (Map.Entry<Object, long[]> entry : counts.entrySet()) {
                if (entry.getValue()[0] > bestCount) {
                    best = entry.getKey();
                    bestCount = entry.getValue()[0];
                }
            }
            return unkey(best);
        }
    }

    private static final class QuantileState implements AggregateState {
        private final String name;
        private final boolean continuous;
        private final QuantileInput input;
        private double fraction;
        /** The fractions of {@code quantile_cont(x, [q1, q2])}; null for a single one. */
        private List<?> fractions;

        private final List<Object> values = new ArrayList<>();

        QuantileState(String name, boolean continuous, QuantileInput input, double fixedFraction) {
            this.name = name;
            this.continuous = continuous;
            this.input = input;
            this.fraction = fixedFraction;
        }

        @Override
        public long add(Object[] arguments) {
            if (Double.isNaN(fraction) && fractions == null && arguments.length > 1 && arguments[1] != null) {
                if (arguments[1] instanceof List<?> list) {
                    fractions = list;
                } else {
                    fraction = Kernels.toDouble(arguments[1]);
                }
            }
            values.add(arguments[0]);
            return 16 + ValueReader.sizeOf(arguments[0]);
        }

        @Override
        public long merge(AggregateState other) {
            QuantileState from = (QuantileState) other;
            if (Double.isNaN(fraction) && fractions == null) {
                fraction = from.fraction;
                fractions = from.fractions;
            }
            long grown = 8L * from.values.size();
            values.addAll(from.values);
            return grown;
        }

        @Override
        public Object result() {
            if (values.isEmpty()) {
                return null;
            }
            List<Object> sorted = new ArrayList<>(values);
            sorted.sort(ValueReader::compare);
            if (fractions != null) {
                List<Object> results = new ArrayList<>();
                for (Object each : fractions) {
                    results.add(each == null ? null : quantile(sorted, Kernels.toDouble(each)));
                }
                return results;
            }
            return quantile(sorted, fraction);
        }

        private Object quantile(List<Object> ascending, double fraction) {
            if (Double.isNaN(fraction) || fraction < -1 || fraction > 1) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT, name + " can only take quantiles in the range [-1, 1]");
            }
            List<Object> sorted = ascending;
            double quantile = fraction;
            if (quantile < 0) { // from the top: the same position counted in descending order
                sorted = new ArrayList<>(ascending);
                java.util.Collections.reverse(sorted);
                quantile = -quantile;
            }
            int n = sorted.size();
            if (!continuous || input == QuantileInput.OTHER) {
                int index = (int) Math.ceil(n * quantile) - 1;
                return sorted.get(Math.max(0, Math.min(n - 1, index)));
            }
            double position = (n - 1) * quantile;
            int lower = (int) Math.floor(position);
            int upper = (int) Math.ceil(position);
            double weight = position - lower;
            Object low = sorted.get(lower);
            Object high = sorted.get(upper);
            return switch (input) {
                case NUMBER -> lerp(Kernels.toDouble(low), Kernels.toDouble(high), weight);
                case DECIMAL -> {
                    BigDecimal lowDecimal = (BigDecimal) low;
                    BigDecimal highDecimal = (BigDecimal) high;
                    yield lowDecimal
                            .add(highDecimal.subtract(lowDecimal).multiply(BigDecimal.valueOf(weight)))
                            .setScale(lowDecimal.scale(), RoundingMode.DOWN);
                }
                case DATE -> {
                    double days = lerp(((Integer) low), ((Integer) high), weight);
                    yield (long) Math.floor(days * 86_400_000_000d);
                }
                case TIMESTAMP -> (long) Math.floor(lerp((Long) low, (Long) high, weight));
                case OTHER -> throw new IllegalStateException("unreachable");
            };
        }

        private static double lerp(double low, double high, double weight) {
            return weight == 0 ? low : low + (high - low) * weight;
        }
    }

    private static final class StringAggState implements AggregateState {
        private StringBuilder text;
        private String separator = ",";

        @Override
        public long add(Object[] arguments) {
            String value = (String) arguments[0];
            if (text == null) {
                if (arguments.length > 1 && arguments[1] instanceof String given) {
                    separator = given;
                }
                text = new StringBuilder(value);
                return 64 + 2L * value.length();
            }
            text.append(separator).append(value);
            return 2L * (separator.length() + value.length());
        }

        @Override
        public long merge(AggregateState other) {
            StringAggState from = (StringAggState) other;
            if (from.text == null) {
                return 0;
            }
            if (text == null) {
                text = new StringBuilder(from.text);
                separator = from.separator;
                return 64 + 2L * text.length();
            }
            text.append(separator).append(from.text);
            return 2L * (separator.length() + from.text.length());
        }

        @Override
        public Object result() {
            return text == null ? null : text.toString();
        }
    }
}
