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
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * GROUP BY with aggregate functions: a pipeline breaker that hashes its input into groups, then
 * hands out one row per group — or exactly one row when there is no GROUP BY, even for empty input.
 *
 * <p>Each thread aggregates its morsels into its own {@link AggregateTable} (no locking per row);
 * {@link #combine} collects the tables; {@link #finish} merges them and cuts the groups into
 * batches of at most {@code batchRows} rows. With few groups (fewer than {@code
 * parallelMergeGroups} over all tables) one thread merges them into the first table: one probe per
 * group a thread saw, cheap next to the per-row work. With many (TPC-DS q78's three-key GROUP BYs
 * of 0.25–0.5 M groups, TPC-H Q18's 1.5 M orders) the merge and the result batches were a long
 * single-threaded tail: then the groups are split by key hash into partitions, each merged from
 * every thread's table into a table of its own and turned into batches, the partitions in
 * parallel on the pipeline's idle threads ({@link QueryState#runParallel}). The groups then come
 * out partition by partition — a GROUP BY's order is unspecified either way.
 */
public final class HashAggregateOperator
        implements SinkOperator<HashAggregateOperator.State, AggregateTable>, SourceOperator {
    private final PhysicalOperator input;
    private final int[] keyColumns;
    private final List<Aggregation> aggregations;
    private final List<Field> fields;
    /** Groups over all threads' tables from which the merge runs by partition, in parallel. */
    private final int parallelMergeGroups;

    /** Above this many groups in all, the threads' tables are merged by partition in parallel. */
    static final int PARALLEL_MERGE_GROUPS = 1 << 16;

    /**
     * @param keyColumns   the input's GROUP BY columns; the output starts with them, in this order
     * @param keyFields    the output fields of the keys (the input's types)
     * @param aggregations the aggregate calls; their columns follow the keys
     */
    public HashAggregateOperator(
            PhysicalOperator input, int[] keyColumns, List<Field> keyFields, List<Aggregation> aggregations) {
        this(input, keyColumns, keyFields, aggregations, PARALLEL_MERGE_GROUPS);
    }

    /** As above, merging by partition from {@code parallelMergeGroups} groups on (tests choose it). */
    HashAggregateOperator(
            PhysicalOperator input,
            int[] keyColumns,
            List<Field> keyFields,
            List<Aggregation> aggregations,
            int parallelMergeGroups) {
        this.parallelMergeGroups = parallelMergeGroups;
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

    /** The threads' tables until they are merged, then the result batches until the next pipeline takes them. */
    public static final class State implements AutoCloseable {
        private final List<AggregateTable> tables = new ArrayList<>();
        private final FinishedBatches output = new FinishedBatches();

        @Override
        public synchronized void close() {
            try {
                closeTables();
            } finally {
                output.close();
            }
        }

        /** Frees the threads' tables (merged, or given up after a failure). */
        synchronized void closeTables() {
            RuntimeException failure = null;
            for (AggregateTable table : tables) {
                try {
                    table.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            tables.clear();
            if (failure != null) {
                throw failure;
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
        if (global.tables.isEmpty()) { // no thread ran: aggregate nothing
            global.tables.add(newTable(query));
        }
        long groups =
                global.tables.stream().mapToLong(AggregateTable::groupCount).sum();
        if (global.tables.size() > 1
                && groups >= parallelMergeGroups
                && keyColumns.length > 0
                && global.tables.getFirst().mergesByPartition()) {
            mergeByPartition(global, query);
            return;
        }
        AggregateTable merged = global.tables.getFirst();
        while (global.tables.size() > 1) {
            try (AggregateTable other = global.tables.removeLast()) {
                merged.merge(other);
            }
        }
        global.tables.clear();
        try (merged) {
            global.output.addAll(results(merged, query));
        }
    }

    /**
     * Merges the threads' tables partition by partition, in parallel: each task merges the groups
     * of its partition from every table into a new table and turns that into batches.
     */
    private void mergeByPartition(State global, QueryState query) {
        int partitions = Integer.highestOneBit(Math.max(1, query.context().threads())) * 8;
        List<List<Batch>> results = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            results.add(new ArrayList<>());
        }
        try {
            query.runParallel(partitions, partition -> {
                try (AggregateTable merged = newTable(query)) {
                    for (AggregateTable table : global.tables) {
                        merged.mergePartition(table, partition, partitions);
                    }
                    results.get(partition).addAll(results(merged, query));
                }
            });
            for (List<Batch> batches : results) {
                global.output.addAll(batches);
                batches.clear();
            }
        } finally {
            for (List<Batch> batches : results) {
                batches.forEach(Batch::close); // after a failure: what the output never took
            }
            global.closeTables();
        }
    }

    /** The groups of {@code table} as new batches of at most the query's batch size each. */
    private static List<Batch> results(AggregateTable table, QueryState query) {
        List<Batch> batches = new ArrayList<>();
        try {
            int groups = table.groupCount();
            int chunk = query.context().batchRows();
            for (int first = 0; first < groups; first += chunk) {
                batches.add(table.result(
                        first, Math.min(chunk, groups - first), query.context().allocator()));
            }
            return batches;
        } catch (RuntimeException e) {
            batches.forEach(Batch::close);
            throw e;
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
