package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.exec.vector.PrimitiveColumns;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * {@code count(DISTINCT x)}, {@code sum(DISTINCT x)} and {@code avg(DISTINCT x) OVER (…)}: per
 * row, the distinct non-NULL values in its frame — how many, their sum or their mean. Both frame
 * bounds only move forward ({@link FrameBounds}), so a multiset of the frame's values slides along
 * each partition: every row enters and leaves it once, O(n) per partition, and a value counts
 * toward the sum while its multiplicity is above zero. Sums are exact (BigDecimal) for integers
 * and DECIMAL; for floating-point values they are kept with compensated (Kahan) summation.
 * Not for frames with EXCLUDE (the planner refuses them).
 */
final class DistinctCounts {
    private DistinctCounts() {}

    static FieldVector compute(WindowFunction function, SortedBucket bucket, FrameBounds frames) {
        int rows = bucket.rows();
        FieldVector argument = bucket.columns().get(function.arguments()[0]);
        List<Object> values = new ArrayList<>();
        int[] valueIds = valueIds(argument, rows, values);
        WindowFunction.Kind kind = function.kind();
        boolean counting = kind == WindowFunction.Kind.COUNT_DISTINCT;
        boolean floating = argument.getField().getType() instanceof ArrowType.FloatingPoint;
        Sum sum = counting ? null : floating ? new DoubleSum(values) : new ExactSum(values);
        int[] multiplicity = new int[rows + 1];
        long[] counts = new long[rows];
        Object[] results = counting ? null : new Object[rows];
        RankingFunctions.forEachPartition(bucket, (start, end) -> {
            int windowStart = start;
            int windowEnd = start;
            long distinct = 0;
            for (int row = start; row < end; row++) {
                int lower = frames.lower[row];
                int upper = frames.upper[row];
                for (; windowStart < lower && windowStart < windowEnd; windowStart++) {
                    int id = valueIds[windowStart];
                    if (id >= 0 && --multiplicity[id] == 0) {
                        distinct--;
                        if (sum != null) {
                            sum.remove(id);
                        }
                    }
                }
                if (windowStart < lower) { // the frame moved past everything in the multiset
                    windowStart = lower;
                    windowEnd = lower;
                }
                for (; windowEnd < upper; windowEnd++) {
                    int id = valueIds[windowEnd];
                    if (id >= 0 && multiplicity[id]++ == 0) {
                        distinct++;
                        if (sum != null) {
                            sum.add(id);
                        }
                    }
                }
                counts[row] = distinct;
                if (sum != null) {
                    if (distinct > 0) {
                        results[row] = kind == WindowFunction.Kind.AVG_DISTINCT ? sum.mean(distinct) : sum.total();
                    } else {
                        results[row] = kind == WindowFunction.Kind.SUM0_DISTINCT ? 0L : null;
                    }
                }
            }
            // empty the multiset for the next partition
            for (; windowStart < windowEnd; windowStart++) {
                int id = valueIds[windowStart];
                if (id >= 0 && --multiplicity[id] == 0 && sum != null) {
                    sum.remove(id);
                }
            }
        });
        if (counting) {
            return PrimitiveColumns.writeLongs(function.output(), counts, null, 0, rows, bucket.allocator());
        }
        FieldVector output = function.output().createVector(bucket.allocator());
        try {
            output.setInitialCapacity(rows);
            output.allocateNew();
            for (int row = 0; row < rows; row++) {
                VectorWriter.set(output, row, results[row]);
            }
            output.setValueCount(rows);
            return output;
        } catch (RuntimeException e) {
            output.close();
            throw e;
        }
    }

    /** Per row, a small id shared by equal values ({@code values.get(id)}); -1 for NULL. */
    private static int[] valueIds(FieldVector argument, int rows, List<Object> values) {
        Map<Object, Integer> ids = new HashMap<>();
        int[] valueIds = new int[rows];
        for (int row = 0; row < rows; row++) {
            Object value = argument.isNull(row) ? null : argument.getObject(row);
            if (value == null) {
                valueIds[row] = -1;
                continue;
            }
            valueIds[row] = ids.computeIfAbsent(value, unused -> {
                values.add(value);
                return ids.size();
            });
        }
        return valueIds;
    }

    /** The running sum of the distinct values in the frame. */
    private interface Sum {
        void add(int id);

        void remove(int id);

        Object total();

        Object mean(long count);
    }

    /** Integers and DECIMAL: exact. */
    private static final class ExactSum implements Sum {
        private final BigDecimal[] values;
        private BigDecimal total = BigDecimal.ZERO;

        ExactSum(List<Object> values) {
            this.values = values.stream()
                    .map(value -> value instanceof BigDecimal decimal
                            ? decimal
                            : BigDecimal.valueOf(((Number) value).longValue()))
                    .toArray(BigDecimal[]::new);
        }

        @Override
        public void add(int id) {
            total = total.add(values[id]);
        }

        @Override
        public void remove(int id) {
            total = total.subtract(values[id]);
        }

        @Override
        public Object total() {
            return total;
        }

        @Override
        public Object mean(long count) {
            return total.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128);
        }
    }

    /** REAL and DOUBLE: compensated, so values leaving the frame do not leave rounding behind. */
    private static final class DoubleSum implements Sum {
        private final double[] values;
        private double total;
        private double compensation;

        DoubleSum(List<Object> values) {
            this.values = values.stream()
                    .mapToDouble(value -> ((Number) value).doubleValue())
                    .toArray();
        }

        @Override
        public void add(int id) {
            accumulate(values[id]);
        }

        @Override
        public void remove(int id) {
            accumulate(-values[id]);
        }

        private void accumulate(double value) {
            double corrected = value - compensation;
            double next = total + corrected;
            compensation = (next - total) - corrected;
            total = next;
        }

        @Override
        public Object total() {
            return total;
        }

        @Override
        public Object mean(long count) {
            return total / count;
        }
    }
}
