package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.error.UdfFailures;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.vector.Vectors;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.pool.PendingCall;
import dev.quiver.udf.pool.PythonWindowAggregate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * A Python aggregate function ({@code CREATE AGGREGATE FUNCTION}) over each row's frame: the
 * bucket is cut into slices of whole partitions, one per interpreter (at least {@link #MIN_SLICE}
 * rows each, at most about {@link #MAX_SLICE} unless one partition is larger), and each slice is
 * one Python call with every row's frame as row numbers — the calls run in parallel on the free
 * interpreters. Python accumulates running frames (UNBOUNDED PRECEDING without EXCLUDE, which
 * includes whole partitions) once, row after row, and answers the other frames from a segment tree
 * of pickled states (see {@link PythonWindowAggregate}); nothing is called per row from Java.
 *
 * <p>DISTINCT: Python counts the first row of each distinct argument tuple of a frame (see {@link
 * PythonWindowAggregate}), for every frame kind and NULL rule.
 */
final class PythonWindowAggregates {
    /** Rows below which a slice is not worth a call of its own (a call costs ~65 µs of hand-over). */
    private static final int MIN_SLICE = 2048;
    /** Rows above which a slice is cut at the next partition end: bounds Python's lists and states. */
    private static final int MAX_SLICE = 65_536;

    private static final Duration POLL = Duration.ofMillis(20);

    private PythonWindowAggregates() {}

    static FieldVector compute(
            WindowFunction function,
            SortedBucket bucket,
            FrameBounds frames,
            WindowFrame frame,
            ExecutionContext context) {
        for (int argument : function.arguments()) {
            if (argument < 0) {
                throw QuiverException.internal(
                        "a constant argument reached Python window aggregate "
                                + function.python().name(),
                        null);
            }
        }
        boolean running = frame.lower().kind() == WindowFrame.BoundKind.UNBOUNDED_PRECEDING && !frames.excludes();
        PythonWindowAggregate aggregate =
                function.python().pool().windowAggregate(function.python().function());
        BufferAllocator allocator = bucket.allocator();
        List<int[]> slices = slices(bucket, function.python().pool().workerCount());
        List<PendingCall<FieldVector>> calls = new ArrayList<>();
        List<FieldVector> inputs = new ArrayList<>();
        List<FieldVector> results = new ArrayList<>();
        try {
            UdfException failure = null;
            try {
                for (int[] slice : slices) {
                    calls.add(submit(aggregate, function, bucket, frames, running, slice[0], slice[1], inputs));
                }
            } finally {
                // also when a submit failed: the calls already queued read the inputs until they end
                awaitAll(calls, context);
                for (PendingCall<FieldVector> call : calls) {
                    try {
                        results.add(call.get());
                    } catch (UdfException e) {
                        failure = failure == null ? e : failure;
                    }
                }
            }
            if (failure != null) {
                context.checkCancelled(); // a cancelled query says so, not which call noticed first
                throw UdfFailures.toQuiver(failure);
            }
            if (results.size() == 1) {
                return Vectors.rename(results.removeFirst(), function.output(), allocator);
            }
            return Vectors.concat(results, function.output(), allocator);
        } finally {
            // every call has ended (awaitAll cancelled the rest on a cancel): its inputs may go
            results.forEach(FieldVector::close);
            inputs.forEach(FieldVector::close);
        }
    }

    /** Row ranges {@code [start, end)} of whole partitions, about one per interpreter. */
    private static List<int[]> slices(SortedBucket bucket, int interpreters) {
        int target = Math.clamp(
                (bucket.rows() + Math.max(1, interpreters) - 1) / Math.max(1, interpreters), MIN_SLICE, MAX_SLICE);
        List<int[]> slices = new ArrayList<>();
        int[] starts = bucket.partitionStarts();
        int sliceStart = 0;
        for (int partition = 1; partition < starts.length; partition++) {
            if (starts[partition] - sliceStart >= target || partition == starts.length - 1) {
                slices.add(new int[] {sliceStart, starts[partition]});
                sliceStart = starts[partition];
            }
        }
        return slices;
    }

    private static PendingCall<FieldVector> submit(
            PythonWindowAggregate aggregate,
            WindowFunction function,
            SortedBucket bucket,
            FrameBounds frames,
            boolean running,
            int start,
            int end,
            List<FieldVector> inputs) {
        BufferAllocator allocator = bucket.allocator();
        int count = end - start;
        List<FieldVector> arguments = new ArrayList<>();
        for (int argument : function.arguments()) {
            FieldVector column = Vectors.slice(bucket.columns().get(argument), start, count, allocator);
            inputs.add(column);
            arguments.add(column);
        }
        List<IntVector> frameColumns = new ArrayList<>();
        for (String name : List.of("lower", "upper", "lower2", "upper2", "extra")) {
            IntVector column = new IntVector(name, allocator);
            inputs.add(column);
            column.allocateNew(Math.max(1, count));
            column.setValueCount(count);
            frameColumns.add(column);
        }
        for (int row = start; row < end; row++) {
            int index = row - start;
            int lower = frames.lower[row];
            int upper = frames.upper[row];
            if (frames.excludes()) {
                // the excluded rows may lie outside the frame: clip both parts to it
                frameColumns.get(0).set(index, lower - start);
                frameColumns.get(1).set(index, Math.min(frames.excludeStart[row], upper) - start);
                frameColumns.get(2).set(index, Math.max(frames.excludeEnd[row], lower) - start);
                frameColumns.get(3).set(index, upper - start);
                boolean again = frames.includeRow != null && frames.includeRow[row];
                frameColumns.get(4).set(index, again ? index : -1);
            } else {
                frameColumns.get(0).set(index, lower - start);
                frameColumns.get(1).set(index, upper - start);
                frameColumns.get(2).set(index, 0);
                frameColumns.get(3).set(index, 0);
                frameColumns.get(4).set(index, -1);
            }
        }
        return aggregate.submit(
                arguments,
                frameColumns,
                count,
                running,
                function.distinct(),
                allocator,
                function.python().pool().options().callTimeout(),
                row -> row < 0 ? row : row + start);
    }

    /** Waits for every call, cancelling them all as soon as the query is cancelled. */
    private static void awaitAll(List<PendingCall<FieldVector>> calls, ExecutionContext context) {
        for (PendingCall<FieldVector> call : calls) {
            while (!call.await(POLL)) {
                if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                    calls.forEach(PendingCall::cancel);
                    return;
                }
            }
        }
    }
}
