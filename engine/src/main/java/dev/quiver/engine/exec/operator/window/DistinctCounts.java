package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.exec.vector.PrimitiveColumns;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * {@code count(DISTINCT x) OVER (…)}: per row, the number of distinct non-NULL values in its frame.
 * Both frame bounds only move forward ({@link FrameBounds}), so a multiset of the frame's values
 * slides along each partition: every row enters and leaves it once, O(n) per partition.
 * Not for frames with EXCLUDE (the planner refuses them).
 */
final class DistinctCounts {
    private DistinctCounts() {}

    static FieldVector compute(WindowFunction function, SortedBucket bucket, FrameBounds frames) {
        int rows = bucket.rows();
        FieldVector argument = bucket.columns().get(function.arguments()[0]);
        int[] valueIds = valueIds(argument, rows);
        int[] multiplicity = new int[rows + 1];
        long[] counts = new long[rows];
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
                    }
                }
                counts[row] = distinct;
            }
            // empty the multiset for the next partition
            for (; windowStart < windowEnd; windowStart++) {
                int id = valueIds[windowStart];
                if (id >= 0) {
                    multiplicity[id]--;
                }
            }
        });
        return PrimitiveColumns.writeLongs(function.output(), counts, null, 0, rows, bucket.allocator());
    }

    /** Per row, a small id shared by equal values; -1 for NULL. */
    private static int[] valueIds(FieldVector argument, int rows) {
        Map<Object, Integer> ids = new HashMap<>();
        int[] valueIds = new int[rows];
        for (int row = 0; row < rows; row++) {
            Object value = argument.isNull(row) ? null : argument.getObject(row);
            valueIds[row] = value == null ? -1 : ids.computeIfAbsent(value, unused -> ids.size());
        }
        return valueIds;
    }
}
