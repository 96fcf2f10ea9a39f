package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.VectorWriter;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * lag, lead, first_value, last_value and nth_value: each picks, per row, the row whose value it
 * returns (or none: NULL), then one gather copies the values — any type, no per-row dispatch.
 */
final class ValueFunctions {
    private ValueFunctions() {}

    static FieldVector compute(WindowFunction function, SortedBucket bucket, FrameBounds frames) {
        int rows = bucket.rows();
        FieldVector argument = bucket.columns().get(function.arguments()[0]);
        boolean[] valid = Arguments.validity(argument, rows);
        int[] picked = new int[rows];
        boolean[] useDefault = function.kind() == WindowFunction.Kind.LAG || function.kind() == WindowFunction.Kind.LEAD
                ? new boolean[rows]
                : null;
        // lag/lead's offset (default 1), nth_value's position
        Arguments.LongArgument numbers = Arguments.longArgument(function, 1, bucket, 1);
        RankingFunctions.forEachPartition(bucket, (start, end) -> {
            switch (function.kind()) {
                case LAG, LEAD -> shift(function, numbers, valid, start, end, picked, useDefault);
                case FIRST_VALUE -> firstValue(function.ignoreNulls(), valid, start, end, frames, picked);
                case LAST_VALUE -> lastValue(function.ignoreNulls(), valid, start, end, frames, picked);
                case NTH_VALUE -> nthValue(function, numbers, valid, start, end, frames, picked);
                default -> throw QuiverException.internal("not a value function: " + function, null);
            }
        });
        if (useDefault != null && function.arguments().length >= 3) {
            return withDefaults(function, bucket, argument, picked, useDefault);
        }
        FieldVector result = Gather.gather(argument, picked, rows, bucket.allocator());
        try {
            return Vectors.rename(result, function.output(), bucket.allocator());
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** lag/lead: the row {@code offset} rows before/after (counting only non-NULL values with IGNORE NULLS). */
    private static void shift(
            WindowFunction function,
            Arguments.LongArgument offsets,
            boolean[] valid,
            int start,
            int end,
            int[] picked,
            boolean[] useDefault) {
        long sign = function.kind() == WindowFunction.Kind.LAG ? -1 : 1;
        int[] nonNullRows = null;
        int[] nonNullBefore = null; // per row: non-NULL rows of the partition before it
        if (function.ignoreNulls()) {
            nonNullRows = new int[end - start];
            nonNullBefore = new int[end - start + 1];
            int count = 0;
            for (int row = start; row < end; row++) {
                nonNullBefore[row - start] = count;
                if (valid[row]) {
                    nonNullRows[count++] = row;
                }
            }
            nonNullBefore[end - start] = count;
        }
        for (int row = start; row < end; row++) {
            if (offsets.isNull(row)) {
                picked[row] = -1;
                continue;
            }
            long offset = sign * offsets.value(row);
            long target;
            if (nonNullRows == null) {
                target = row + offset;
                target = target >= start && target < end ? target : -1;
            } else if (offset == 0) {
                target = row;
            } else {
                // the k-th non-NULL row before (k < 0) or after (k > 0) this one
                long index =
                        offset < 0 ? nonNullBefore[row - start] + offset : nonNullBefore[row - start + 1] + offset - 1;
                int count = nonNullBefore[end - start];
                target = index >= 0 && index < count ? nonNullRows[(int) index] : -1;
            }
            picked[row] = (int) target;
            useDefault[row] = target < 0;
        }
    }

    private static void firstValue(
            boolean ignoreNulls, boolean[] valid, int start, int end, FrameBounds frames, int[] picked) {
        int[] nextValid = ignoreNulls ? nextValid(valid, start, end) : null;
        for (int row = start; row < end; row++) {
            int low = frames.lower[row];
            int high = frames.upper[row];
            if (!frames.excludes()) {
                picked[row] = firstIn(nextValid, start, low, high);
                continue;
            }
            // EXCLUDE: the frame is [low, excludeStart), the row itself (TIES), then [excludeEnd, high)
            int chosen = firstIn(nextValid, start, low, Math.min(high, frames.excludeStart[row]));
            if (chosen < 0 && includesItself(frames, row, ignoreNulls, valid)) {
                chosen = row;
            }
            picked[row] = chosen >= 0 ? chosen : firstIn(nextValid, start, Math.max(low, frames.excludeEnd[row]), high);
        }
    }

    /** The first row of [from, to) (with a value, given {@code nextValid}), or -1. */
    private static int firstIn(int[] nextValid, int start, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int chosen = nextValid == null ? from : nextValid[from - start];
        return chosen >= 0 && chosen < to ? chosen : -1;
    }

    /** The last row of [from, to) (with a value, given {@code previousValid}), or -1. */
    private static int lastIn(int[] previousValid, int start, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int chosen = previousValid == null ? to - 1 : previousValid[to - 1 - start];
        return chosen >= from ? chosen : -1;
    }

    /** EXCLUDE TIES keeps the current row in its frame. */
    private static boolean includesItself(FrameBounds frames, int row, boolean ignoreNulls, boolean[] valid) {
        return frames.includeRow != null && frames.includeRow[row] && (!ignoreNulls || valid[row]);
    }

    private static void lastValue(
            boolean ignoreNulls, boolean[] valid, int start, int end, FrameBounds frames, int[] picked) {
        int[] previousValid = ignoreNulls ? previousValid(valid, start, end) : null;
        for (int row = start; row < end; row++) {
            int low = frames.lower[row];
            int high = frames.upper[row];
            if (!frames.excludes()) {
                picked[row] = lastIn(previousValid, start, low, high);
                continue;
            }
            int chosen = lastIn(previousValid, start, Math.max(low, frames.excludeEnd[row]), high);
            if (chosen < 0 && includesItself(frames, row, ignoreNulls, valid)) {
                chosen = row;
            }
            picked[row] =
                    chosen >= 0 ? chosen : lastIn(previousValid, start, low, Math.min(high, frames.excludeStart[row]));
        }
    }

    private static void nthValue(
            WindowFunction function,
            Arguments.LongArgument positions,
            boolean[] valid,
            int start,
            int end,
            FrameBounds frames,
            int[] picked) {
        // IGNORE NULLS: the n-th of the partition's non-NULL rows counted from the frame's start
        int[] nonNullRows = null;
        int[] nonNullBefore = null; // per row of the partition, and one past its end
        if (function.ignoreNulls()) {
            nonNullRows = new int[end - start];
            nonNullBefore = new int[end - start + 1];
            int count = 0;
            for (int row = start; row < end; row++) {
                nonNullBefore[row - start] = count;
                if (valid[row]) {
                    nonNullRows[count++] = row;
                }
            }
            nonNullBefore[end - start] = count;
        }
        for (int row = start; row < end; row++) {
            if (positions.isNull(row)) {
                picked[row] = -1;
                continue;
            }
            long position = positions.value(row);
            if (position <= 0) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT, "argument of nth_value must be greater than zero");
            }
            long target;
            if (nonNullRows != null) {
                long index = nonNullBefore[frames.lower[row] - start] + position - 1;
                target = index < nonNullBefore[end - start] ? nonNullRows[(int) index] : Long.MAX_VALUE;
            } else {
                target = frames.lower[row] + position - 1;
            }
            picked[row] = target < frames.upper[row] ? (int) target : -1;
        }
    }

    /** Per row of [start, end): the first row at or after it with a value, or -1. */
    private static int[] nextValid(boolean[] valid, int start, int end) {
        int[] next = new int[end - start];
        int following = -1;
        for (int row = end - 1; row >= start; row--) {
            if (valid[row]) {
                following = row;
            }
            next[row - start] = following;
        }
        return next;
    }

    /** Per row of [start, end): the last row at or before it with a value, or -1. */
    private static int[] previousValid(boolean[] valid, int start, int end) {
        int[] previous = new int[end - start];
        int preceding = -1;
        for (int row = start; row < end; row++) {
            if (valid[row]) {
                preceding = row;
            }
            previous[row - start] = preceding;
        }
        return previous;
    }

    /**
     * lag/lead with a default: the values are gathered from the argument followed by the defaults
     * (the default column, or the constant as one value), so variable-width results are written in
     * one pass, in order.
     */
    private static FieldVector withDefaults(
            WindowFunction function, SortedBucket bucket, FieldVector argument, int[] picked, boolean[] useDefault) {
        int rows = bucket.rows();
        FieldVector defaults;
        if (function.isColumn(2)) {
            defaults = bucket.columns().get(function.arguments()[2]);
            defaults = Vectors.slice(defaults, 0, rows, bucket.allocator()); // a reference of our own to close
        } else {
            defaults = Vectors.emptyLike(argument, bucket.allocator());
            defaults.allocateNew();
            VectorWriter.set(defaults, 0, function.constant(2));
            defaults.setValueCount(1);
        }
        boolean column = function.isColumn(2);
        try (FieldVector sources =
                Vectors.concat(List.of(argument, defaults), argument.getField(), bucket.allocator())) {
            for (int row = 0; row < rows; row++) {
                if (useDefault[row]) {
                    picked[row] = column ? rows + row : rows;
                }
            }
            FieldVector result = Gather.gather(sources, picked, rows, bucket.allocator());
            try {
                return Vectors.rename(result, function.output(), bucket.allocator());
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        } finally {
            defaults.close();
        }
    }
}
