package dev.quiver.udf.pool;

import dev.quiver.udf.FunctionKind;
import java.time.Duration;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * A Python aggregate function evaluated over window frames: each call takes a slice of rows that
 * holds whole partitions, sorted, with every row's frame as row numbers of the slice, and returns
 * one result per row. Calls go to whichever interpreter is free, so a caller that submits slices
 * of different partitions at once spreads them over the interpreters. No state outlives a call.
 *
 * <p>How Python computes them: frames that grow from a fixed start ({@code running}: UNBOUNDED
 * PRECEDING without EXCLUDE, which includes whole-partition frames) accumulate row after row into
 * one handler instance and {@code finish()} at each row whose frame grew — no frame is accumulated
 * twice; any other frames use a segment tree of pickled {@code aggregate_state}s built once per
 * slice, so each frame costs O(log rows) {@code merge} calls. Rows with a NULL argument count for
 * no frame unless the function is CALLED ON NULL INPUT. With DISTINCT a frame counts the first row
 * of each of its distinct argument tuples: running frames skip tuples already seen, other frames
 * are accumulated afresh from their distinct rows (a merged state cannot take duplicates out).
 */
public final class PythonWindowAggregate {
    /** INTEGER columns that give each row's frame: lower, upper, lower2, upper2, extra. */
    static final int FRAME_COLUMNS = 5;

    private final InterpreterPool pool;
    private final RegisteredFunction function;

    PythonWindowAggregate(InterpreterPool pool, RegisteredFunction function) {
        if (function.definition().kind() != FunctionKind.AGGREGATE) {
            throw new IllegalArgumentException("function " + function.name() + " is "
                    + function.definition().kind() + ", not AGGREGATE");
        }
        this.pool = pool;
        this.function = function;
    }

    /**
     * Queues one slice and returns at once; the vectors must stay unchanged until the call ends.
     * The call's value is a vector of the function's return type, one value per row, owned by the
     * caller.
     *
     * @param arguments one column per declared argument, of the declared types
     * @param frames    five non-NULL INTEGER columns: row r's frame is the rows {@code [lower,
     *                  upper)}, then {@code extra} (a row number, or -1 for none), then {@code
     *                  [lower2, upper2)} (empty when {@code lower2 >= upper2}), in that order;
     *                  a frame never leaves its partition
     * @param running   whether every frame starts at a fixed row of its partition and, within a
     *                  partition, never ends before the frame of the row before (the fast path);
     *                  results are the same either way, only the cost differs
     * @param distinct  whether each frame counts only the first row of each distinct argument tuple
     *                  (DISTINCT); other frames than running ones then cost O(frame rows) each
     * @param callerRow maps a row of this slice to the row errors should name
     */
    public PendingCall<FieldVector> submit(
            List<? extends FieldVector> arguments,
            List<IntVector> frames,
            int rowCount,
            boolean running,
            boolean distinct,
            BufferAllocator allocator,
            Duration timeout,
            LongUnaryOperator callerRow) {
        if (arguments.size() != function.definition().argumentTypes().size() || frames.size() != FRAME_COLUMNS) {
            throw new IllegalArgumentException("aggregate function " + function.name() + " over windows takes "
                    + function.definition().argumentTypes().size() + " argument columns and " + FRAME_COLUMNS
                    + " frame columns, got " + arguments.size() + " and " + frames.size());
        }
        return pool.submitFor(
                function,
                new WindowAggregateTask(function, arguments, frames, rowCount, running, distinct, allocator, callerRow),
                timeout);
    }
}
