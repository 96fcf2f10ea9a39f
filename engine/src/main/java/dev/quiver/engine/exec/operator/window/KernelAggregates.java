package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;
import dev.quiver.engine.exec.operator.aggregate.ValueReader;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Built-in aggregate kernels ({@code arg_min}, {@code mode}, {@code string_agg}, …) over each
 * row's frame, through a segment tree of {@link AggregateState}s per partition: leaves are rows,
 * each node merges {@link #FANOUT} children in order, and a frame is answered by merging
 * O(FANOUT · log rows) nodes left to right (order-sensitive functions such as {@code first} and
 * {@code string_agg} see the frame's rows in order). Consecutive rows with the same frame (peers,
 * whole-partition frames) reuse the previous answer.
 *
 * <p>Merging is as cheap as the states: O(1) for fixed-size states; holistic ones (mode,
 * quantiles, string_agg) copy values, so their frames cost about their size.
 */
final class KernelAggregates {
    /** Children per node: fewer levels than a binary tree, still few merges per frame. */
    private static final int FANOUT = 16;
    /** About the bytes of a state object and its slot. */
    private static final long STATE_BYTES = 64;

    private KernelAggregates() {}

    static FieldVector compute(
            WindowFunction function, SortedBucket bucket, FrameBounds frames, HeapReservation memory) {
        AggregateKernel kernel = function.kernel();
        int rows = bucket.rows();
        int arity = function.arguments().length;
        ValueReader[] readers = new ValueReader[arity];
        for (int index = 0; index < arity; index++) {
            if (function.isColumn(index)) {
                readers[index] = ValueReader.of(bucket.columns().get(function.arguments()[index]));
            } else {
                Object constant = function.constant(index);
                readers[index] = row -> constant;
            }
        }
        FieldVector output = function.output().createVector(bucket.allocator());
        try {
            output.setInitialCapacity(rows);
            output.allocateNew();
            Object[] values = new Object[arity];
            RankingFunctions.forEachPartition(bucket, (start, end) -> {
                List<AggregateState[]> levels = build(kernel, readers, values, start, end, memory);
                int previousLower = -1;
                int previousUpper = -1;
                Object previous = null;
                for (int row = start; row < end; row++) {
                    int lower = frames.lower[row];
                    int upper = frames.upper[row];
                    Object result;
                    if (!frames.excludes() && lower == previousLower && upper == previousUpper) {
                        result = previous;
                    } else {
                        AggregateState state = kernel.newState();
                        if (frames.excludes()) {
                            // the excluded rows may lie outside the frame: clip both parts to it
                            int excludeStart = Math.min(frames.excludeStart[row], upper);
                            int excludeEnd = Math.max(frames.excludeEnd[row], lower);
                            collect(levels, 0, lower - start, excludeStart - start, state);
                            if (frames.includeRow != null && frames.includeRow[row]) {
                                collect(levels, 0, row - start, row - start + 1, state);
                            }
                            collect(levels, 0, excludeEnd - start, upper - start, state);
                        } else {
                            collect(levels, 0, lower - start, upper - start, state);
                        }
                        result = state.result();
                    }
                    VectorWriter.set(output, row, result);
                    previousLower = lower;
                    previousUpper = upper;
                    previous = result;
                }
            });
            output.setValueCount(rows);
            return output;
        } catch (RuntimeException e) {
            output.close();
            throw e;
        }
    }

    /** The tree over rows [start, end): level 0 holds one state per row (null where the row does not count). */
    private static List<AggregateState[]> build(
            AggregateKernel kernel,
            ValueReader[] readers,
            Object[] values,
            int start,
            int end,
            HeapReservation memory) {
        List<AggregateState[]> levels = new ArrayList<>();
        AggregateState[] leaves = new AggregateState[end - start];
        long grown = (long) leaves.length * STATE_BYTES;
        rowLoop:
        for (int row = start; row < end; row++) {
            for (int index = 0; index < readers.length; index++) {
                values[index] = readers[index].get(row);
                if (values[index] == null && kernel.skipsNullRows()) {
                    continue rowLoop;
                }
            }
            AggregateState leaf = kernel.newState();
            grown += leaf.add(values);
            leaves[row - start] = leaf;
        }
        memory.reserve(grown);
        levels.add(leaves);
        AggregateState[] below = leaves;
        while (below.length > FANOUT) {
            AggregateState[] level = new AggregateState[(below.length + FANOUT - 1) / FANOUT];
            grown = (long) level.length * STATE_BYTES;
            for (int node = 0; node < level.length; node++) {
                AggregateState merged = null;
                for (int child = node * FANOUT; child < Math.min(below.length, (node + 1) * FANOUT); child++) {
                    if (below[child] != null) {
                        if (merged == null) {
                            merged = kernel.newState();
                        }
                        grown += merged.merge(below[child]);
                    }
                }
                level[node] = merged;
            }
            memory.reserve(grown);
            levels.add(level);
            below = level;
        }
        return levels;
    }

    /** Merges nodes [from, to) of {@code level} into {@code target}, left to right, using higher levels where aligned. */
    private static void collect(List<AggregateState[]> levels, int level, int from, int to, AggregateState target) {
        if (from >= to) {
            return;
        }
        AggregateState[] nodes = levels.get(level);
        int alignedFrom = (from + FANOUT - 1) / FANOUT * FANOUT;
        int alignedTo = to / FANOUT * FANOUT;
        if (level + 1 >= levels.size() || alignedFrom >= alignedTo) {
            mergeRange(nodes, from, to, target);
            return;
        }
        mergeRange(nodes, from, alignedFrom, target);
        collect(levels, level + 1, alignedFrom / FANOUT, alignedTo / FANOUT, target);
        mergeRange(nodes, alignedTo, to, target);
    }

    private static void mergeRange(AggregateState[] nodes, int from, int to, AggregateState target) {
        for (int node = from; node < to; node++) {
            if (nodes[node] != null) {
                target.merge(nodes[node]);
            }
        }
    }
}
