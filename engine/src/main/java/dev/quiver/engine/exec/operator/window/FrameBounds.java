package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;

/**
 * The frame of every row of a sorted bucket as {@code [lower[row], upper[row])}: never crossing
 * its partition, empty when the bounds cross ({@code upper == lower}).
 *
 * <p>INVARIANT: within a partition both arrays never decrease from row to row (every bound is a
 * constant offset from the row or its ORDER BY value), which lets aggregates slide their frame with
 * O(1) amortised work per row.
 *
 * <p>RANGE with an offset compares the single ORDER BY key: rows whose key is NULL form their own
 * frame (their peer group), the others see only rows with a non-NULL key.
 */
final class FrameBounds {
    final int[] lower;
    final int[] upper;
    /** EXCLUDE: per row, the excluded rows [excludeStart, excludeEnd) within the frame; null without EXCLUDE. */
    final int[] excludeStart;

    final int[] excludeEnd;
    /** EXCLUDE TIES: whether the current row is in its frame and counted again after its group was excluded. */
    final boolean[] includeRow;

    private FrameBounds(int rows, WindowFrame.Exclusion exclusion) {
        lower = new int[rows];
        upper = new int[rows];
        boolean excludes = exclusion != WindowFrame.Exclusion.NO_OTHERS;
        excludeStart = excludes ? new int[rows] : null;
        excludeEnd = excludes ? new int[rows] : null;
        includeRow = exclusion == WindowFrame.Exclusion.TIES ? new boolean[rows] : null;
    }

    /** Whether some rows are excluded from frames. */
    boolean excludes() {
        return excludeStart != null;
    }

    private void exclude(SortedBucket bucket, WindowFrame.Exclusion exclusion) {
        for (int row = 0; row < bucket.rows(); row++) {
            boolean group = exclusion != WindowFrame.Exclusion.CURRENT_ROW;
            int from = Math.max(lower[row], group ? bucket.peerStart()[row] : row);
            int to = Math.min(upper[row], group ? bucket.peerEnd()[row] : row + 1);
            excludeStart[row] = from;
            excludeEnd[row] = Math.max(from, to);
            if (includeRow != null) {
                includeRow[row] = lower[row] <= row && row < upper[row];
            }
        }
    }

    static FrameBounds compute(SortedBucket bucket, WindowFrame frame, SortKey orderKey) {
        FrameBounds bounds = new FrameBounds(bucket.rows(), frame.exclusion());
        boolean offsets = frame.kind() == WindowFrame.Kind.RANGE
                && (isOffset(frame.lower().kind()) || isOffset(frame.upper().kind()));
        RangeKeys keys = offsets ? RangeKeys.read(bucket, orderKey, frame) : null;
        for (int partition = 0; partition < bucket.partitionCount(); partition++) {
            int start = bucket.partitionStarts()[partition];
            int end = bucket.partitionStarts()[partition + 1];
            switch (frame.kind()) {
                case ROWS -> bounds.rowsFrame(start, end, frame);
                case RANGE -> bounds.rangeFrame(bucket, start, end, frame, keys);
                case GROUPS -> bounds.groupsFrame(bucket, start, end, frame);
            }
        }
        if (bounds.excludes()) {
            bounds.exclude(bucket, frame.exclusion());
        }
        return bounds;
    }

    private static boolean isOffset(WindowFrame.BoundKind kind) {
        return kind == WindowFrame.BoundKind.PRECEDING || kind == WindowFrame.BoundKind.FOLLOWING;
    }

    private void rowsFrame(int start, int end, WindowFrame frame) {
        for (int row = start; row < end; row++) {
            int low = rowsBound(frame.lower(), row, start, end, false);
            int high = rowsBound(frame.upper(), row, start, end, true);
            lower[row] = low;
            upper[row] = Math.max(low, high);
        }
    }

    /** A ROWS bound as a row number; {@code exclusive} for the upper bound (one past its row). */
    private static int rowsBound(WindowFrame.Bound bound, int row, int start, int end, boolean exclusive) {
        long position = switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> start;
            case PRECEDING -> (long) row - bound.offset() + (exclusive ? 1 : 0);
            case CURRENT_ROW -> row + (exclusive ? 1 : 0);
            case FOLLOWING -> (long) row + bound.offset() + (exclusive ? 1 : 0);
            case UNBOUNDED_FOLLOWING -> end;
        };
        return (int) Math.max(start, Math.min(end, position));
    }

    /**
     * GROUPS: offsets count peer groups. A row of the partition's group g sees from the start of
     * group g - n (PRECEDING) or g + n (FOLLOWING) to the end of its upper bound's group.
     */
    private void groupsFrame(SortedBucket bucket, int start, int end, WindowFrame frame) {
        int[] groupStarts = new int[end - start + 1];
        int groups = 0;
        for (int row = start; row < end; row++) {
            if (bucket.peerStart()[row] == row) {
                groupStarts[groups++] = row;
            }
        }
        groupStarts[groups] = end;
        int group = -1;
        for (int row = start; row < end; row++) {
            if (bucket.peerStart()[row] == row) {
                group++;
            }
            int low = groupsBound(frame.lower(), group, groups, groupStarts, false);
            int high = groupsBound(frame.upper(), group, groups, groupStarts, true);
            lower[row] = low;
            upper[row] = Math.max(low, high);
        }
    }

    /** A GROUPS bound as a row: the first row of its group, or one past its last ({@code exclusive}). */
    private static int groupsBound(
            WindowFrame.Bound bound, int group, int groups, int[] groupStarts, boolean exclusive) {
        long target = switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> exclusive ? -1 : 0;
            case PRECEDING -> (long) group - bound.offset();
            case CURRENT_ROW -> group;
            case FOLLOWING -> (long) group + bound.offset();
            case UNBOUNDED_FOLLOWING -> groups;
        };
        // the start of group target (exclusive: of the group after it), within [0, groups]
        long index = exclusive ? target + 1 : target;
        return groupStarts[(int) Math.max(0, Math.min(groups, index))];
    }

    private void rangeFrame(SortedBucket bucket, int start, int end, WindowFrame frame, RangeKeys keys) {
        int validStart = start;
        int validEnd = end;
        if (keys != null) {
            while (validStart < end && !keys.valid(validStart)) {
                validStart++;
            }
            validEnd = validStart;
            while (validEnd < end && keys.valid(validEnd)) {
                validEnd++;
            }
        }
        for (int row = start; row < end; row++) {
            int low = rangeBound(bucket, frame.lower(), row, start, end, validStart, validEnd, keys, false);
            int high = rangeBound(bucket, frame.upper(), row, start, end, validStart, validEnd, keys, true);
            lower[row] = low;
            upper[row] = Math.max(low, high);
        }
    }

    private static int rangeBound(
            SortedBucket bucket,
            WindowFrame.Bound bound,
            int row,
            int start,
            int end,
            int validStart,
            int validEnd,
            RangeKeys keys,
            boolean exclusive) {
        return switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> start;
            case UNBOUNDED_FOLLOWING -> end;
            case CURRENT_ROW -> exclusive ? bucket.peerEnd()[row] : bucket.peerStart()[row];
            case PRECEDING, FOLLOWING -> {
                if (row < validStart || row >= validEnd) {
                    yield exclusive ? bucket.peerEnd()[row] : bucket.peerStart()[row];
                }
                boolean preceding = bound.kind() == WindowFrame.BoundKind.PRECEDING;
                yield keys.search(row, bound, preceding, exclusive, validStart, validEnd);
            }
        };
    }

    /**
     * The ORDER BY key of a RANGE frame with offsets, negated for DESC so that it always ascends:
     * then "k PRECEDING" means a key at least the row's key minus k.
     */
    private record RangeKeys(long[] longs, double[] doubles, boolean[] validity) {
        static RangeKeys read(SortedBucket bucket, SortKey key, WindowFrame frame) {
            FieldVector column = bucket.columns().get(key.column());
            int rows = bucket.rows();
            boolean[] valid = new boolean[rows];
            ArrowBuf validityBuffer = column.getValidityBuffer();
            boolean noNulls = column.getNullCount() == 0;
            for (int row = 0; row < rows; row++) {
                valid[row] = noNulls || BitVectorHelper.get(validityBuffer, row) != 0;
            }
            boolean doubleKey = column instanceof FloatingPointVector;
            if (frame.lower().doubleOffset() != doubleKey
                            && isOffset(frame.lower().kind())
                    || frame.upper().doubleOffset() != doubleKey
                            && isOffset(frame.upper().kind())) {
                throw QuiverException.internal("RANGE offset of the wrong kind for " + column.getField(), null);
            }
            if (doubleKey) {
                double[] values = new double[rows];
                PrimitiveColumns.readDoubles(column, rows, values);
                if (key.descending()) {
                    for (int row = 0; row < rows; row++) {
                        values[row] = -values[row];
                    }
                }
                return new RangeKeys(null, values, valid);
            }
            long[] values = new long[rows];
            if (column instanceof DecimalVector decimal) {
                if (decimal.getPrecision() > 18) {
                    throw new QuiverException(
                            ErrorCode.UNSUPPORTED,
                            "RANGE frames with an offset over DECIMAL keys of more than 18 digits are not supported yet");
                }
                PrimitiveColumns.readDecimals(decimal, rows, values, new long[rows]);
            } else {
                try {
                    PrimitiveColumns.readLongs(column, 0, rows, values);
                } catch (IllegalArgumentException e) {
                    throw new QuiverException(
                            ErrorCode.TYPE_MISMATCH,
                            "RANGE frames with an offset need a numeric, DATE or TIMESTAMP ORDER BY key, not "
                                    + column.getField().getType());
                }
            }
            if (key.descending()) {
                for (int row = 0; row < rows; row++) {
                    values[row] = -values[row];
                }
            }
            return new RangeKeys(values, null, valid);
        }

        boolean valid(int row) {
            return validity[row];
        }

        /**
         * The first row in [from, to) whose key is at least (not {@code exclusive}) or above
         * ({@code exclusive}) the row's key moved by the bound's offset.
         */
        int search(int row, WindowFrame.Bound bound, boolean preceding, boolean exclusive, int from, int to) {
            int low = from;
            int high = to;
            if (doubles != null) {
                double offset = Double.longBitsToDouble(bound.offset());
                double target = preceding ? doubles[row] - offset : doubles[row] + offset;
                while (low < high) {
                    int middle = (low + high) >>> 1;
                    boolean before = exclusive ? doubles[middle] <= target : doubles[middle] < target;
                    if (before) {
                        low = middle + 1;
                    } else {
                        high = middle;
                    }
                }
                return low;
            }
            long target =
                    preceding ? saturatedAdd(longs[row], -bound.offset()) : saturatedAdd(longs[row], bound.offset());
            while (low < high) {
                int middle = (low + high) >>> 1;
                boolean before = exclusive ? longs[middle] <= target : longs[middle] < target;
                if (before) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low;
        }

        private static long saturatedAdd(long left, long right) {
            long sum = left + right;
            if (((left ^ sum) & (right ^ sum)) < 0) { // overflow: the sign flipped against both inputs
                return left < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return sum;
        }
    }
}
