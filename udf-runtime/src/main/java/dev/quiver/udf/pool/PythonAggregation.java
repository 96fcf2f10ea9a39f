package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;

/**
 * One running aggregation of a Python aggregate function (one per query operator and function):
 * batches accumulate in parallel into per-group handler instances kept in the interpreters, then
 * {@link #finish} merges the interpreters' partial states and finishes every group.
 *
 * <p>Protocol: any number of {@link #accumulate} calls, from any threads, each with a group id
 * (INTEGER or BIGINT, never NULL, {@code 0 <= id < groupCount}) per row; then one {@link #finish};
 * then {@link #close} — always, also after a failure or cancel: it frees the instances still held.
 *
 * <p>How: each accumulate call goes to whichever interpreter is free (one Python call per batch),
 * which keeps one instance per group it saw under this aggregation's token, and Java counts the
 * rows each interpreter got per group ({@link HeldGroups}). {@code finish} picks per group one
 * holder to finish it in place ({@link FinishPlan}: groups held once stay, shared groups go to
 * the least loaded holder); only the other holders' states of shared groups are pickled (a call
 * directed at each, one VARBINARY column indexed by group id — states cross interpreters only as
 * bytes) and merged into the owner's instance, in one merge-and-finish call directed at each
 * owner (in parallel). A shared group whose other holder is in the owner's own interpreter (parts
 * of several engine threads) is handed over as an object, not pickled: on one interpreter nothing
 * is pickled at all. Groups nobody holds get
 * {@code finish()} of a fresh instance, in calls split by {@link MergePartitions}.
 * All Arrow memory (group ids,
 * states, results) comes from the caller's allocator, so a query's memory limit counts it.
 */
public final class PythonAggregation implements AutoCloseable {
    private static final AtomicLong NEXT_TOKEN = new AtomicLong();
    private static final Duration POLL = Duration.ofMillis(20);

    private final InterpreterPool pool;
    private final RegisteredFunction function;
    private final long token = NEXT_TOKEN.incrementAndGet();
    /**
     * The interpreters or worker processes holding instances of this aggregation: holder → the
     * identity of the interpreter or process that holds them (see {@link PythonSite#identity}).
     */
    private final Map<StateHolder, Object> holders = new ConcurrentHashMap<>();
    /** The groups each holder accumulated rows of, with their row counts. */
    private final Map<StateHolder, HeldGroups> held = new ConcurrentHashMap<>();

    private volatile boolean closed;

    PythonAggregation(InterpreterPool pool, RegisteredFunction function) {
        this.pool = pool;
        this.function = function;
    }

    RegisteredFunction function() {
        return function;
    }

    long token() {
        return token;
    }

    /**
     * Called on the worker before its interpreter (or process) creates instances of this
     * aggregation; the answer counts the groups of the rows it accumulates (only on that worker).
     */
    HeldGroups holds(StateHolder holder, Object identity) {
        holders.putIfAbsent(holder, identity);
        return held.computeIfAbsent(holder, ignored -> new HeldGroups());
    }

    /** Accumulates a batch and waits (the pool's default deadline). */
    public void accumulate(
            List<? extends FieldVector> arguments, FieldVector groupIds, int rowCount, BufferAllocator allocator) {
        try (FieldVector ignored = submitAccumulate(
                        arguments,
                        groupIds,
                        rowCount,
                        allocator,
                        pool.options().callTimeout(),
                        LongUnaryOperator.identity())
                .get()) {
            // the call's result is an unused placeholder column
        }
    }

    /**
     * Queues a batch and returns at once; the vectors must stay unchanged until the call ends. The
     * call's value is a placeholder vector the caller must close (or null).
     *
     * @param groupIds  INTEGER or BIGINT, one non-NULL group id per row
     * @param callerRow maps a row of this batch to the row errors should name
     */
    public PendingCall<FieldVector> submitAccumulate(
            List<? extends FieldVector> arguments,
            FieldVector groupIds,
            int rowCount,
            BufferAllocator allocator,
            Duration timeout,
            LongUnaryOperator callerRow) {
        checkOpen();
        UdfType groupType = switch (groupIds) {
            case IntVector ignored -> UdfType.INTEGER;
            case BigIntVector ignored -> UdfType.BIGINT;
            default ->
                throw new IllegalArgumentException(
                        "group ids of aggregate function " + function.name() + " must be INTEGER or BIGINT, got "
                                + groupIds.getField().getType());
        };
        if (groupIds.getNullCount() > 0 || groupIds.getValueCount() < rowCount) {
            throw new IllegalArgumentException("group ids of aggregate function " + function.name() + " must hold "
                    + rowCount + " non-NULL values");
        }
        return pool.submitFor(
                function,
                new AccumulateTask(this, arguments, groupIds, groupType, rowCount, allocator, callerRow),
                timeout);
    }

    /**
     * Merges the partial states and finishes every group: a vector of {@code groupCount} values of
     * the function's return type, position = group id, owned by the caller. A group no batch
     * reached (every row of it skipped for NULLs, or no rows at all) gets {@code finish()} of a
     * fresh instance. Uses the pool's default deadline per call.
     */
    public FieldVector finish(int groupCount, BufferAllocator allocator) {
        return finishAll(List.of(this), java.util.Collections.singletonList(null), groupCount, allocator);
    }

    /**
     * Finishes several aggregations of one function as one: for an engine whose threads each
     * numbered their own groups, then merged their group tables. Group {@code g} of part {@code i}
     * is group {@code groupMappings.get(i)[g]} of the result ({@code null}: the same number). The
     * parts' states are exported (in parallel), placed at their result group, merged and finished;
     * every part is finished afterwards (close them all the same).
     */
    public static FieldVector finishAll(
            List<PythonAggregation> parts, List<int[]> groupMappings, int groupCount, BufferAllocator allocator) {
        return finishAll(parts, groupMappings, groupCount, allocator, () -> false);
    }

    /**
     * As {@link #finishAll(List, List, int, BufferAllocator)}, polling {@code cancelled} while it
     * waits (every 20 ms): once it is true, the calls still running are cancelled and this throws
     * CANCELLED. For a caller whose cancellation is a flag rather than a thread interrupt.
     */
    public static FieldVector finishAll(
            List<PythonAggregation> parts,
            List<int[]> groupMappings,
            int groupCount,
            BufferAllocator allocator,
            BooleanSupplier cancelled) {
        if (parts.isEmpty() || parts.size() != groupMappings.size()) {
            throw new IllegalArgumentException(
                    parts.size() + " aggregations for " + groupMappings.size() + " mappings");
        }
        PythonAggregation first = parts.getFirst();
        for (PythonAggregation part : parts) {
            part.checkOpen();
            if (part.function.id() != first.function.id()) {
                throw new IllegalArgumentException("aggregations of different functions cannot be finished together");
            }
            part.closed = true; // the states are consumed now; close() frees what an error leaves behind
        }
        Duration timeout = first.pool.options().callTimeout();
        List<FinishPlan.Holding> holdings = new ArrayList<>();
        List<PythonAggregation> holdingParts = new ArrayList<>();
        List<StateHolder> holdingHolders = new ArrayList<>();
        for (int index = 0; index < parts.size(); index++) {
            PythonAggregation part = parts.get(index);
            int[] mapping = groupMappings.get(index);
            int localGroups = mapping == null ? groupCount : mapping.length;
            for (var holder : part.holders.entrySet()) {
                HeldGroups held = part.held.getOrDefault(holder.getKey(), new HeldGroups());
                holdings.add(new FinishPlan.Holding(held, mapping, localGroups, holder.getValue()));
                holdingParts.add(part);
                holdingHolders.add(holder.getKey());
            }
        }
        FinishPlan plan = FinishPlan.of(holdings, groupCount);
        List<VarBinaryVector> states = new ArrayList<>();
        List<FieldVector> finished = new ArrayList<>();
        List<FieldVector> inputs = new ArrayList<>();
        try {
            // 1. Every holder pickles the states of the groups it does not finish itself.
            List<PendingCall<FieldVector>> exports = new ArrayList<>();
            List<int[]> exportMappings = new ArrayList<>();
            try {
                for (int index = 0; index < holdings.size(); index++) {
                    if (!plan.exports(index)) {
                        continue;
                    }
                    PythonAggregation part = holdingParts.get(index);
                    IntVector keeps = intVector("keeps", plan.keeps(index), allocator);
                    inputs.add(keeps);
                    exports.add(holdingHolders
                            .get(index)
                            .submitDirected(
                                    new ExportTask(part, holdings.get(index).interpreter(), keeps, allocator),
                                    timeout,
                                    part.function.name()));
                    exportMappings.add(holdings.get(index).mapping());
                }
            } finally {
                awaitAll(exports, cancelled);
            }
            UdfException failure = null;
            for (int index = 0; index < exports.size(); index++) {
                try {
                    VarBinaryVector exported =
                            (VarBinaryVector) exports.get(index).get();
                    int[] mapping = exportMappings.get(index);
                    if (mapping == null) {
                        states.add(exported);
                    } else {
                        try (exported) {
                            states.add(placed(exported, mapping, groupCount, allocator));
                        }
                    }
                } catch (UdfException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            // 2. Every owner merges the others' states into its instances and finishes them in
            // place; groups nobody holds are finish() of fresh instances, anywhere.
            List<int[]> partitions = new ArrayList<>();
            List<PendingCall<FieldVector>> merges = new ArrayList<>();
            try {
                for (int index = 0; index < holdings.size(); index++) {
                    int[] owned = plan.ownedLocal(index);
                    if (owned.length == 0) {
                        continue;
                    }
                    FinishPlan.Holding holding = holdings.get(index);
                    int[] resultGroups = new int[owned.length];
                    for (int row = 0; row < owned.length; row++) {
                        resultGroups[row] = holding.resultGroup(owned[row]);
                    }
                    PythonAggregation part = holdingParts.get(index);
                    merges.add(holdingHolders
                            .get(index)
                            .submitDirected(
                                    first.mergeTask(
                                            owned,
                                            resultGroups,
                                            states,
                                            part.token,
                                            holding.interpreter(),
                                            allocator,
                                            inputs),
                                    timeout,
                                    first.function.name()));
                    partitions.add(resultGroups);
                }
                int[] orphans = plan.orphans();
                if (orphans.length > 0 || merges.isEmpty()) {
                    for (int[] share : MergePartitions.of(List.of(), orphans.length, first.pool.workerCount())) {
                        int[] groups = new int[share.length];
                        for (int row = 0; row < share.length; row++) {
                            groups[row] = orphans[share[row]];
                        }
                        merges.add(first.pool.submitFor(
                                first.function,
                                first.mergeTask(groups, groups, List.of(), 0, null, allocator, inputs),
                                timeout));
                        partitions.add(groups);
                    }
                }
            } finally {
                awaitAll(merges, cancelled);
                // Every submitted call is waited for before its inputs are closed.
                UdfException mergeFailure = null;
                for (PendingCall<FieldVector> merge : merges) {
                    try {
                        finished.add(merge.get());
                    } catch (UdfException e) {
                        mergeFailure = mergeFailure == null ? e : mergeFailure;
                    }
                }
                if (mergeFailure != null) {
                    throw mergeFailure;
                }
            }
            for (PythonAggregation part : parts) {
                part.holders.clear(); // every instance was exported or finished
                part.held.clear();
            }
            return MergePartitions.assemble(partitions, finished, groupCount, allocator);
        } finally {
            inputs.forEach(FieldVector::close);
            states.forEach(FieldVector::close);
            finished.forEach(FieldVector::close);
        }
    }

    private static IntVector intVector(String name, int[] values, BufferAllocator allocator) {
        IntVector vector = new IntVector(name, allocator);
        try {
            vector.allocateNew(Math.max(1, values.length));
            for (int index = 0; index < values.length; index++) {
                vector.set(index, values[index]);
            }
            vector.setValueCount(values.length);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /** Waits until every call has ended, cancelling them all once {@code cancelled} says so. */
    private static void awaitAll(List<? extends PendingCall<?>> calls, BooleanSupplier cancelled) {
        for (PendingCall<?> call : calls) {
            while (!call.await(POLL)) {
                if (cancelled.getAsBoolean()) {
                    calls.forEach(PendingCall::cancel);
                    return;
                }
            }
        }
    }

    /** The states of {@code exported} (by a part's group) at their result group, in a new column. */
    private static VarBinaryVector placed(
            VarBinaryVector exported, int[] mapping, int groupCount, BufferAllocator allocator) {
        VarBinaryVector result = new VarBinaryVector("states", allocator);
        try {
            result.allocateNew(Math.max(1, exported.getByteCapacity()), Math.max(1, groupCount));
            // A variable-width vector must be written in row order: invert the mapping first.
            int[] source = new int[groupCount];
            java.util.Arrays.fill(source, -1);
            for (int group = 0; group < mapping.length; group++) {
                if (!exported.isNull(group)) {
                    source[mapping[group]] = group;
                }
            }
            for (int group = 0; group < groupCount; group++) {
                if (source[group] >= 0) {
                    result.setSafe(group, exported.get(source[group]));
                }
            }
            result.setValueCount(groupCount);
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /**
     * The merge-and-finish call of some groups: {@code callGroups} name them in the call (local
     * groups of the aggregation {@code token} when finished in place), {@code resultGroups} pick
     * their states out of {@code states}; its input vectors are added to {@code inputs}.
     */
    private MergeFinishTask mergeTask(
            int[] callGroups,
            int[] resultGroups,
            List<VarBinaryVector> states,
            long token,
            Object holder,
            BufferAllocator allocator,
            List<FieldVector> inputs) {
        BigIntVector groups = new BigIntVector("group", allocator);
        inputs.add(groups);
        groups.allocateNew(Math.max(1, callGroups.length));
        for (int index = 0; index < callGroups.length; index++) {
            groups.set(index, callGroups[index]);
        }
        groups.setValueCount(callGroups.length);
        List<FieldVector> slices = new ArrayList<>();
        for (VarBinaryVector column : states) {
            FieldVector slice = MergePartitions.take(column, resultGroups, allocator);
            inputs.add(slice);
            slices.add(slice);
        }
        return new MergeFinishTask(function, groups, slices, token, holder, allocator);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("aggregation of " + function.name() + " is already finished or closed");
        }
    }

    /**
     * Frees the instances still held in interpreters (after an error or cancel; nothing after a
     * successful {@link #finish}). Waits for the frees, so no state outlives the query.
     */
    @Override
    public void close() {
        closed = true;
        List<PendingCall<Long>> frees = new ArrayList<>();
        for (var holder : holders.entrySet()) {
            try {
                frees.add(holder.getKey()
                        .submitDirected(
                                AggregationStateTask.free(function.name(), token),
                                Duration.ofSeconds(30),
                                function.name()));
            } catch (UdfException e) {
                // the pool is closed: its interpreters, and the states in them, are gone
            }
        }
        holders.clear();
        held.clear();
        // A cancelled query's thread may be interrupted: the frees must run all the same.
        boolean interrupted = Thread.interrupted();
        try {
            for (PendingCall<Long> free : frees) {
                try {
                    free.get();
                } catch (UdfException e) {
                    // its interpreter ended (abandoned or closed): the states went with it
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
