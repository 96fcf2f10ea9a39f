package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.UdfFailures;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.pool.PendingCall;
import dev.quiver.udf.pool.PythonAggregation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * A Python aggregate function's accumulator in a hash aggregate: the per-group state lives in the
 * interpreters (handler instances), this class keeps only the {@link PythonAggregation}s that
 * hold it and how their group numbers map to this table's.
 *
 * <p>Per batch one Python call per interpreter (through the pool's queue, so the engine's threads
 * keep every interpreter busy) gets its slice of the rows that count, their argument columns and
 * their group numbers. The calls run while the thread goes on with its next batch: {@link #update}
 * queues its calls, then waits for the previous batch's, so an interpreter never idles while Java
 * hashes the next batch (a failure surfaces one batch later, or at {@link #merge}/{@link #result}).
 * Merging another thread's accumulator adopts its aggregations with the group mapping composed —
 * no Python runs then. The first {@link #result} call exports every holder's states as pickled
 * bytes, merges them per group in parallel across interpreters and finishes every group; later
 * calls slice that. Group numbers, mappings, the pool's per-interpreter row counts per group and
 * the finished column are counted against the query's memory limit (Java arrays via {@link
 * HeapReservation}, Arrow vectors by the allocator).
 */
final class PythonAccumulator implements Accumulator {
    private static final Duration POLL = Duration.ofMillis(20);

    /** Calls smaller than this cost more in hand-off than they save in parallelism. */
    static final int MIN_CALL_ROWS = 4096;

    private final Aggregation aggregation;
    private final PythonAggregateCall python;
    private final HeapReservation memory;
    private final ExecutionContext context;
    /** The aggregations whose states belong to this table, each with its group mapping (null: identity). */
    private final List<PythonAggregation> parts = new ArrayList<>();

    private final List<int[]> mappings = new ArrayList<>();
    /** This table's own aggregation (identity mapping), created at the first batch. */
    private PythonAggregation own;

    private int groups;
    private FieldVector finished;
    /** The last accumulate call, which may still run: at most one per accumulator. */
    private InFlight inFlight;

    PythonAccumulator(Aggregation aggregation, HeapReservation memory, ExecutionContext context) {
        this.aggregation = aggregation;
        this.python = aggregation.python();
        this.memory = memory;
        this.context = context;
    }

    @Override
    public void ensureCapacity(int groupCount) {
        if (groupCount > groups) {
            // each interpreter counts its rows per group in an int array that grows by doubling
            // (the pool's HeldGroups): count it here, where the query's limit is known
            memory.reserve((long) (groupCount - groups)
                    * Integer.BYTES
                    * 2
                    * python.pool().workerCount());
        }
        groups = Math.max(groups, groupCount);
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groupIds, int count) {
        if (count == 0) {
            return;
        }
        if (own == null) {
            own = python.pool().aggregation(python.function());
            parts.add(own);
            mappings.add(null);
        }
        BufferAllocator allocator = context.allocator();
        int[] order = groupOrder(groupIds, count);
        int[] callRows = rows;
        int[] callGroups = groupIds;
        if (order != null) {
            // Python gets each group's rows as one run (sliced, not bucketed row by row in Python);
            // within a group the rows keep their order
            callRows = new int[count];
            callGroups = new int[count];
            for (int index = 0; index < count; index++) {
                callRows[index] = rows[order[index]];
                callGroups[index] = groupIds[order[index]];
            }
        }
        // The calls outlive this method (the batch is closed when it returns): they get vectors of their own.
        List<FieldVector> inputs = new ArrayList<>();
        List<PendingCall<FieldVector>> calls = new ArrayList<>();
        try {
            boolean allRows = count == batch.rowCount() && isIdentity(callRows, count);
            List<FieldVector> arguments = new ArrayList<>();
            for (int column : aggregation.arguments()) {
                FieldVector argument = allRows
                        ? Vectors.slice(batch.column(column), 0, count, allocator)
                        : Gather.gather(batch.column(column), callRows, count, allocator);
                inputs.add(argument);
                arguments.add(argument);
            }
            IntVector groupVector = new IntVector("group", allocator);
            inputs.add(groupVector);
            groupVector.allocateNew(count);
            for (int index = 0; index < count; index++) {
                groupVector.set(index, callGroups[index]);
            }
            groupVector.setValueCount(count);
            // the caller reuses its array
            int[] batchRows = allRows ? null : order != null ? callRows : Arrays.copyOf(callRows, count);
            // One call per interpreter's share of the batch, so that the last batches of a query
            // spread over every interpreter instead of leaving all but one idle (with 64 K-row
            // batches, 23 calls on two interpreters were 12 against 11). A slice of rows sorted by
            // group is still sorted; a group cut by a slice's end is held twice and merged.
            int sliceRows = sliceRows(count, python.pool().workerCount());
            for (int start = 0; start < count; start += sliceRows) {
                int length = Math.min(sliceRows, count - start);
                List<FieldVector> sliceArguments = arguments;
                FieldVector sliceGroups = groupVector;
                if (length < count) {
                    sliceArguments = new ArrayList<>();
                    for (FieldVector argument : arguments) {
                        FieldVector part = Vectors.slice(argument, start, length, allocator);
                        inputs.add(part);
                        sliceArguments.add(part);
                    }
                    sliceGroups = Vectors.slice(groupVector, start, length, allocator);
                    inputs.add(sliceGroups);
                }
                int offset = start;
                calls.add(own.submitAccumulate(sliceArguments, sliceGroups, length, allocator, null, row -> {
                    long inBatch = row < 0 || row >= length ? row : row + offset;
                    return batchRows == null || inBatch < 0 || inBatch >= count ? inBatch : batchRows[(int) inBatch];
                }));
            }
        } catch (RuntimeException e) {
            stop(new InFlight(calls, inputs));
            throw e;
        }
        InFlight previous = inFlight;
        inFlight = new InFlight(calls, inputs);
        if (previous != null) {
            complete(previous); // this batch's calls already queued: the interpreters never wait for Java
        }
    }

    /** Rows per accumulate call: the batch cut into one slice per interpreter, never below {@value #MIN_CALL_ROWS}. */
    static int sliceRows(int count, int interpreters) {
        return Math.max(MIN_CALL_ROWS, (count + interpreters - 1) / Math.max(1, interpreters));
    }

    /** Waits for every accumulate call of this accumulator to end, failing with the first error. */
    private void drain() {
        InFlight last = inFlight;
        inFlight = null;
        if (last != null) {
            complete(last);
        }
    }

    /** Waits for a batch's calls, then frees their inputs; a failure becomes the query's. */
    private void complete(InFlight batchCalls) {
        UdfException failure;
        try {
            for (PendingCall<FieldVector> call : batchCalls.calls()) {
                if (!await(call)) {
                    break; // a failed or cancelled slice: the others need not run
                }
            }
        } finally {
            failure = stop(batchCalls);
        }
        if (failure != null) {
            abandonInFlight(); // the query fails: the newer calls need not run
            context.checkCancelled(); // a cancelled query says so, not which call noticed first
            throw UdfFailures.toQuiver(failure);
        }
    }

    /** Stops the calls still in flight, if any, and frees their inputs once they ended. */
    private void abandonInFlight() {
        InFlight last = inFlight;
        inFlight = null;
        if (last != null) {
            stop(last); // the query is failing, or has its answer: a failure here says nothing new
        }
    }

    /**
     * Cancels a batch's calls that have not ended, waits for every one and frees their inputs;
     * the first failure, or null when every call succeeded.
     */
    private static UdfException stop(InFlight batchCalls) {
        UdfException failure = null;
        try {
            batchCalls.calls().forEach(PendingCall::cancel); // nothing for the calls that ended
            for (PendingCall<FieldVector> call : batchCalls.calls()) {
                try (FieldVector ignored = call.get()) {
                    // a placeholder column
                } catch (UdfException e) {
                    failure = failure == null ? e : failure;
                }
            }
        } finally {
            batchCalls.inputs().forEach(FieldVector::close);
        }
        return failure;
    }

    /**
     * The positions of {@code groupIds[0..count)} stably sorted by group id, or null when the ids
     * already ascend (input clustered on the key). A counting sort when the ids span a range no
     * wider than a few times the batch (few groups), else a sort of (id, position) pairs.
     */
    static int[] groupOrder(int[] groupIds, int count) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        boolean ascending = true;
        for (int index = 0; index < count; index++) {
            int group = groupIds[index];
            if (index > 0 && group < groupIds[index - 1]) {
                ascending = false;
            }
            min = Math.min(min, group);
            max = Math.max(max, group);
        }
        if (ascending) {
            return null;
        }
        int[] order = new int[count];
        long span = (long) max - min + 1;
        if (span <= 4L * count) {
            int[] next = new int[(int) span + 1];
            for (int index = 0; index < count; index++) {
                next[groupIds[index] - min + 1]++;
            }
            for (int group = 1; group < next.length; group++) {
                next[group] += next[group - 1];
            }
            for (int index = 0; index < count; index++) {
                order[next[groupIds[index] - min]++] = index;
            }
            return order;
        }
        long[] keys = new long[count];
        for (int index = 0; index < count; index++) {
            keys[index] = ((long) groupIds[index] - min) << 32 | index;
        }
        Arrays.sort(keys);
        for (int index = 0; index < count; index++) {
            order[index] = (int) keys[index];
        }
        return order;
    }

    private static boolean isIdentity(int[] rows, int count) {
        for (int index = 0; index < count; index++) {
            if (rows[index] != index) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits for the call, cancelling it as soon as the query is cancelled; true when it ended
     * with a value.
     */
    private boolean await(PendingCall<FieldVector> call) {
        while (!call.await(POLL)) {
            if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                call.cancel();
                return false;
            }
        }
        try (FieldVector ignored = call.get()) {
            return true; // the placeholder is closed again by stop(): closing twice is harmless
        } catch (UdfException e) {
            return false;
        }
    }

    /** A batch's accumulate calls, which may still run, with the vectors they read. */
    private record InFlight(List<PendingCall<FieldVector>> calls, List<FieldVector> inputs) {}

    @Override
    public void merge(Accumulator other, int[] mapping) {
        PythonAccumulator that = (PythonAccumulator) other;
        drain();
        that.drain();
        for (int index = 0; index < that.parts.size(); index++) {
            int[] theirs = that.mappings.get(index);
            int length = theirs == null ? mapping.length : theirs.length;
            int[] composed = memory.grow(new int[0], length);
            for (int group = 0; group < length; group++) {
                composed[group] = mapping[theirs == null ? group : theirs[group]];
            }
            parts.add(that.parts.get(index));
            mappings.add(composed);
        }
        that.parts.clear(); // adopted: closing the other table must not free their states
        that.mappings.clear();
        that.own = null;
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        if (finished == null) {
            drain();
            finished = finishAll(allocator);
        }
        return Vectors.slice(finished, first, count, allocator);
    }

    private FieldVector finishAll(BufferAllocator allocator) {
        List<PythonAggregation> finishing = parts;
        List<int[]> groupMappings = mappings;
        if (finishing.isEmpty()) {
            // No row reached Python (no input, or every row skipped): every group is finish() of a fresh instance.
            finishing = List.of(python.pool().aggregation(python.function()));
            groupMappings = java.util.Collections.singletonList(null);
            parts.add(finishing.getFirst());
            mappings.add(null);
        }
        try {
            FieldVector result = PythonAggregation.finishAll(
                    finishing,
                    groupMappings,
                    groups,
                    allocator,
                    () -> context.isCancelled() || Thread.currentThread().isInterrupted());
            return Vectors.rename(result, aggregation.output(), allocator);
        } catch (UdfException e) {
            context.checkCancelled();
            throw UdfFailures.toQuiver(e);
        }
    }

    @Override
    public void cancelCalls() {
        abandonInFlight();
    }

    @Override
    public void close() {
        abandonInFlight(); // nothing after a successful result; after a failure the call need not finish
        RuntimeException failure = null;
        for (PythonAggregation part : parts) {
            try {
                part.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        parts.clear();
        mappings.clear();
        if (finished != null) {
            finished.close();
            finished = null;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
