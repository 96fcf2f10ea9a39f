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
 * {@link #combine} merges the tables one at a time, the first one adopted as is; {@link #finish}
 * cuts the groups into batches of at most {@code batchRows} rows. Merging into one table costs one
 * probe per group a thread saw, single-threaded: cheap next to the per-row work when groups are
 * far fewer than rows, as they are in most GROUP BYs. Partitioning the tables by hash and merging
 * partitions in parallel is the step to take if high-cardinality aggregates show it in profiles.
 */
public final class HashAggregateOperator
        implements SinkOperator<HashAggregateOperator.State, AggregateTable>, SourceOperator {
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

    /** The merged groups, then the result batches until the next pipeline takes them. */
    public static final class State implements AutoCloseable {
        private AggregateTable merged;
        private final FinishedBatches output = new FinishedBatches();

        @Override
        public synchronized void close() {
            if (merged != null) {
                merged.close();
                merged = null;
            }
            output.close();
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
        if (global.merged == null) {
            global.merged = local;
            return;
        }
        try (local) {
            global.merged.merge(local);
        }
    }

    @Override
    public void finish(State global, QueryState query) {
        if (global.merged == null) { // no thread ran: aggregate nothing
            global.merged = newTable(query);
        }
        try (AggregateTable table = global.merged) {
            global.merged = null;
            int groups = table.groupCount();
            int chunk = query.context().batchRows();
            for (int first = 0; first < groups; first += chunk) {
                global.output.add(table.result(
                        first, Math.min(chunk, groups - first), query.context().allocator()));
            }
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
