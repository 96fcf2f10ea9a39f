package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.FinishedBatches;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * GROUP BY with aggregate functions: a pipeline breaker that hashes its input into groups, then
 * hands out one row per group — or exactly one row when there is no GROUP BY, even for empty input.
 *
 * <p>Each thread aggregates its morsels into its own {@link AggregateTable} (no locking per row);
 * {@link #combine} only collects the tables. {@link #finish} merges them and cuts the groups into
 * batches of at most {@code batchRows} rows. With few groups it merges into the first table on one
 * thread: one probe per group a thread saw, cheap next to the per-row work. With many (Q18's 1.5 M
 * orders: the serial merge and result were about 45 % of its pipeline samples while the other
 * core idled) the groups are split by their keys' hash into partitions, and the idle workers each
 * merge whole partitions into tables of their own and write their results.
 *
 * <p>A batch with a selection ({@link Batch#selection}) is aggregated as it is: only its selected
 * rows are grouped and counted.
 */
public final class HashAggregateOperator
        implements SinkOperator<HashAggregateOperator.State, AggregateTable>, SourceOperator {
    /**
     * Groups of all threads together from which the final merge runs in partitions on every
     * thread: below it the serial merge is short, and the result keeps its one-table order.
     */
    private static final long PARTITIONED_MERGE_GROUPS = 1 << 16;
    /** Partitions per thread of a partitioned merge: more than one, so that a slow one is not waited for alone. */
    private static final int PARTITIONS_PER_THREAD = 8;

    private final PhysicalOperator input;
    private final int[] keyColumns;
    private final List<Aggregation> aggregations;
    private final List<Field> fields;

    /**
     * @param keyColumns   the input's GROUP BY columns; the output starts with them, in this order
     * @param keyFields    the output fields of the keys (the input's types)
     * @param aggregations the aggregate calls; their columns follow the keys
     */
    public HashAggregateOperator(
            PhysicalOperator input, int[] keyColumns, List<Field> keyFields, List<Aggregation> aggregations) {
        if (keyFields.size() != keyColumns.length) {
            throw new IllegalArgumentException(keyColumns.length + " keys but " + keyFields.size() + " key fields");
        }
        this.input = input;
        this.keyColumns = keyColumns.clone();
        this.aggregations = List.copyOf(aggregations);
        List<Field> output = new ArrayList<>(keyFields);
        for (Aggregation aggregation : aggregations) {
            output.add(aggregation.output());
        }
        this.fields = List.copyOf(output);
    }

    /** Keys named and typed as in the input. */
    public HashAggregateOperator(PhysicalOperator input, int[] keyColumns, List<Aggregation> aggregations) {
        this(
                input,
                keyColumns,
                Arrays.stream(keyColumns).mapToObj(input.outputFields()::get).toList(),
                aggregations);
    }

    /** The threads' tables, then the result batches until the next pipeline takes them. */
    public static final class State implements AutoCloseable {
        private final List<AggregateTable> tables = new ArrayList<>();
        private final FinishedBatches output = new FinishedBatches();

        @Override
        public synchronized void close() {
            try {
                closeAll(tables);
            } finally {
                tables.clear();
                output.close();
            }
        }
    }

    @Override
    public State createGlobal(QueryState query) {
        return new State();
    }

    @Override
    public AggregateTable createLocal(State global, QueryState query) {
        return newTable(query);
    }

    private AggregateTable newTable(QueryState query) {
        return new AggregateTable(
                input.outputFields(), keyColumns, fields.subList(0, keyColumns.length), aggregations, query.context());
    }

    /** Every accumulator takes the rows that count as a list ({@link AggregateTable#add}): a selection costs no copy. */
    @Override
    public boolean consumesSelection() {
        return true;
    }

    @Override
    public void consume(AggregateTable local, Morsel morsel, QueryState query) {
        try (Batch batch = morsel.batch()) {
            local.add(batch);
        }
    }

    @Override
    public void combine(State global, AggregateTable local, QueryState query) {
        global.tables.add(local); // merged in finish, where idle threads can help
    }

    @Override
    public void finish(State global, QueryState query) {
        List<AggregateTable> tables = new ArrayList<>(global.tables);
        global.tables.clear();
        try {
            if (tables.isEmpty()) { // no thread ran: aggregate nothing
                tables.add(newTable(query));
            }
            long groups = tables.stream().mapToLong(AggregateTable::groupCount).sum();
            if (tables.size() > 1
                    && groups >= PARTITIONED_MERGE_GROUPS
                    && tables.getFirst().mergesByPartition()) {
                global.output.addAll(mergeInPartitions(tables, query));
                return;
            }
            AggregateTable merged = tables.getFirst();
            for (AggregateTable table : tables.subList(1, tables.size())) {
                merged.merge(table);
            }
            global.output.addAll(results(merged, query));
        } finally {
            closeAll(tables);
        }
    }

    /**
     * The groups of all {@code tables} merged, partition by partition of their keys' hashes, on
     * this thread and the idle workers: each partition is a table of its own, so no two threads
     * write the same memory; the result batches in partition order.
     */
    private List<Batch> mergeInPartitions(List<AggregateTable> tables, QueryState query) {
        tables.forEach(AggregateTable::settle); // from here on the tables are only read
        int partitions = Integer.highestOneBit(Math.max(1, query.context().threads())) * PARTITIONS_PER_THREAD;
        List<List<Batch>> parts = new ArrayList<>(Collections.nCopies(partitions, null));
        try {
            query.runParallel(partitions, partition -> {
                try (AggregateTable merged = newTable(query)) {
                    for (AggregateTable table : tables) {
                        merged.mergePartition(table, partition, partitions);
                    }
                    List<Batch> batches = results(merged, query);
                    synchronized (parts) {
                        parts.set(partition, batches);
                    }
                }
            });
        } catch (RuntimeException e) {
            parts.stream().filter(Objects::nonNull).flatMap(List::stream).forEach(Batch::close);
            throw e;
        }
        return parts.stream().flatMap(List::stream).toList();
    }

    /** The groups of {@code table} as result batches of at most a batch's rows each. */
    private static List<Batch> results(AggregateTable table, QueryState query) {
        List<Batch> batches = new ArrayList<>();
        try {
            int groups = table.groupCount();
            int chunk = query.context().batchRows();
            for (int first = 0; first < groups; first += chunk) {
                batches.add(table.result(
                        first, Math.min(chunk, groups - first), query.context().allocator()));
            }
        } catch (RuntimeException e) {
            batches.forEach(Batch::close);
            throw e;
        }
        return batches;
    }

    /**
     * Closes the threads' tables: first every table's calls still running are cancelled (a thread
     * whose pipeline was cancelled hands its table over with calls in flight), then each table is
     * closed — whose Python clean-up would wait behind another table's call that never ends.
     */
    private static void closeAll(List<AggregateTable> tables) {
        RuntimeException failure = null;
        for (AggregateTable table : tables) {
            try {
                table.cancelCalls();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        for (AggregateTable table : tables) {
            try {
                table.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public SourceState open(QueryState query) {
        return query.<State>finished(this).output::take;
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        return "HashAggregate(keys=" + Arrays.toString(keyColumns) + ", "
                + aggregations.stream().map(Aggregation::describe).collect(Collectors.joining(", ")) + ")";
    }
}
