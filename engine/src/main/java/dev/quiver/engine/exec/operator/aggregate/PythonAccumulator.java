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
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * A Python aggregate function's accumulator in a hash aggregate: the per-group state lives in the
 * interpreters (handler instances), this class keeps only the {@link PythonAggregation}s that
 * hold it and how their group numbers map to this table's.
 *
 * <p>Per batch one Python call (through the pool's queue, so the engine's threads keep every
 * interpreter busy) gets the rows that count, their argument columns and their group numbers.
 * Merging another thread's accumulator adopts its aggregations with the group mapping composed —
 * no Python runs then. The first {@link #result} call exports every holder's states as pickled
 * bytes, merges them per group in parallel across interpreters and finishes every group; later
 * calls slice that. Group numbers, mappings and the finished column are counted against the
 * query's memory limit (Java arrays via {@link HeapReservation}, Arrow vectors by the allocator).
 */
final class PythonAccumulator implements Accumulator {
    private static final Duration POLL = Duration.ofMillis(20);

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

    PythonAccumulator(Aggregation aggregation, HeapReservation memory, ExecutionContext context) {
        this.aggregation = aggregation;
        this.python = aggregation.python();
        this.memory = memory;
        this.context = context;
    }

    @Override
    public void ensureCapacity(int groupCount) {
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
        List<FieldVector> temporaries = new ArrayList<>();
        try {
            boolean allRows = count == batch.rowCount() && isIdentity(rows, count);
            List<FieldVector> arguments = new ArrayList<>();
            for (int column : aggregation.arguments()) {
                FieldVector argument = batch.column(column);
                if (!allRows) {
                    argument = Gather.gather(argument, rows, count, allocator);
                    temporaries.add(argument);
                }
                arguments.add(argument);
            }
            IntVector groupVector = new IntVector("group", allocator);
            temporaries.add(groupVector);
            groupVector.allocateNew(count);
            for (int index = 0; index < count; index++) {
                groupVector.set(index, groupIds[index]);
            }
            groupVector.setValueCount(count);
            PendingCall<FieldVector> call = own.submitAccumulate(
                    arguments,
                    groupVector,
                    count,
                    allocator,
                    null,
                    row -> allRows || row < 0 || row >= count ? row : rows[(int) row]);
            await(call);
            try (FieldVector ignored = call.get()) {
                // a placeholder column
            }
        } catch (UdfException e) {
            context.checkCancelled(); // a cancelled query says so, not which call noticed first
            throw UdfFailures.toQuiver(e);
        } finally {
            temporaries.forEach(FieldVector::close); // the call has ended (or was abandoned with its own references)
        }
    }

    private static boolean isIdentity(int[] rows, int count) {
        for (int index = 0; index < count; index++) {
            if (rows[index] != index) {
                return false;
            }
        }
        return true;
    }

    /** Waits for the call, cancelling it as soon as the query is cancelled. */
    private void await(PendingCall<FieldVector> call) {
        while (!call.await(POLL)) {
            if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                call.cancel();
                return;
            }
        }
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        PythonAccumulator that = (PythonAccumulator) other;
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
    public void close() {
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
