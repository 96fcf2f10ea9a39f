package dev.quiver.engine.exec.operator.sort;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.FinishedBatches;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * LIMIT/OFFSET: keeps rows {@code [offset, offset + fetch)} in morsel order — the input's order when
 * it is ordered (a sort's output), an arbitrary but valid choice otherwise. It tells the pipeline
 * to stop pulling once the first morsels, in order and without gaps, hold enough rows.
 */
public final class LimitOperator implements SinkOperator<LimitOperator.State, LimitOperator.State>, SourceOperator {
    private final PhysicalOperator input;
    private final long offset;
    private final long fetch;
    /** DuckDB's {@code LIMIT p%}: keep this share of all input rows (offset ones included); else NaN. */
    private final double percent;

    /** @param fetch rows to keep, or {@code Long.MAX_VALUE} for OFFSET alone */
    public LimitOperator(PhysicalOperator input, long offset, long fetch) {
        this(input, offset, fetch, Double.NaN);
    }

    private LimitOperator(PhysicalOperator input, long offset, long fetch, double percent) {
        this.input = input;
        this.offset = offset;
        this.fetch = fetch;
        this.percent = percent;
    }

    /**
     * {@code LIMIT percent% OFFSET offset}: as many rows as {@code percent} (in [0, 100]) of all input
     * rows, rounded down, after the first {@code offset}. It must see every row before it knows how
     * many to keep.
     */
    public static LimitOperator percent(PhysicalOperator input, long offset, double percent) {
        return new LimitOperator(input, offset, Long.MAX_VALUE, percent);
    }

    /** Morsels by sequence number, then the rows kept. Shared by all threads; methods synchronise. */
    public static final class State implements AutoCloseable {
        /** Rows consumed, for {@link #percent}. */
        private long total;

        /** Batches by morsel sequence number; an operator such as a join's probe may emit several per morsel. */
        private final TreeMap<Long, List<Batch>> bySequence = new TreeMap<>();

        private final FinishedBatches kept = new FinishedBatches();
        private volatile boolean satisfied;

        synchronized void add(Morsel morsel, long needed) {
            bySequence
                    .computeIfAbsent(morsel.sequence(), sequence -> new ArrayList<>())
                    .add(morsel.batch());
            total += morsel.batch().rowCount();
            long rows = 0;
            long expected = 0;
            for (var entry : bySequence.entrySet()) {
                if (entry.getKey() != expected) {
                    break;
                }
                // a morsel's batches arrive in order, so those present are a prefix of its rows
                for (Batch batch : entry.getValue()) {
                    rows += batch.rowCount();
                }
                expected++;
            }
            satisfied = rows >= needed;
        }

        @Override
        public synchronized void close() {
            bySequence.values().forEach(batches -> batches.forEach(Batch::close));
            bySequence.clear();
            kept.close();
        }
    }

    @Override
    public State createGlobal(QueryState query) {
        return new State();
    }

    @Override
    public State createLocal(State global, QueryState query) {
        return global;
    }

    @Override
    public void consume(State local, Morsel morsel, QueryState query) {
        long needed = fetch == Long.MAX_VALUE ? Long.MAX_VALUE : offset + fetch;
        local.add(morsel, needed);
    }

    @Override
    public void combine(State global, State local, QueryState query) {}

    @Override
    public boolean isSatisfied(State global) {
        return global.satisfied;
    }

    @Override
    public void abandonLocal(State local) {
        // the local state is the global one; QueryState frees it
    }

    @Override
    public void finish(State global, QueryState query) {
        synchronized (global) {
            long skip = offset;
            // as DuckDB: the share of every row, the skipped ones included, rounded down
            long remaining = Double.isNaN(percent) ? fetch : (long) (percent / 100 * global.total);
            for (Batch batch :
                    global.bySequence.values().stream().flatMap(List::stream).toList()) {
                try (batch) {
                    int rows = batch.rowCount();
                    if (skip >= rows || remaining == 0) {
                        skip -= Math.min(skip, rows);
                        continue;
                    }
                    int start = (int) skip;
                    int length = (int) Math.min(rows - start, remaining);
                    skip = 0;
                    remaining -= length;
                    List<FieldVector> columns = new ArrayList<>(batch.columnCount());
                    for (FieldVector column : batch.columns()) {
                        columns.add(Vectors.slice(
                                column, start, length, query.context().allocator()));
                    }
                    global.kept.add(new Batch(columns, length));
                }
            }
            global.bySequence.clear();
        }
    }

    @Override
    public SourceState open(QueryState query) {
        return query.<State>finished(this).kept::take;
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
        String limit =
                !Double.isNaN(percent) ? ", fetch=" + percent + "%" : fetch == Long.MAX_VALUE ? "" : ", fetch=" + fetch;
        return "Limit(offset=" + offset + limit + ")";
    }
}
