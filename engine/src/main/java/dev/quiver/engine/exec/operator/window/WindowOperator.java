package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.key.KeyHashing;
import dev.quiver.engine.exec.key.RowKeyEncoder;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.operator.BufferingSink;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.operator.sort.RowComparators;
import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.engine.exec.operator.sort.SortRanges;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Window functions of one window specification (PARTITION BY, ORDER BY, frame): a pipeline
 * breaker that outputs its input's columns followed by one column per function.
 *
 * <p>Input: threads buffer their morsels; finish concatenates them, encodes the partition keys
 * ({@link RowKeyEncoder}) and spreads the rows over buckets by key hash — a partition never spans
 * two buckets. Output: each thread of the next pipeline takes a whole bucket, sorts it by
 * (partition, ORDER BY keys), and computes every function over it in column-at-a-time loops
 * ({@link RankingFunctions}, {@link ValueFunctions}, {@link FramedAggregates}, {@link
 * KernelAggregates}, {@link PythonWindowAggregates}), so partitions are
 * evaluated in parallel. Without PARTITION BY the one partition's sort is shared instead: finish
 * cuts its rows into ranges of the ORDER BY ({@link SortRanges}), threads sort one range each,
 * and the thread that sorts the last evaluates the functions. Output rows come in no particular order.
 *
 * <p>Memory: the input is held in Arrow buffers of the query's allocator; key and bucket arrays
 * are counted through a {@link HeapReservation}.
 */
public final class WindowOperator implements BufferingSink<WindowState>, SourceOperator {
    /** Buckets per thread: enough that uneven partitions still keep every thread busy. */
    private static final int BUCKETS_PER_THREAD = 4;

    private final PhysicalOperator input;
    private final int[] partitionKeys;
    private final List<SortKey> orderKeys;
    private final WindowFrame frame;
    private final List<WindowFunction> functions;
    private final List<Field> outputFields;

    /**
     * @param partitionKeys input columns of PARTITION BY
     * @param orderKeys     ORDER BY within a partition (also decides peers)
     * @param frame         the frame of aggregates and of first/last/nth_value
     * @param functions     the calls; their outputs follow the input's columns
     */
    public WindowOperator(
            PhysicalOperator input,
            int[] partitionKeys,
            List<SortKey> orderKeys,
            WindowFrame frame,
            List<WindowFunction> functions) {
        this.input = input;
        this.partitionKeys = partitionKeys.clone();
        this.orderKeys = List.copyOf(orderKeys);
        this.frame = frame;
        this.functions = List.copyOf(functions);
        List<Field> fields = new ArrayList<>(input.outputFields());
        functions.forEach(function -> fields.add(function.output()));
        this.outputFields = List.copyOf(fields);
    }

    @Override
    public WindowState createGlobal(QueryState query) {
        return new WindowState(new HeapReservation(query.context().allocator(), "a window function's partitions"));
    }

    @Override
    public MorselBuffer buffer(WindowState global) {
        return global.input;
    }

    @Override
    public void finish(WindowState global, QueryState query) {
        BufferAllocator allocator = query.context().allocator();
        List<Batch> batches = global.input.takeInOrder();
        try {
            int rows = batches.stream().mapToInt(Batch::rowCount).sum();
            if (rows == 0) {
                return;
            }
            List<FieldVector> columns = BatchColumns.concatAll(batches, input.outputFields(), allocator);
            global.rows = new Batch(columns, rows);
        } finally {
            batches.forEach(Batch::close);
        }
        int rows = global.rows.rowCount();
        ExecutionContext context = query.context();
        if (partitionKeys.length == 0
                && !orderKeys.isEmpty()
                && context.threads() > 1
                && rows >= 2 * context.batchRows()) {
            // one partition: its sort is cut into ranges of the order that every thread helps sort
            global.memory.reserve((long) rows * Integer.BYTES);
            int parts = Math.min(SortRanges.MAX_PARTS, context.threads() * BUCKETS_PER_THREAD);
            global.sortRanges = SortRanges.split(rows, parts, RowComparators.forKeys(global.rows.columns(), orderKeys));
            return;
        }
        if (partitionKeys.length == 0) {
            global.memory.reserve((long) rows * Integer.BYTES);
            int[] all = new int[rows];
            Arrays.setAll(all, row -> row);
            global.buckets = new int[][] {all};
            return;
        }
        RowKeyEncoder encoder = new RowKeyEncoder(
                partitionKeys,
                Arrays.stream(partitionKeys)
                        .mapToObj(key -> input.outputFields().get(key).getType())
                        .toList(),
                false);
        RowKeyEncoder.Rows keys = new RowKeyEncoder.Rows(global.memory);
        encoder.encode(global.rows, keys);
        global.keyBytes = keys.bytes();
        global.keyStarts = keys.starts();
        global.memory.reserve((long) rows * (Long.BYTES + 2 * Integer.BYTES));
        long[] hashes = new long[rows];
        int bucketCount = Math.max(1, query.context().threads() * BUCKETS_PER_THREAD);
        int[] bucketOfRow = new int[rows];
        int[] sizes = new int[bucketCount];
        for (int row = 0; row < rows; row++) {
            hashes[row] = KeyHashing.hashBytes(global.keyBytes, global.keyStarts[row], global.keyStarts[row + 1]);
            int bucket = (int) Long.remainderUnsigned(hashes[row] >>> 1, bucketCount);
            bucketOfRow[row] = bucket;
            sizes[bucket]++;
        }
        int[][] buckets = new int[bucketCount][];
        for (int bucket = 0; bucket < bucketCount; bucket++) {
            buckets[bucket] = new int[sizes[bucket]];
            sizes[bucket] = 0;
        }
        for (int row = 0; row < rows; row++) {
            int bucket = bucketOfRow[row];
            buckets[bucket][sizes[bucket]++] = row;
        }
        global.hashes = hashes;
        global.buckets = buckets;
    }

    @Override
    public SourceState open(QueryState query) {
        WindowState state = query.finished(this);
        return () -> next(state, query.context());
    }

    /** A finished batch if one waits, else the next bucket evaluated on the calling thread. */
    private Morsel next(WindowState state, ExecutionContext context) {
        while (true) {
            Batch waiting = state.pending.poll();
            if (waiting != null) {
                return new Morsel(state.nextSequence.getAndIncrement(), waiting);
            }
            if (state.sortRanges != null && sortNextRange(state, context)) {
                continue;
            }
            int bucket = state.nextBucket.getAndIncrement();
            if (bucket >= state.buckets.length) {
                return null;
            }
            if (state.buckets[bucket].length == 0) {
                continue;
            }
            context.checkCancelled();
            state.pending.addAll(evaluate(state, state.buckets[bucket], context));
        }
    }

    /**
     * Sorts the next unclaimed range of the one partition, if any is left; the thread that sorts
     * the last one evaluates the whole partition. False when no range was left to claim.
     */
    private boolean sortNextRange(WindowState state, ExecutionContext context) {
        int[][] ranges = state.sortRanges;
        int range = state.nextRange.getAndIncrement();
        if (range >= ranges.length) {
            return false;
        }
        context.checkCancelled();
        RowComparators.sort(ranges[range], RowComparators.forKeys(state.rows.columns(), orderKeys));
        if (state.sortedRanges.incrementAndGet() == ranges.length) {
            // every range sorted: one after another they are the partition in order
            int[] rows = new int[state.rows.rowCount()];
            int next = 0;
            for (int[] sorted : ranges) {
                System.arraycopy(sorted, 0, rows, next, sorted.length);
                next += sorted.length;
            }
            state.pending.addAll(evaluate(state, rows, context, true));
        }
        return true;
    }

    /** Sorts one bucket and computes every function over it, as batches of at most the morsel size. */
    private List<Batch> evaluate(WindowState state, int[] rows, ExecutionContext context) {
        return evaluate(state, rows, context, false);
    }

    /** Computes every function over one bucket, sorting it first unless {@code sorted}. */
    private List<Batch> evaluate(WindowState state, int[] rows, ExecutionContext context, boolean sorted) {
        BufferAllocator allocator = context.allocator();
        int count = rows.length;
        state.memory.reserve((long) count * Integer.BYTES * 16); // sort, grouping and frame arrays
        List<FieldVector> inputColumns = state.rows.columns();
        RowComparators.RowComparator order = RowComparators.forKeys(inputColumns, orderKeys);
        int[] partitionStarts = partitionKeys.length == 0 ? new int[] {0, count} : groupByPartition(state, rows);
        if (!orderKeys.isEmpty() && !sorted) {
            int[] scratch = new int[count];
            for (int partition = 0; partition + 1 < partitionStarts.length; partition++) {
                RowComparators.sort(rows, partitionStarts[partition], partitionStarts[partition + 1], scratch, order);
            }
        }
        int[] peerStart = new int[count];
        int[] peerEnd = new int[count];
        for (int partition = 0; partition + 1 < partitionStarts.length; partition++) {
            int start = partitionStarts[partition];
            int end = partitionStarts[partition + 1];
            int groupStart = start;
            for (int index = start; index < end; index++) {
                if (index > start && !orderKeys.isEmpty() && order.compare(rows[index - 1], rows[index]) != 0) {
                    Arrays.fill(peerEnd, groupStart, index, index);
                    groupStart = index;
                }
                peerStart[index] = groupStart;
            }
            Arrays.fill(peerEnd, groupStart, end, end);
        }
        List<FieldVector> columns = new ArrayList<>(outputFields.size());
        try {
            boolean runHeavy = Gather.isRunHeavy(rows, count);
            for (FieldVector column : inputColumns) {
                columns.add(Gather.gather(column, rows, count, allocator, runHeavy));
            }
            SortedBucket bucket =
                    new SortedBucket(List.copyOf(columns), count, partitionStarts, peerStart, peerEnd, allocator);
            FrameBounds frames =
                    functions.stream().anyMatch(function -> function.kind().usesFrame())
                            ? FrameBounds.compute(bucket, frame, orderKeys.isEmpty() ? null : orderKeys.getFirst())
                            : null;
            for (WindowFunction function : functions) {
                context.checkCancelled();
                columns.add(compute(function, bucket, frames, state.memory, context));
            }
            return slices(columns, count, context.batchRows(), allocator);
        } finally {
            columns.forEach(FieldVector::close);
        }
    }

    /**
     * Reorders {@code rows} so that each partition's rows are together, in their original order,
     * and returns where each partition starts (then {@code rows.length}). Partitions are found with
     * an open-addressing table over the key hashes and encoded keys: O(rows), no comparisons.
     */
    private static int[] groupByPartition(WindowState state, int[] rows) {
        long[] hashes = state.hashes;
        byte[] bytes = state.keyBytes;
        int[] starts = state.keyStarts;
        int capacity = Integer.highestOneBit(Math.max(4, rows.length) * 2 - 1) << 1;
        int mask = capacity - 1;
        int[] slotRow = new int[capacity]; // a row of the slot's partition, plus one (0: empty)
        int[] slotPartition = new int[capacity];
        int[] partitionOfRow = new int[rows.length];
        int partitions = 0;
        int[] sizes = new int[16];
        for (int index = 0; index < rows.length; index++) {
            int row = rows[index];
            long hash = hashes[row];
            int slot = (int) (hash >>> 20) & mask;
            while (true) {
                int other = slotRow[slot] - 1;
                if (other < 0) {
                    slotRow[slot] = row + 1;
                    slotPartition[slot] = partitions;
                    if (partitions == sizes.length) {
                        sizes = Arrays.copyOf(sizes, partitions * 2);
                    }
                    partitionOfRow[index] = partitions++;
                    break;
                }
                if (hashes[other] == hash
                        && Arrays.equals(
                                bytes, starts[other], starts[other + 1], bytes, starts[row], starts[row + 1])) {
                    partitionOfRow[index] = slotPartition[slot];
                    break;
                }
                slot = (slot + 1) & mask;
            }
            sizes[partitionOfRow[index]]++;
        }
        int[] partitionStarts = new int[partitions + 1];
        for (int partition = 0; partition < partitions; partition++) {
            partitionStarts[partition + 1] = partitionStarts[partition] + sizes[partition];
        }
        int[] cursor = Arrays.copyOf(partitionStarts, partitions);
        int[] grouped = new int[rows.length];
        for (int index = 0; index < rows.length; index++) {
            grouped[cursor[partitionOfRow[index]]++] = rows[index];
        }
        System.arraycopy(grouped, 0, rows, 0, rows.length);
        return partitionStarts;
    }

    private FieldVector compute(
            WindowFunction function,
            SortedBucket bucket,
            FrameBounds frames,
            HeapReservation memory,
            ExecutionContext context) {
        return switch (function.kind()) {
            case AGGREGATE -> KernelAggregates.compute(function, bucket, frames, memory);
            case PYTHON_AGGREGATE -> PythonWindowAggregates.compute(function, bucket, frames, frame, context);
            case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE ->
                RankingFunctions.compute(function, bucket);
            case LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE -> ValueFunctions.compute(function, bucket, frames);
            default -> FramedAggregates.compute(function, bucket, frames, memory);
        };
    }

    /** The columns as batches of at most {@code batchRows} rows (slices share the buffers). */
    private List<Batch> slices(List<FieldVector> columns, int count, int batchRows, BufferAllocator allocator) {
        List<Batch> batches = new ArrayList<>();
        try {
            for (int start = 0; start < count; start += batchRows) {
                int length = Math.min(batchRows, count - start);
                List<FieldVector> slice = new ArrayList<>(columns.size());
                for (int index = 0; index < columns.size(); index++) {
                    FieldVector part = Vectors.slice(columns.get(index), start, length, allocator);
                    slice.add(Vectors.rename(part, outputFields.get(index), allocator));
                }
                batches.add(new Batch(slice, length));
            }
            return batches;
        } catch (RuntimeException e) {
            batches.forEach(Batch::close);
            throw e;
        }
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return outputFields;
    }

    @Override
    public String describe() {
        String partitions =
                Arrays.stream(partitionKeys).mapToObj(key -> "$" + key).collect(Collectors.joining(", "));
        return "Window(" + functions.stream().map(WindowFunction::describe).collect(Collectors.joining(", "))
                + " OVER (PARTITION BY " + partitions + " ORDER BY " + orderKeys + " " + frame + "))";
    }
}
