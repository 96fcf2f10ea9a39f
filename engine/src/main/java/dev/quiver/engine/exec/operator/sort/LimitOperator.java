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

    /** @param fetch rows to keep, or {@code Long.MAX_VALUE} for OFFSET alone */
    public LimitOperator(PhysicalOperator input, long offset, long fetch) {
        this.input = input;
        this.offset = offset;
        this.fetch = fetch;
    }

    /** Morsels by sequence number, then the rows kept. Shared by all threads; methods synchronise. */
    public static final class State implements AutoCloseable {
        /** Batches by morsel sequence number; an operator such as a join's probe may emit several per morsel. */
        private final TreeMap<Long, List<Batch>> bySequence = new TreeMap<>();

        private final FinishedBatches kept = new FinishedBatches();
        private volatile boolean satisfied;

        synchronized void add(Morsel morsel, long needed) {
            bySequence
                    .computeIfAbsent(morsel.sequence(), sequence -> new ArrayList<>())
                    .add(morsel.batch());
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
            long remaining = fetch;
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
        return "Limit(offset=" + offset + (fetch == Long.MAX_VALUE ? "" : ", fetch=" + fetch) + ")";
    }
}
