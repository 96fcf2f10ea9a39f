package dev.quiver.engine.exec.operator.set;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.BufferingSink;
import dev.quiver.engine.exec.operator.FinishedBatches;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.operator.SpoolOperator;
import dev.quiver.engine.exec.operator.aggregate.DistinctRows;
import dev.quiver.engine.exec.operator.aggregate.KeyedRows;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.RepeatingSink;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A recursive CTE ({@code WITH RECURSIVE t AS (seed UNION [ALL] step)}): the seed's rows, then the
 * step run again and again over the rows the previous round added (the working table, read by a
 * {@link WorkingTableScanOperator}) until a round adds none. UNION ALL keeps every row; UNION keeps
 * a row only if no earlier round (nor the seed) produced it, as DuckDB does, so a walk around a
 * cycle ends.
 *
 * <p>With DuckDB's {@code USING KEY (k, …)} the result is a table with one row per key: each
 * round's rows replace the rows of the same key (the last one wins when a round has several). The
 * next round's working table is every row the round produced (UNION ALL), or the new row of each
 * key the round added or changed (UNION, as DuckDB 2.0), and the loop ends when it is empty. The
 * step may also read the whole result
 * so far as of the round's start — {@code recurring.t}, a second {@link WorkingTableScanOperator} —
 * with or without keys.
 *
 * <p>A breaker: its sink side collects the seed (one input pipeline, as for any breaker); then,
 * as a {@link RepeatingSink}, it runs the step's pipelines once per round — morsel-parallel like
 * any pipeline, on a fresh {@link QueryState} each round, so the step's hash tables are rebuilt
 * over the new rows — and its source side hands out every kept row. Between rounds the query's
 * cancel flag is checked (statement_timeout and cancel stop a recursion that never ends), and all
 * rows are Arrow memory of the query's allocator, so the memory limit stops one that grows
 * forever.
 */
public final class RecursiveUnionOperator
        implements BufferingSink<RecursiveUnionOperator.State>, SourceOperator, RepeatingSink {
    private final PhysicalOperator seed;
    private final WorkingTableScanOperator workingTable;
    private final WorkingTableScanOperator recurringTable;
    private final boolean all;
    /** The key columns of USING KEY; empty without. */
    private final int[] keys;

    private final List<Field> fields;
    /** Collects one round's rows: the sink of the step's last pipeline. */
    private final SpoolOperator roundResult;
    /** The step's pipelines, built once: operators and pipelines are immutable while they run. */
    private final List<Pipeline> stepPipelines;

    /**
     * @param step         the recursive term; reads {@code workingTable}, produces columns of the
     *                     same types as {@code seed}
     * @param workingTable   the scan {@code step} reads the previous round's rows with
     * @param recurringTable the scan {@code step} reads the whole result so far with
     * @param all            UNION ALL (keep duplicates) or UNION
     * @param keys           the positions of USING KEY's columns in {@code fields}; empty without
     * @param fields         the output columns
     */
    public RecursiveUnionOperator(
            PhysicalOperator seed,
            PhysicalOperator step,
            WorkingTableScanOperator workingTable,
            WorkingTableScanOperator recurringTable,
            boolean all,
            int[] keys,
            List<Field> fields) {
        this.seed = seed;
        this.workingTable = workingTable;
        this.recurringTable = recurringTable;
        this.all = all;
        this.keys = keys.clone();
        this.fields = List.copyOf(fields);
        this.roundResult = new SpoolOperator(step);
        this.stepPipelines = List.copyOf(PipelineBuilder.build(step, roundResult));
    }

    /** The seed's morsels, then every kept row; the rows UNION has seen; the USING KEY table. */
    public static final class State implements AutoCloseable {
        private final MorselBuffer seedRows = new MorselBuffer();
        private final FinishedBatches output = new FinishedBatches();
        /** The batches added to {@link #output} so far (not owned here): {@code recurring.t} without keys. */
        private final List<Batch> kept = new ArrayList<>();

        private DistinctRows seen;
        private KeyedRows table;

        @Override
        public synchronized void close() {
            seedRows.close();
            output.close();
            if (seen != null) {
                seen.close();
            }
            if (table != null) {
                table.close();
            }
        }
    }

    @Override
    public State createGlobal(QueryState query) {
        return new State();
    }

    @Override
    public MorselBuffer buffer(State global) {
        return global.seedRows;
    }

    @Override
    public void finish(State global, QueryState query) {
        if (keys.length > 0) {
            global.table = new KeyedRows(
                    fields, keys, !all, query.context().allocator(), "the rows of a recursive CTE's USING KEY table");
        } else if (!all) {
            global.seen =
                    new DistinctRows(fields, query.context().allocator(), "the rows of a recursive UNION seen so far");
        }
    }

    @Override
    public void repeat(QueryState query, PipelineExecutor executor) {
        State state = query.finished(this);
        if (state.table != null) {
            repeatKeyed(state, query, executor);
            return;
        }
        List<Batch> working = keep(state, state.seedRows.takeInOrder(), query);
        while (!working.isEmpty()) {
            query.context().checkCancelled();
            working = keep(state, round(working, List.copyOf(state.kept), query, executor), query);
        }
    }

    /**
     * The rounds of USING KEY: each round's rows are merged into the table; the next working table
     * is every row of the round (UNION ALL) or the new row of each key the round added or changed
     * (UNION, as DuckDB 2.0: a round that changes nothing ends the recursion).
     */
    private void repeatKeyed(State state, QueryState query, PipelineExecutor executor) {
        List<Batch> offered = nonEmpty(state.seedRows.takeInOrder(), query);
        List<Batch> working = List.of();
        try {
            while (!offered.isEmpty()) {
                List<Batch> changed = state.table.merge(
                        offered, query.context().batchRows(), query.context().allocator());
                if (all) {
                    working = offered;
                } else {
                    offered.forEach(Batch::close);
                    working = changed;
                }
                offered = List.of();
                if (working.isEmpty()) {
                    break;
                }
                query.context().checkCancelled();
                List<Batch> next = round(working, state.table.rows(), query, executor);
                working.forEach(Batch::close);
                working = List.of();
                offered = nonEmpty(next, query);
            }
        } finally {
            offered.forEach(Batch::close);
            working.forEach(Batch::close);
        }
        state.output.addAll(state.table.takeRows());
    }

    /** The batches that have rows, under the output's names; consumes {@code batches}. */
    private List<Batch> nonEmpty(List<Batch> batches, QueryState query) {
        List<Batch> rows = new ArrayList<>(batches.size());
        int index = 0;
        try {
            for (; index < batches.size(); index++) {
                Batch batch = BatchColumns.renamed(
                        batches.get(index), fields, query.context().allocator());
                if (batch.rowCount() == 0) {
                    batch.close();
                } else {
                    rows.add(batch);
                }
            }
            return rows;
        } catch (RuntimeException e) {
            rows.forEach(Batch::close);
            for (index++; index < batches.size(); index++) {
                batches.get(index).close();
            }
            throw e;
        }
    }

    /**
     * Runs the step once over {@code working}, with {@code recurring} as the result so far; the
     * caller owns the batches returned.
     */
    private List<Batch> round(List<Batch> working, List<Batch> recurring, QueryState query, PipelineExecutor executor) {
        try (QueryState round = new QueryState(query.context())) {
            round.global(workingTable, () -> new WorkingTableScanOperator.Rows(working));
            round.global(recurringTable, () -> new WorkingTableScanOperator.Rows(recurring));
            executor.run(stepPipelines, round);
            return round.<MorselBuffer>finished(roundResult).takeInOrder();
        }
    }

    /**
     * Adds the rows of {@code batches} that the result keeps (all of them, or those never seen for
     * UNION) to the result; returns them, still owned by the result, as the next working table.
     * Consumes {@code batches}.
     */
    private List<Batch> keep(State state, List<Batch> batches, QueryState query) {
        List<Batch> offered = nonEmpty(batches, query);
        List<Batch> kept = new ArrayList<>();
        int index = 0;
        try {
            for (; index < offered.size(); index++) {
                Batch batch = offered.get(index);
                List<Batch> added = state.seen == null
                        ? List.of(batch)
                        : state.seen.keepNew(
                                batch,
                                query.context().batchRows(),
                                query.context().allocator());
                for (Batch row : added) {
                    if (row.rowCount() == 0) {
                        row.close();
                    } else {
                        state.output.add(row);
                        state.kept.add(row);
                        kept.add(row);
                    }
                }
            }
            return kept;
        } finally {
            for (index++; index < offered.size(); index++) { // only after a failure
                offered.get(index).close();
            }
        }
    }

    @Override
    public SourceState open(QueryState query) {
        return query.<State>finished(this).output::take;
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(seed);
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        String step = stepPipelines.stream().map(Pipeline::toString).collect(Collectors.joining("; "));
        String keyed = keys.length == 0
                ? ""
                : Arrays.stream(keys).mapToObj(key -> "$" + key).collect(Collectors.joining(", ", " USING KEY (", ")"));
        return "RecursiveUnion" + (all ? " ALL" : "") + keyed + "(step: " + step + ")";
    }
}
