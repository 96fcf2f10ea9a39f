package dev.quiver.engine.exec.operator.sample;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.FinishedBatches;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A random sample of the input's rows, DuckDB's three ways:
 *
 * <ul>
 *   <li>bernoulli: each row is kept with probability {@code percent / 100};
 *   <li>system: each block of {@value #SYSTEM_BLOCK} rows of a morsel is kept with that probability
 *       (DuckDB keeps whole vectors of 2048 rows: on a small table it returns all rows or none);
 *   <li>reservoir: exactly {@code rows} rows (all when there are fewer), or {@code percent}% of all
 *       rows rounded half up, every set of that size equally likely.
 * </ul>
 *
 * <p>Every row gets a random 64-bit key from the seed, its morsel's sequence number and its place in
 * the morsel; a bernoulli row is kept when its key falls below the probability, and the reservoir
 * sample is the rows with the smallest keys. So with a seed the sample depends only on the input
 * morsels, not on which thread ran which morsel. Without a seed every run draws a new one.
 *
 * <p>Memory: bernoulli and system hold the rows they keep; a reservoir of {@code rows} holds at most
 * about twice that many per thread (each thread keeps its own smallest keys, merged at the end); a
 * reservoir percentage must count every row first, so it holds the whole input.
 */
public final class SampleOperator implements SinkOperator<SampleOperator.State, SampleOperator.Local>, SourceOperator {
    /** Rows per block of system sampling, as a DuckDB vector. */
    static final int SYSTEM_BLOCK = 2048;

    private enum Method {
        BERNOULLI,
        SYSTEM,
        RESERVOIR,
        RESERVOIR_PERCENT
    }

    private final PhysicalOperator input;
    private final Method method;
    /** The probability (bernoulli, system) or share (reservoir percentage) in [0, 1]. */
    private final double fraction;
    /** The rows a reservoir keeps. */
    private final int rows;

    private final OptionalLong seed;

    private SampleOperator(PhysicalOperator input, Method method, double fraction, int rows, OptionalLong seed) {
        this.input = input;
        this.method = method;
        this.fraction = fraction;
        this.rows = rows;
        this.seed = seed;
    }

    /** Each row with probability {@code percent / 100}. */
    public static SampleOperator bernoulli(PhysicalOperator input, double percent, OptionalLong seed) {
        return new SampleOperator(input, Method.BERNOULLI, percent / 100, 0, seed);
    }

    /** Each block of rows with probability {@code percent / 100}. */
    public static SampleOperator system(PhysicalOperator input, double percent, OptionalLong seed) {
        return new SampleOperator(input, Method.SYSTEM, percent / 100, 0, seed);
    }

    /** Exactly {@code rows} rows, or all when there are fewer. */
    public static SampleOperator reservoir(PhysicalOperator input, int rows, OptionalLong seed) {
        return new SampleOperator(input, Method.RESERVOIR, 1, rows, seed);
    }

    /** Exactly {@code percent}% of the rows, rounded half up. */
    public static SampleOperator reservoirPercent(PhysicalOperator input, double percent, OptionalLong seed) {
        return new SampleOperator(input, Method.RESERVOIR_PERCENT, percent / 100, Integer.MAX_VALUE, seed);
    }

    /** The run's seed, the kept morsels (bernoulli, system) or the merged reservoir, then the output. */
    public static final class State implements AutoCloseable {
        private final long seed;
        /** Kept batches by morsel sequence number, so that a seeded sample comes out in one order. */
        private final TreeMap<Long, List<Batch>> bySequence = new TreeMap<>();

        private final Reservoir reservoir;
        private final FinishedBatches kept = new FinishedBatches();

        State(long seed, int capacity) {
            this.seed = seed;
            this.reservoir = new Reservoir(capacity);
        }

        synchronized void add(long sequence, Batch batch) {
            bySequence.computeIfAbsent(sequence, key -> new ArrayList<>()).add(batch);
        }

        @Override
        public synchronized void close() {
            bySequence.values().forEach(batches -> batches.forEach(Batch::close));
            bySequence.clear();
            reservoir.close();
            kept.close();
        }
    }

    /** One thread's place in its current morsel and, for a reservoir, its own reservoir. */
    public static final class Local implements AutoCloseable {
        private final State global;
        private final Reservoir reservoir;
        private long sequence = -1;
        /** Rows of the current morsel before the next batch: a morsel may come as several batches. */
        private long rowInMorsel;

        Local(State global, int capacity) {
            this.global = global;
            this.reservoir = new Reservoir(capacity);
        }

        @Override
        public void close() {
            reservoir.close();
        }
    }

    @Override
    public State createGlobal(QueryState query) {
        return new State(seed.orElseGet(() -> ThreadLocalRandom.current().nextLong()), rows);
    }

    @Override
    public Local createLocal(State global, QueryState query) {
        return new Local(global, rows);
    }

    @Override
    public void consume(Local local, Morsel morsel, QueryState query) {
        Batch batch = morsel.batch();
        if (morsel.sequence() != local.sequence) {
            local.sequence = morsel.sequence();
            local.rowInMorsel = 0;
        }
        long first = local.rowInMorsel;
        local.rowInMorsel += batch.rowCount();
        State global = local.global;
        BufferAllocator allocator = query.context().allocator();
        if (method == Method.RESERVOIR || method == Method.RESERVOIR_PERCENT) {
            long[] keys = new long[batch.rowCount()];
            for (int row = 0; row < keys.length; row++) {
                keys[row] = RowKeys.key(global.seed, morsel.sequence(), first + row);
            }
            local.reservoir.offer(batch, keys, allocator);
            return;
        }
        int[] selected = new int[batch.rowCount()];
        int count = 0;
        for (int row = 0; row < selected.length; row++) {
            long place = method == Method.SYSTEM ? -1 - (first + row) / SYSTEM_BLOCK : first + row;
            if (RowKeys.unit(RowKeys.key(global.seed, morsel.sequence(), place)) < fraction) {
                selected[count++] = row;
            }
        }
        if (count == 0) {
            batch.close();
            return;
        }
        global.add(morsel.sequence(), Reservoir.select(batch, selected, count, allocator));
    }

    @Override
    public void combine(State global, Local local, QueryState query) {
        synchronized (global) {
            global.reservoir.takeAll(local.reservoir, query.context().allocator());
        }
    }

    @Override
    public void finish(State global, QueryState query) {
        synchronized (global) {
            BufferAllocator allocator = query.context().allocator();
            if (method == Method.RESERVOIR || method == Method.RESERVOIR_PERCENT) {
                long total = global.reservoir.rowCount();
                long size = method == Method.RESERVOIR ? rows : Math.round(fraction * total); // DuckDB rounds half up
                global.kept.addAll(global.reservoir.smallest(
                        (int) Math.min(size, total), fields(), query.context().batchRows(), allocator));
            } else {
                global.bySequence.values().forEach(global.kept::addAll);
                global.bySequence.clear();
            }
        }
    }

    private List<Field> fields() {
        return input.outputFields();
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
        String size = method == Method.RESERVOIR ? rows + " rows" : fraction * 100 + "%";
        return "Sample(" + method.name().toLowerCase(java.util.Locale.ROOT) + ", " + size
                + (seed.isPresent() ? ", seed=" + seed.getAsLong() : "") + ")";
    }
}
