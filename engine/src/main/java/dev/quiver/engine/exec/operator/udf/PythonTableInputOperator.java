package dev.quiver.engine.exec.operator.udf;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.BufferingSink;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.operator.sort.RowComparators;
import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.udf.pool.PythonTableFunction;
import dev.quiver.udf.pool.TableChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A Python table function over a partitioned table argument ({@code f(TABLE(t) PARTITION BY k
 * ORDER BY o)}): a pipeline breaker whose output is only the function's columns.
 *
 * <p>Input: threads buffer their morsels; finish concatenates them, sorts the rows by (partition
 * keys, ORDER BY keys) and cuts them into partitions (without PARTITION BY, all rows are one
 * partition). Output: each partition is one run of the function — one fresh handler instance
 * that sees the partition's rows in order, then {@code terminate()} once. A thread of the next
 * pipeline takes the next {@code interpreters} partitions and runs them at once, so partitions
 * spread over the interpreters; the rows they yield are emitted as they arrive, in batches of at
 * most the query's batch size.
 *
 * <p>Memory: the input is held in Arrow buffers of the query's allocator until the query ends; the
 * rows of the partitions one thread runs at once are held before they are emitted.
 */
public final class PythonTableInputOperator implements BufferingSink<PythonTableInputOperator.State>, SourceOperator {
    private final PhysicalOperator input;
    private final PythonTableFunction function;
    private final int interpreters;
    private final int[] arguments;
    private final int[] partitionKeys;
    private final List<SortKey> orderKeys;
    private final int chunkRows;
    private final List<Field> outputFields;
    private final String description;

    /**
     * @param arguments     the input columns passed to the function, one per declared argument
     * @param partitionKeys the input columns of PARTITION BY (none: one partition)
     * @param orderKeys     the order of a partition's rows
     * @param outputFields  the function's result columns
     */
    public PythonTableInputOperator(
            PhysicalOperator input,
            PythonTableFunction function,
            int interpreters,
            int[] arguments,
            int[] partitionKeys,
            List<SortKey> orderKeys,
            int chunkRows,
            List<Field> outputFields,
            String description) {
        this.input = input;
        this.function = function;
        this.interpreters = Math.max(1, interpreters);
        this.arguments = arguments.clone();
        this.partitionKeys = partitionKeys.clone();
        this.orderKeys = List.copyOf(orderKeys);
        this.chunkRows = Math.max(1, chunkRows);
        this.outputFields = List.copyOf(outputFields);
        this.description = description;
    }

    @Override
    public State createGlobal(QueryState query) {
        return new State();
    }

    @Override
    public MorselBuffer buffer(State global) {
        return global.input;
    }

    /** Sorts the input by (partition, order) and finds where each partition starts. */
    @Override
    public void finish(State global, QueryState query) {
        BufferAllocator allocator = query.context().allocator();
        List<Batch> batches = global.input.takeInOrder();
        Batch rows;
        try {
            int count = batches.stream().mapToInt(Batch::rowCount).sum();
            if (count == 0) {
                return;
            }
            rows = new Batch(BatchColumns.concatAll(batches, input.outputFields(), allocator), count);
        } finally {
            batches.forEach(Batch::close);
        }
        try (rows) {
            int count = rows.rowCount();
            List<SortKey> keys = new ArrayList<>();
            for (int key : partitionKeys) {
                keys.add(new SortKey(key, false, false));
            }
            keys.addAll(orderKeys);
            int[] order = new int[count];
            Arrays.setAll(order, row -> row);
            RowComparators.sort(order, RowComparators.forKeys(rows.columns(), keys));
            RowComparators.RowComparator samePartition =
                    RowComparators.forKeys(rows.columns(), keys.subList(0, partitionKeys.length));
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int index = 1; index < count; index++) {
                if (partitionKeys.length > 0 && samePartition.compare(order[index - 1], order[index]) != 0) {
                    starts.add(index);
                }
            }
            starts.add(count);
            global.partitionStarts = starts.stream().mapToInt(Integer::intValue).toArray();
            boolean runHeavy = Gather.isRunHeavy(order, count);
            for (int column : arguments) {
                global.arguments.add(Gather.gather(rows.column(column), order, count, allocator, runHeavy));
            }
        }
    }

    @Override
    public SourceState open(QueryState query) {
        State state = query.finished(this);
        return () -> next(state, query.context());
    }

    /** A waiting batch if there is one, else the next partitions run on the calling thread. */
    private Morsel next(State state, ExecutionContext context) {
        while (true) {
            Batch waiting = state.pending.poll();
            if (waiting != null) {
                return new Morsel(state.nextSequence.getAndIncrement(), waiting);
            }
            int partitions = state.partitionStarts.length - 1;
            int first = state.nextPartition.getAndAdd(interpreters);
            if (first >= partitions) {
                return null;
            }
            context.checkCancelled();
            int last = Math.min(partitions, first + interpreters);
            state.pending.addAll(run(state, first, last, context));
        }
    }

    /** Runs partitions {@code [first, last)} at once; their rows as batches. */
    private List<Batch> run(State state, int first, int last, ExecutionContext context) {
        int[] sliceStarts = Arrays.copyOfRange(state.partitionStarts, first, last + 1);
        List<Batch> batches = new ArrayList<>();
        try {
            TableRuns.drive(
                    function,
                    state.arguments,
                    sliceStarts,
                    last - first,
                    chunkRows,
                    context,
                    (slice, chunk) -> {
                        if (chunk.rowCount() > 0) {
                            batches.add(take(chunk, context.allocator()));
                        }
                    },
                    () -> false);
            return batches;
        } catch (RuntimeException e) {
            batches.forEach(Batch::close);
            throw e;
        }
    }

    /** The chunk's columns moved out of it (it closes what it still holds) under the plan's names. */
    private Batch take(TableChunk chunk, BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(outputFields.size());
        for (int index = 0; index < chunk.columns().size(); index++) {
            FieldVector yielded = chunk.columns().get(index);
            Field field = outputFields.get(index);
            TransferPair pair = yielded.getTransferPair(
                    new Field(
                            field.getName(),
                            FieldType.nullable(yielded.getField().getType()),
                            null),
                    allocator);
            pair.transfer();
            columns.add((FieldVector) pair.getTo());
        }
        return new Batch(columns, chunk.rowCount());
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
        return description;
    }

    /**
     * One run's state: the collected input, then (after finish) the argument columns in (partition,
     * order) order and where each partition starts; then the partitions handed to threads and the
     * batches waiting to be emitted. Frees everything on close.
     */
    static final class State implements AutoCloseable {
        final MorselBuffer input = new MorselBuffer();
        final List<FieldVector> arguments = new ArrayList<>();
        int[] partitionStarts = {0};
        final AtomicInteger nextPartition = new AtomicInteger();
        final AtomicLong nextSequence = new AtomicLong();
        final ConcurrentLinkedQueue<Batch> pending = new ConcurrentLinkedQueue<>();

        @Override
        public synchronized void close() {
            input.close();
            arguments.forEach(FieldVector::close);
            arguments.clear();
            for (Batch batch = pending.poll(); batch != null; batch = pending.poll()) {
                batch.close();
            }
        }
    }
}
