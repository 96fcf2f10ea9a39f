package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.exec.memory.HeapReservation;
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
 * With EXCLUDE, each row's excluded rows leave the multiset while its answer is read and then come
 * back: O(1) extra per row for EXCLUDE CURRENT ROW, O(peer group) for GROUP and TIES.
 */
final class DistinctCounts {
    private DistinctCounts() {}

    /** Bytes a distinct value costs beyond its row's arrays: its boxed value, hash entry and list slot. */
    private static final long BYTES_PER_VALUE = 96;

    /** Bytes per row: its value id, multiplicity slot, count and result reference. */
    private static final long BYTES_PER_ROW = 2L * Integer.BYTES + Long.BYTES + 8;

    static FieldVector compute(
            WindowFunction function, SortedBucket bucket, FrameBounds frames, HeapReservation memory) {
        int rows = bucket.rows();
        FieldVector argument = bucket.columns().get(function.arguments()[0]);
        memory.reserve(rows * BYTES_PER_ROW);
        List<Object> values = new ArrayList<>();
        int[] valueIds = valueIds(argument, rows, values);
        memory.reserve(values.size() * BYTES_PER_VALUE);
        WindowFunction.Kind kind = function.kind();
        boolean counting = kind == WindowFunction.Kind.COUNT_DISTINCT;
        boolean floating = argument.getField().getType() instanceof ArrowType.FloatingPoint;
        Sum sum = counting ? null : floating ? new DoubleSum(values) : new ExactSum(values);
        Multiset frame = new Multiset(new int[rows + 1], sum);
        long[] counts = new long[rows];
        Object[] results = counting ? null : new Object[rows];
        RankingFunctions.forEachPartition(bucket, (start, end) -> {
            int windowStart = start;
            int windowEnd = start;
            for (int row = start; row < end; row++) {
                int lower = frames.lower[row];
                int upper = frames.upper[row];
                for (; windowStart < lower && windowStart < windowEnd; windowStart++) {
                    frame.remove(valueIds[windowStart]);
                }
                if (windowStart < lower) { // the frame moved past everything in the multiset
                    windowStart = lower;
                    windowEnd = lower;
                }
                for (; windowEnd < upper; windowEnd++) {
                    frame.add(valueIds[windowEnd]);
                }
                boolean again = frames.excludes() && excludeFor(frames, row, valueIds, frame);
                counts[row] = frame.distinct;
                if (sum != null) {
                    if (frame.distinct > 0) {
                        results[row] =
                                kind == WindowFunction.Kind.AVG_DISTINCT ? sum.mean(frame.distinct) : sum.total();
                    } else {
                        results[row] = kind == WindowFunction.Kind.SUM0_DISTINCT ? 0L : null;
                    }
                }
                if (frames.excludes()) {
                    restoreFor(frames, row, valueIds, frame, again);
                }
            }
            // empty the multiset for the next partition
            for (; windowStart < windowEnd; windowStart++) {
                frame.remove(valueIds[windowStart]);
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

    /**
     * Takes the row's excluded rows out of the frame's multiset (EXCLUDE TIES: puts the row itself
     * back); returns whether it did put the row back. O(excluded rows) per row.
     */
    private static boolean excludeFor(FrameBounds frames, int row, int[] valueIds, Multiset frame) {
        for (int excluded = frames.excludeStart[row]; excluded < frames.excludeEnd[row]; excluded++) {
            frame.remove(valueIds[excluded]);
        }
        boolean again = frames.includeRow != null && frames.includeRow[row];
        if (again) {
            frame.add(valueIds[row]);
        }
        return again;
    }

    /** Undoes {@link #excludeFor}: the multiset holds the whole frame again. */
    private static void restoreFor(FrameBounds frames, int row, int[] valueIds, Multiset frame, boolean again) {
        if (again) {
            frame.remove(valueIds[row]);
        }
        for (int excluded = frames.excludeStart[row]; excluded < frames.excludeEnd[row]; excluded++) {
            frame.add(valueIds[excluded]);
        }
    }

    /** The values of a frame with their multiplicities, how many are distinct and (optionally) their sum. */
    private static final class Multiset {
        private final int[] multiplicity;
        private final Sum sum;
        long distinct;

        Multiset(int[] multiplicity, Sum sum) {
            this.multiplicity = multiplicity;
            this.sum = sum;
        }

        /** Adds one row's value ({@code id}, -1 for NULL, which is not counted). */
        void add(int id) {
            if (id >= 0 && multiplicity[id]++ == 0) {
                distinct++;
                if (sum != null) {
                    sum.add(id);
                }
            }
        }

        void remove(int id) {
            if (id >= 0 && --multiplicity[id] == 0) {
                distinct--;
                if (sum != null) {
                    sum.remove(id);
                }
            }
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
