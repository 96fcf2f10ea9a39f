package dev.quiver.engine.exec.operator.sort;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.FinishedBatches;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * ORDER BY … LIMIT fetch OFFSET offset with a small {@code offset + fetch}: each thread keeps only
 * the first {@code offset + fetch} rows of the order among those it saw ({@link TopNRows}), and
 * finish merges the threads' rows — so the input is never sorted or held whole. A pipeline breaker.
 *
 * <p>The rows out are exactly those of {@link SortOperator} followed by {@link LimitOperator}: ties
 * of the keys keep their input order.
 */
public final class TopNOperator implements SinkOperator<TopNOperator.State, TopNOperator.Local>, SourceOperator {
    /**
     * The largest {@code offset + fetch} a top-N takes; above it a full sort (parallel in every
     * phase) is the better plan, since the top-N merges the threads' rows on one thread.
     */
    public static final long MAX_ROWS = 10_000;

    private final PhysicalOperator input;
    private final List<SortKey> keys;
    private final long offset;
    private final long fetch;

    /** @param offset rows skipped, @param fetch rows kept after them; their sum at most {@link #MAX_ROWS} */
    public TopNOperator(PhysicalOperator input, List<SortKey> keys, long offset, long fetch) {
        if (offset < 0 || fetch < 0 || offset + fetch > MAX_ROWS) {
            throw new IllegalArgumentException("top-N of offset " + offset + " and fetch " + fetch);
        }
        this.input = input;
        this.keys = List.copyOf(keys);
        this.offset = offset;
        this.fetch = fetch;
    }

    /** The merged rows, then the rows out. Combine and finish run one thread at a time. */
    public static final class State implements AutoCloseable {
        private TopNRows rows;
        private final FinishedBatches out = new FinishedBatches();

        @Override
        public void close() {
            if (rows != null) {
                rows.close();
            }
            out.close();
        }
    }

    /** One thread's rows and where it is in its current morsel. */
    public static final class Local implements AutoCloseable {
        private final TopNRows rows;
        private long sequence = -1;
        private int placeInMorsel;

        private Local(TopNRows rows) {
            this.rows = rows;
        }

        @Override
        public void close() {
            rows.close();
        }
    }

    private TopNRows newRows(QueryState query) {
        return new TopNRows(
                keys,
                input.outputFields(),
                (int) (offset + fetch),
                query.context().batchRows());
    }

    @Override
    public State createGlobal(QueryState query) {
        State state = new State();
        state.rows = newRows(query);
        return state;
    }

    @Override
    public Local createLocal(State global, QueryState query) {
        return new Local(newRows(query));
    }

    @Override
    public void consume(Local local, Morsel morsel, QueryState query) {
        Batch batch = morsel.batch();
        if (offset + fetch == 0) {
            batch.close();
            return;
        }
        // a morsel's batches all reach one thread, in order: places count on across them
        if (morsel.sequence() != local.sequence) {
            local.sequence = morsel.sequence();
            local.placeInMorsel = 0;
        }
        int place = local.placeInMorsel;
        local.placeInMorsel += batch.rowCount();
        local.rows.add(batch, morsel.sequence(), place, query.context().allocator());
    }

    @Override
    public void combine(State global, Local local, QueryState query) {
        try (local) {
            global.rows.addAll(local.rows, query.context().allocator());
        }
    }

    @Override
    public boolean isSatisfied(State global) {
        return offset + fetch == 0;
    }

    @Override
    public void finish(State global, QueryState query) {
        ExecutionContext context = query.context();
        global.rows.compact(context.allocator());
        try (Batch all = global.rows.take()) {
            if (all == null || all.rowCount() <= offset) {
                return;
            }
            int chunk = context.batchRows();
            for (int start = (int) offset; start < all.rowCount(); start += chunk) {
                int length = Math.min(chunk, all.rowCount() - start);
                List<FieldVector> columns = new ArrayList<>(all.columnCount());
                try {
                    for (FieldVector column : all.columns()) {
                        columns.add(Vectors.slice(column, start, length, context.allocator()));
                    }
                } catch (RuntimeException e) {
                    columns.forEach(FieldVector::close);
                    throw e;
                }
                global.out.add(new Batch(columns, length));
            }
        }
    }

    @Override
    public SourceState open(QueryState query) {
        return query.<State>finished(this).out::take;
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return input.outputFields();
    }

    @Override
    public String describe() {
        return "TopN(" + keys + ", offset=" + offset + ", fetch=" + fetch + ")";
    }
}
