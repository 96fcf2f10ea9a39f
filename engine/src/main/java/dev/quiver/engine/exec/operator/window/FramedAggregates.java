package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.operator.sort.RowComparators;
import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import dev.quiver.engine.exec.vector.Vectors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Aggregates over each row's frame without O(frame) work per row: COUNT, SUM, AVG, VAR and STDDEV
 * subtract prefix sums kept per partition (exact for integers and DECIMAL, whose sums wrap
 * modulo 2^64 and 2^128 and come out right whenever the frame's sum fits); MIN and MAX keep a
 * monotonic queue of candidate rows while the frame slides (both frame bounds only move forward,
 * see {@link FrameBounds}), so each row enters and leaves it once.
 */
final class FramedAggregates {
    /** Sums of integers beyond this magnitude (as doubles) overflow BIGINT. */
    private static final double LONG_LIMIT = 0x1p63;

    private FramedAggregates() {}

    static FieldVector compute(
            WindowFunction function, SortedBucket bucket, FrameBounds frames, HeapReservation memory) {
        int rows = bucket.rows();
        if (function.arguments().length == 0) { // count(*)
            long[] counts = new long[rows];
            for (int row = 0; row < rows; row++) {
                counts[row] = frames.upper[row] - frames.lower[row];
                if (frames.excludes()) {
                    counts[row] -= frames.excludeEnd[row] - frames.excludeStart[row];
                    counts[row] += frames.includeRow != null && frames.includeRow[row] ? 1 : 0;
                }
            }
            return PrimitiveColumns.writeLongs(function.output(), counts, null, 0, rows, bucket.allocator());
        }
        if (!function.isColumn(0)) {
            throw QuiverException.internal("constant argument of window aggregate " + function.describe(), null);
        }
        if (function.kind() == WindowFunction.Kind.COUNT_DISTINCT
                || function.kind() == WindowFunction.Kind.SUM_DISTINCT
                || function.kind() == WindowFunction.Kind.SUM0_DISTINCT
                || function.kind() == WindowFunction.Kind.AVG_DISTINCT) {
            return DistinctCounts.compute(function, bucket, frames, memory);
        }
        FieldVector argument = bucket.columns().get(function.arguments()[0]);
        boolean[] valid = Arguments.validity(argument, rows);
        long[] counts = inclusiveCounts(bucket, valid);
        return switch (function.kind()) {
            case MIN, MAX -> extreme(function, bucket, frames, argument, valid);
            case COUNT -> {
                long[] values = new long[rows];
                int[] starts = partitionOfRow(bucket);
                for (int row = 0; row < rows; row++) {
                    values[row] = frameSum(counts, frames, starts, row);
                }
                yield PrimitiveColumns.writeLongs(function.output(), values, null, 0, rows, bucket.allocator());
            }
            case SUM, SUM0, AVG -> sum(function, bucket, frames, argument, counts);
            case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP -> variance(function, bucket, frames, argument, counts);
            default -> throw QuiverException.internal("not a window aggregate: " + function.describe(), null);
        };
    }

    /** Per row: non-NULL values from its partition's start through it. */
    private static long[] inclusiveCounts(SortedBucket bucket, boolean[] valid) {
        long[] counts = new long[bucket.rows()];
        RankingFunctions.forEachPartition(bucket, (start, end) -> {
            long count = 0;
            for (int row = start; row < end; row++) {
                count += valid[row] ? 1 : 0;
                counts[row] = count;
            }
        });
        return counts;
    }

    /** The partition start of every row, for subtracting inclusive prefixes. */
    private static int[] partitionOfRow(SortedBucket bucket) {
        int[] starts = new int[bucket.rows()];
        RankingFunctions.forEachPartition(bucket, (start, end) -> java.util.Arrays.fill(starts, start, end, start));
        return starts;
    }

    /** The first row of the partition holding {@code row} (binary search over the partition starts). */
    private static int partitionStart(SortedBucket bucket, int row) {
        int[] starts = bucket.partitionStarts();
        int index = java.util.Arrays.binarySearch(starts, 0, starts.length - 1, row);
        return index >= 0 ? row : starts[-index - 2];
    }

    private static FieldVector sum(
            WindowFunction function, SortedBucket bucket, FrameBounds frames, FieldVector argument, long[] counts) {
        int rows = bucket.rows();
        int[] starts = partitionOfRow(bucket);
        long[] frameCounts = new long[rows];
        boolean[] nonEmpty = new boolean[rows];
        for (int row = 0; row < rows; row++) {
            frameCounts[row] = frameSum(counts, frames, starts, row);
            nonEmpty[row] = frameCounts[row] > 0 || function.kind() == WindowFunction.Kind.SUM0;
        }
        boolean average = function.kind() == WindowFunction.Kind.AVG;
        ArrowType outputType = function.output().getType();
        if (argument instanceof FloatingPointVector) {
            double[] values = new double[rows];
            PrimitiveColumns.readDoubles(argument, rows, values);
            double[] prefix = inclusiveSums(bucket, values);
            double[] sums = new double[rows];
            for (int row = 0; row < rows; row++) {
                sums[row] = frameSum(prefix, frames, starts, row);
                if (average) {
                    sums[row] = frameCounts[row] == 0 ? 0 : sums[row] / frameCounts[row];
                }
            }
            return PrimitiveColumns.writeDoubles(function.output(), sums, nonEmpty, 0, rows, bucket.allocator());
        }
        if (argument instanceof DecimalVector decimal) {
            long[] low = new long[rows];
            long[] high = new long[rows];
            PrimitiveColumns.readDecimals(decimal, rows, low, high);
            inclusiveSums128(bucket, low, high);
            long[] sumLow = new long[rows];
            long[] sumHigh = new long[rows];
            long[] sum = new long[2];
            for (int row = 0; row < rows; row++) {
                sum[0] = 0;
                sum[1] = 0;
                addRange128(low, high, starts[row], frames.lower[row], frames.upper[row], false, sum);
                if (frames.excludes()) {
                    addRange128(low, high, starts[row], frames.excludeStart[row], frames.excludeEnd[row], true, sum);
                    if (frames.includeRow != null && frames.includeRow[row]) {
                        addRange128(low, high, starts[row], row, row + 1, false, sum);
                    }
                }
                sumLow[row] = sum[0];
                sumHigh[row] = sum[1];
            }
            if (average || outputType instanceof ArrowType.FloatingPoint) {
                double[] averages = new double[rows];
                for (int row = 0; row < rows; row++) {
                    if (frameCounts[row] > 0) {
                        double total = toDouble(sumLow[row], sumHigh[row], decimal.getScale());
                        averages[row] = average ? total / frameCounts[row] : total;
                    }
                }
                return PrimitiveColumns.writeDoubles(
                        function.output(), averages, nonEmpty, 0, rows, bucket.allocator());
            }
            return PrimitiveColumns.writeDecimals(
                    function.output(), sumLow, sumHigh, nonEmpty, 0, rows, bucket.allocator());
        }
        long[] values = new long[rows];
        try {
            PrimitiveColumns.readLongs(argument, 0, rows, values);
        } catch (IllegalArgumentException e) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    function.kind().name().toLowerCase(java.util.Locale.ROOT) + " needs a numeric argument, not "
                            + argument.getField().getType());
        }
        PrimitiveColumns.zeroNulls(argument, rows, values);
        double[] approximate = new double[rows];
        for (int row = 0; row < rows; row++) {
            approximate[row] = values[row];
        }
        long[] prefix = inclusiveSums(bucket, values);
        double[] approximatePrefix = inclusiveSums(bucket, approximate);
        if (average || outputType instanceof ArrowType.FloatingPoint) {
            double[] averages = new double[rows];
            for (int row = 0; row < rows; row++) {
                if (frameCounts[row] > 0) {
                    double total = frameSum(prefix, frames, starts, row);
                    averages[row] = average ? total / frameCounts[row] : total;
                }
            }
            return PrimitiveColumns.writeDoubles(function.output(), averages, nonEmpty, 0, rows, bucket.allocator());
        }
        if (!(outputType instanceof ArrowType.Int)) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    function.describe() + " of " + argument.getField().getType() + " giving " + outputType
                            + " is not supported yet");
        }
        long[] sums = new long[rows];
        for (int row = 0; row < rows; row++) {
            sums[row] = frameSum(prefix, frames, starts, row);
            if (Math.abs(frameSum(approximatePrefix, frames, starts, row)) >= LONG_LIMIT) {
                throw new QuiverException(
                        ErrorCode.NUMERIC_OVERFLOW,
                        "the window sum of " + argument.getField().getName() + " is out of range for BIGINT");
            }
        }
        return PrimitiveColumns.writeLongs(function.output(), sums, nonEmpty, 0, rows, bucket.allocator());
    }

    private static double toDouble(long low, long high, int scale) {
        BigInteger unscaled = BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
        return new BigDecimal(unscaled, scale).doubleValue();
    }

    /** Per row: the sum of {@code values} from its partition's start through it. */
    private static double[] inclusiveSums(SortedBucket bucket, double[] values) {
        double[] sums = new double[bucket.rows()];
        RankingFunctions.forEachPartition(bucket, (start, end) -> {
            double sum = 0;
            for (int row = start; row < end; row++) {
                sum += values[row];
                sums[row] = sum;
            }
        });
        return sums;
    }

    /** As for doubles; wraps modulo 2^64, which subtraction undoes. */
    private static long[] inclusiveSums(SortedBucket bucket, long[] values) {
        long[] sums = new long[bucket.rows()];
        RankingFunctions.forEachPartition(bucket, (start, end) -> {
            long sum = 0;
            for (int row = start; row < end; row++) {
                sum += values[row];
                sums[row] = sum;
            }
        });
        return sums;
    }

    /** 128-bit inclusive prefix sums in place (modulo 2^128). */
    private static void inclusiveSums128(SortedBucket bucket, long[] low, long[] high) {
        RankingFunctions.forEachPartition(bucket, (start, end) -> {
            long sumLow = 0;
            long sumHigh = 0;
            for (int row = start; row < end; row++) {
                long next = sumLow + low[row];
                sumHigh += high[row] + (Long.compareUnsigned(next, sumLow) < 0 ? 1 : 0);
                sumLow = next;
                low[row] = sumLow;
                high[row] = sumHigh;
            }
        });
    }

    /** The sum of {@code prefix}'s values over the row's frame, less what EXCLUDE takes out. */
    private static double frameSum(double[] prefix, FrameBounds frames, int[] starts, int row) {
        double sum = rangeSum(prefix, starts[row], frames.lower[row], frames.upper[row]);
        if (frames.excludes()) {
            sum -= rangeSum(prefix, starts[row], frames.excludeStart[row], frames.excludeEnd[row]);
            if (frames.includeRow != null && frames.includeRow[row]) {
                sum += rangeSum(prefix, starts[row], row, row + 1);
            }
        }
        return sum;
    }

    /** As for doubles (counts, and integer sums modulo 2^64). */
    private static long frameSum(long[] prefix, FrameBounds frames, int[] starts, int row) {
        long sum = rangeSum(prefix, starts[row], frames.lower[row], frames.upper[row]);
        if (frames.excludes()) {
            sum -= rangeSum(prefix, starts[row], frames.excludeStart[row], frames.excludeEnd[row]);
            if (frames.includeRow != null && frames.includeRow[row]) {
                sum += rangeSum(prefix, starts[row], row, row + 1);
            }
        }
        return sum;
    }

    /**
     * Adds (or, with {@code subtract}, takes away) the 128-bit sum over rows [from, to) of a
     * partition starting at {@code start} to {@code total} ({low, high}), from inclusive prefix sums.
     */
    private static void addRange128(
            long[] low, long[] high, int start, int from, int to, boolean subtract, long[] total) {
        if (from >= to) {
            return;
        }
        long rangeLow = low[to - 1];
        long rangeHigh = high[to - 1];
        if (from > start) {
            long before = low[from - 1];
            rangeHigh = rangeHigh - high[from - 1] - (Long.compareUnsigned(rangeLow, before) < 0 ? 1 : 0);
            rangeLow -= before;
        }
        if (subtract) { // two's complement negation of the range
            rangeLow = -rangeLow;
            rangeHigh = rangeLow == 0 ? -rangeHigh : ~rangeHigh;
        }
        long sumLow = total[0] + rangeLow;
        total[1] += rangeHigh + (Long.compareUnsigned(sumLow, total[0]) < 0 ? 1 : 0);
        total[0] = sumLow;
    }

    /** The sum over rows [from, to) of a partition starting at {@code start}, from inclusive prefix sums. */
    private static double rangeSum(double[] prefix, int start, int from, int to) {
        return from >= to ? 0 : prefix[to - 1] - (from > start ? prefix[from - 1] : 0);
    }

    private static long rangeSum(long[] prefix, int start, int from, int to) {
        return from >= to ? 0 : prefix[to - 1] - (from > start ? prefix[from - 1] : 0);
    }

    /**
     * VAR_* and STDDEV_* from sums of x and x² per frame; x is shifted by the partition's first
     * value first, which keeps the subtraction from cancelling the digits that matter.
     */
    private static FieldVector variance(
            WindowFunction function, SortedBucket bucket, FrameBounds frames, FieldVector argument, long[] counts) {
        int rows = bucket.rows();
        double[] values = asDoubles(argument, rows);
        boolean[] valid = Arguments.validity(argument, rows);
        double[] squares = new double[rows];
        RankingFunctions.forEachPartition(bucket, (start, end) -> {
            double shift = 0;
            for (int row = start; row < end; row++) {
                if (valid[row]) {
                    shift = values[row];
                    break;
                }
            }
            for (int row = start; row < end; row++) {
                values[row] = valid[row] ? values[row] - shift : 0;
                squares[row] = values[row] * values[row];
            }
        });
        int[] starts = partitionOfRow(bucket);
        double[] sums = inclusiveSums(bucket, values);
        double[] sumsOfSquares = inclusiveSums(bucket, squares);
        double[] results = new double[rows];
        boolean[] present = new boolean[rows];
        boolean sample =
                function.kind() == WindowFunction.Kind.VAR_SAMP || function.kind() == WindowFunction.Kind.STDDEV_SAMP;
        boolean root =
                function.kind() == WindowFunction.Kind.STDDEV_POP || function.kind() == WindowFunction.Kind.STDDEV_SAMP;
        for (int row = 0; row < rows; row++) {
            long count = frameSum(counts, frames, starts, row);
            if (count == 0 || sample && count == 1) {
                continue;
            }
            double sum = frameSum(sums, frames, starts, row);
            double squareSum = frameSum(sumsOfSquares, frames, starts, row);
            double variance = Math.max(0, (squareSum - sum * sum / count) / (sample ? count - 1 : count));
            results[row] = root ? Math.sqrt(variance) : variance;
            present[row] = true;
        }
        return PrimitiveColumns.writeDoubles(function.output(), results, present, 0, rows, bucket.allocator());
    }

    private static double[] asDoubles(FieldVector argument, int rows) {
        double[] values = new double[rows];
        if (argument instanceof FloatingPointVector) {
            PrimitiveColumns.readDoubles(argument, rows, values);
        } else if (argument instanceof DecimalVector decimal) {
            long[] low = new long[rows];
            long[] high = new long[rows];
            PrimitiveColumns.readDecimals(decimal, rows, low, high);
            for (int row = 0; row < rows; row++) {
                values[row] = toDouble(low[row], high[row], decimal.getScale());
            }
        } else {
            long[] longs = new long[rows];
            PrimitiveColumns.readLongs(argument, 0, rows, longs);
            for (int row = 0; row < rows; row++) {
                values[row] = longs[row];
            }
        }
        return values;
    }

    /** MIN/MAX: a queue of rows whose values ascend (MIN) or descend (MAX); its head is the frame's answer. */
    private static FieldVector extreme(
            WindowFunction function, SortedBucket bucket, FrameBounds frames, FieldVector argument, boolean[] valid) {
        int rows = bucket.rows();
        RowComparators.RowComparator compare =
                RowComparators.forKeys(List.of(argument), List.of(new SortKey(0, false, false)));
        int sign = function.kind() == WindowFunction.Kind.MIN ? 1 : -1;
        int[] picked = frames.excludes()
                ? excludingExtremes(bucket, frames, valid, (left, right) -> sign * compare.compare(left, right))
                : slidingExtremes(bucket, frames, valid, compare, sign);
        FieldVector result = Gather.gather(argument, picked, rows, bucket.allocator());
        try {
            return Vectors.rename(result, function.output(), bucket.allocator());
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** Per row, the row holding its frame's extreme (-1 when none): the queue described above. */
    private static int[] slidingExtremes(
            SortedBucket bucket, FrameBounds frames, boolean[] valid, RowComparators.RowComparator compare, int sign) {
        int rows = bucket.rows();
        int[] picked = new int[rows];
        int[] queue = new int[rows];
        RankingFunctions.forEachPartition(bucket, (start, end) -> {
            int head = 0;
            int tail = 0;
            int added = start;
            for (int row = start; row < end; row++) {
                int high = frames.upper[row];
                for (; added < high; added++) {
                    if (!valid[added]) {
                        continue;
                    }
                    while (tail > head && sign * compare.compare(queue[tail - 1], added) >= 0) {
                        tail--;
                    }
                    queue[tail++] = added;
                }
                while (head < tail && queue[head] < frames.lower[row]) {
                    head++;
                }
                picked[row] = head < tail ? queue[head] : -1;
            }
        });
        return picked;
    }

    /**
     * Per row, the row holding the extreme of its frame minus the EXCLUDE range (-1 when none). The
     * frame is then two ranges (plus the row itself for TIES), so the queue cannot slide over it: a
     * sparse table of range winners answers each range with two comparisons, O(n log n) to build.
     */
    private static int[] excludingExtremes(
            SortedBucket bucket, FrameBounds frames, boolean[] valid, java.util.function.IntBinaryOperator order) {
        int rows = bucket.rows();
        java.util.function.IntBinaryOperator better = (left, right) -> {
            if (left < 0) {
                return right;
            }
            if (right < 0) {
                return left;
            }
            return order.applyAsInt(left, right) <= 0 ? left : right;
        };
        // level[k][i]: the winner of rows [i, i + 2^k), -1 when none of them has a value
        List<int[]> levels = new java.util.ArrayList<>();
        int[] first = new int[rows];
        for (int row = 0; row < rows; row++) {
            first[row] = valid[row] ? row : -1;
        }
        levels.add(first);
        for (int width = 2; width <= rows; width *= 2) {
            int[] previous = levels.getLast();
            int half = width / 2;
            int[] level = new int[rows - width + 1];
            for (int row = 0; row < level.length; row++) {
                level[row] = better.applyAsInt(previous[row], previous[row + half]);
            }
            levels.add(level);
        }
        int[] picked = new int[rows];
        for (int row = 0; row < rows; row++) {
            int winner = rangeWinner(levels, better, frames.lower[row], frames.excludeStart[row]);
            winner = better.applyAsInt(winner, rangeWinner(levels, better, frames.excludeEnd[row], frames.upper[row]));
            if (frames.includeRow != null && frames.includeRow[row] && valid[row]) {
                winner = better.applyAsInt(winner, row);
            }
            picked[row] = winner;
        }
        return picked;
    }

    /** The winner of rows [from, to) from the sparse table, -1 for an empty range. */
    private static int rangeWinner(List<int[]> levels, java.util.function.IntBinaryOperator better, int from, int to) {
        if (to <= from) {
            return -1;
        }
        int level = 31 - Integer.numberOfLeadingZeros(to - from);
        int[] winners = levels.get(level);
        return better.applyAsInt(winners[from], winners[to - (1 << level)]);
    }
}
