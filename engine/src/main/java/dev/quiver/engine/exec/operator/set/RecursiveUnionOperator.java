package dev.quiver.engine.exec.operator.set;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.BufferingSink;
import dev.quiver.engine.exec.operator.FinishedBatches;
import dev.quiver.engine.exec.operator.MorselBuffer;
import dev.quiver.engine.exec.operator.SpoolOperator;
import dev.quiver.engine.exec.operator.aggregate.DistinctRows;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.RepeatingSink;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import java.util.ArrayList;
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
    private final boolean all;
    private final List<Field> fields;
    /** Collects one round's rows: the sink of the step's last pipeline. */
    private final SpoolOperator roundResult;
    /** The step's pipelines, built once: operators and pipelines are immutable while they run. */
    private final List<Pipeline> stepPipelines;

    /**
     * @param step         the recursive term; reads {@code workingTable}, produces columns of the
     *                     same types as {@code seed}
     * @param workingTable the scan {@code step} reads the previous round's rows with
     * @param all          UNION ALL (keep duplicates) or UNION
     * @param fields       the output columns
     */
    public RecursiveUnionOperator(
            PhysicalOperator seed,
            PhysicalOperator step,
            WorkingTableScanOperator workingTable,
            boolean all,
            List<Field> fields) {
        this.seed = seed;
        this.workingTable = workingTable;
        this.all = all;
        this.fields = List.copyOf(fields);
        this.roundResult = new SpoolOperator(step);
        this.stepPipelines = List.copyOf(PipelineBuilder.build(step, roundResult));
    }

    /** The seed's morsels, then every kept row; the rows UNION has seen. */
    public static final class State implements AutoCloseable {
        private final MorselBuffer seedRows = new MorselBuffer();
        private final FinishedBatches output = new FinishedBatches();
        private DistinctRows seen;

        @Override
        public synchronized void close() {
            seedRows.close();
            output.close();
            if (seen != null) {
                seen.close();
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
        if (!all) {
            global.seen =
                    new DistinctRows(fields, query.context().allocator(), "the rows of a recursive UNION seen so far");
        }
    }

    @Override
    public void repeat(QueryState query, PipelineExecutor executor) {
        State state = query.finished(this);
        List<Batch> working = keep(state, state.seedRows.takeInOrder(), query);
        while (!working.isEmpty()) {
            query.context().checkCancelled();
            working = keep(state, round(working, query, executor), query);
        }
    }

    /** Runs the step once over {@code working}; the caller owns the batches returned. */
    private List<Batch> round(List<Batch> working, QueryState query, PipelineExecutor executor) {
        try (QueryState round = new QueryState(query.context())) {
            round.global(workingTable, () -> new WorkingTableScanOperator.Rows(working));
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
        List<Batch> kept = new ArrayList<>();
        int index = 0;
        try {
            for (; index < batches.size(); index++) {
                Batch batch = BatchColumns.renamed(
                        batches.get(index), fields, query.context().allocator());
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
                        kept.add(row);
                    }
                }
            }
            return kept;
        } finally {
            for (index++; index < batches.size(); index++) { // only after a failure
                batches.get(index).close();
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
        return "RecursiveUnion" + (all ? " ALL" : "") + "(step: " + step + ")";
    }
}
