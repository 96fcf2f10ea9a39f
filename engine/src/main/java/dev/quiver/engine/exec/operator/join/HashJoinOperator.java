package dev.quiver.engine.exec.operator.join;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.key.ChainedHashTable;
import dev.quiver.engine.exec.key.HashKeys;
import dev.quiver.engine.exec.key.KeyFilter;
import dev.quiver.engine.exec.key.KeyLayout;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.pipeline.JoinFilterSource;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Hash join: hashes one input (the build side, child 0) and streams the other (the probe side,
 * child 1) through the table. Which input is built is the planner's choice, usually the smaller;
 * {@link JoinType}'s LEFT and RIGHT always name the inputs as the query wrote them, and the output
 * always has the left columns first.
 *
 * <p>BUILD (the sink role): each thread encodes the keys of its own batches, in parallel and
 * without locks; {@code combine} only hands the chunks over; {@code finish} concatenates the build
 * columns and keys (one task per column), then links the {@link ChainedHashTable} in parts of
 * disjoint key ranges while one more task builds the join filter — all on the worker threads the
 * finished pipeline left idle ({@link QueryState#runParallel}): on one thread it was about a
 * quarter of TPC-H Q5/Q7/Q8/Q9's wall time on two cores.
 *
 * <p>PROBE (the stream role): per batch the keys are encoded and looked up in one loop each, the
 * chains walked into (probe row, build row) pairs, and both sides gathered — a build row of -1
 * gives the NULLs of an unmatched probe row. A probe batch with a selection ({@link
 * Batch#selection}: a filter's or a join filter's kept rows) is joined as it is: only the selected
 * rows' keys are read and the pairs name rows of the uncopied columns, so the probe side is copied
 * once, by the gather, and only in the columns the output has (ENCODED keys are compacted first).
 * SEMI and ANTI pass their kept probe rows on as a selection when they are at least half the batch. A remainder condition (the non-equality part of ON)
 * is evaluated over the candidate pairs, a chunk at a time, and keeps the pairs where it is TRUE.
 * SQL semantics: a NULL key matches nothing, unless its key compares with IS NOT DISTINCT FROM.
 *
 * <p>JOIN FILTERS: {@code finish} also builds a {@link KeyFilter} of the first key. With two to four
 * integer-like keys the probe tests it before encoding, hashing and looking up the rest. And where
 * probe rows without a match add nothing to the output, the join is a {@link JoinFilterSource}:
 * {@code PipelineBuilder} puts a {@link JoinFilterOperator} lower in the probe pipeline, where the
 * keys first appear, so that filters and other joins below do not copy rows this join drops.
 * Output leaves in batches of at most {@code batchRows} rows (at least 1024), however many build
 * rows one probe batch matches.
 *
 * <p>MEMORY: the build columns are Arrow buffers of the query allocator; the encoded keys, the
 * table and the matched flags are Java arrays whose bytes are reserved on the query allocator
 * ({@link HeapReservation}) before they are allocated. A join too large for the query's memory
 * limit therefore fails with MEMORY_LIMIT, like any Arrow allocation, and frees everything.
 *
 * <p>BUILD ROWS EMITTED AFTER THE PROBE: when the build side is an outer side of the join, or the
 * left side of a SEMI/ANTI join, whether a build row is emitted depends on every probe row.
 * Probing threads then set a matched flag per build row, and the operator is a
 * {@link WithBuildOutput}, also a {@link SourceOperator}: {@code PipelineBuilder} gives it a tail
 * pipeline that runs after the probe pipeline and sends those build rows through the operators
 * above the join into the same sink (DuckDB's "outer tuples" pipeline does the same).
 *
 * <p>With no keys every build row is a candidate for every probe row: this is also the nested-loop
 * join, for conditions without an equality and for CROSS JOIN.
 */
public sealed class HashJoinOperator
        implements JoinFilterSource, SinkOperator<HashJoinOperator.BuildState, HashJoinOperator.LocalBuild>
        permits HashJoinOperator.WithBuildOutput {
    private final PhysicalOperator left;
    private final PhysicalOperator right;
    private final JoinType type;
    private final boolean buildLeft;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final KeyLayout buildKeys;
    private final KeyLayout probeKeys;
    private final Expr remainder;
    /** Left fields then right fields, nullable where the other side is outer: the pairs' layout. */
    private final List<Field> joinedFields;
    /** The joined columns (left's, then right's) the output has, ascending: all, unless narrowed ({@link #canNarrowOutput}). */
    private final int[] outputColumns;
    /** The fields of {@link #outputColumns}. */
    private final List<Field> narrowedFields;

    private final boolean keepUnmatchedProbe;
    private final boolean trackBuildMatches;
    private final boolean[] nullsEqual;

    /**
     * A hash join, or with no keys a nested-loop join.
     *
     * @param buildLeft  whether the left input is hashed (the right one streams)
     * @param leftKeys   key columns of the left input
     * @param rightKeys  key columns of the right input, pairwise equal to the left ones
     * @param nullsEqual per key, whether NULL equals NULL (IS NOT DISTINCT FROM)
     * @param remainder  a BOOLEAN condition over the left columns then the right ones, or null
     */
    public static HashJoinOperator create(
            PhysicalOperator left,
            PhysicalOperator right,
            JoinType type,
            boolean buildLeft,
            int[] leftKeys,
            int[] rightKeys,
            boolean[] nullsEqual,
            Expr remainder) {
        return emitsBuildRows(type, buildLeft)
                ? new WithBuildOutput(left, right, type, buildLeft, leftKeys, rightKeys, nullsEqual, remainder)
                : new HashJoinOperator(left, right, type, buildLeft, leftKeys, rightKeys, nullsEqual, remainder, null);
    }

    /**
     * As {@link #create}, for a consumer that reads only the joined columns {@code outputColumns}
     * (ascending, indices into the left input's columns followed by the right's): the output has
     * only those, so the others are never gathered for the joined rows. Only where {@link
     * #canNarrowOutput} allows it.
     */
    public static HashJoinOperator createNarrowed(
            PhysicalOperator left,
            PhysicalOperator right,
            JoinType type,
            boolean buildLeft,
            int[] leftKeys,
            int[] rightKeys,
            boolean[] nullsEqual,
            int[] outputColumns) {
        if (!canNarrowOutput(type, buildLeft, false)) {
            throw new IllegalArgumentException("a " + type + " join cannot narrow its output: a bug in the plan");
        }
        return new HashJoinOperator(left, right, type, buildLeft, leftKeys, rightKeys, nullsEqual, null, outputColumns);
    }

    /**
     * Whether a join of this kind can output only some of its joined columns: each output row is
     * one probe row and one build row (or none) gathered at once — not when build rows are emitted
     * after the probe, when a remainder condition reads the joined row, or for SEMI and ANTI (which
     * output the left rows as they are).
     */
    public static boolean canNarrowOutput(JoinType type, boolean buildLeft, boolean hasRemainder) {
        return type.outputsRight() && !emitsBuildRows(type, buildLeft) && !hasRemainder;
    }

    private HashJoinOperator(
            PhysicalOperator left,
            PhysicalOperator right,
            JoinType type,
            boolean buildLeft,
            int[] leftKeys,
            int[] rightKeys,
            boolean[] nullsEqual,
            Expr remainder,
            int[] outputColumns) {
        if (leftKeys.length != rightKeys.length) {
            throw new IllegalArgumentException(leftKeys.length + " left keys but " + rightKeys.length + " right keys");
        }
        this.left = left;
        this.right = right;
        this.type = type;
        this.buildLeft = buildLeft;
        this.leftKeys = leftKeys.clone();
        this.rightKeys = rightKeys.clone();
        List<KeyLayout> layouts = KeyLayout.forJoin(
                build().outputFields(),
                buildLeft ? leftKeys : rightKeys,
                probe().outputFields(),
                buildLeft ? rightKeys : leftKeys,
                nullsEqual);
        this.buildKeys = layouts.get(0);
        this.probeKeys = layouts.get(1);
        if (!buildKeys.compatibleWith(probeKeys)) {
            throw new IllegalArgumentException("join keys " + buildKeys + " (build) and " + probeKeys
                    + " (probe) have types that do not compare: a bug in the planner");
        }
        this.remainder = remainder;
        this.nullsEqual = nullsEqual.clone();
        List<Field> fields = new ArrayList<>();
        for (Field field : left.outputFields()) {
            fields.add(type.keepsUnmatchedRight() ? nullable(field) : field);
        }
        for (Field field : right.outputFields()) {
            fields.add(type.keepsUnmatchedLeft() ? nullable(field) : field);
        }
        this.joinedFields = List.copyOf(fields);
        this.outputColumns = outputColumns != null
                ? outputColumns.clone()
                : IntStream.range(0, fields.size()).toArray();
        this.narrowedFields =
                Arrays.stream(this.outputColumns).mapToObj(joinedFields::get).toList();
        this.keepUnmatchedProbe = buildLeft ? type.keepsUnmatchedRight() : type.keepsUnmatchedLeft();
        this.trackBuildMatches = emitsBuildRows(type, buildLeft);
    }

    /** Whether build rows are output depending on the whole probe: the build side is preserved, or SEMI/ANTI's left. */
    private static boolean emitsBuildRows(JoinType type, boolean buildLeft) {
        return buildLeft
                ? type.keepsUnmatchedLeft() || type == JoinType.SEMI || type == JoinType.ANTI
                : type.keepsUnmatchedRight();
    }

    private static Field nullable(Field field) {
        return field.isNullable()
                ? field
                : new Field(field.getName(), new FieldType(true, field.getType(), null), field.getChildren());
    }

    private PhysicalOperator build() {
        return buildLeft ? left : right;
    }

    private PhysicalOperator probe() {
        return buildLeft ? right : left;
    }

    /** A batch of the build side and its encoded keys. */
    private record BuildChunk(Batch batch, HashKeys keys) {}

    /** One thread's build batches and the heap bytes of their keys, until combined. */
    public static final class LocalBuild implements AutoCloseable {
        private final List<BuildChunk> chunks = new ArrayList<>();
        private final HeapReservation keyMemory;

        LocalBuild(QueryState query) {
            this.keyMemory = new HeapReservation(query.context().allocator(), "the hash keys of a join's build side");
        }

        @Override
        public void close() {
            chunks.forEach(chunk -> chunk.batch().close());
            chunks.clear();
            keyMemory.close();
        }
    }

    /**
     * The hashed build side: its columns (concatenated), the table, and the matched flags.
     *
     * <p>THREADING: written by one thread in {@code finish}, then only read — except
     * {@link #matched}, which probing threads write without synchronisation. That is safe because
     * every write stores the same value 1, bytes are never torn (JLS 17.6), and the flags are read
     * only after the probe pipeline's threads were joined (a happens-before edge).
     */
    public static final class BuildState implements AutoCloseable {
        /** Rows the placed join filter tests before {@link #filterWorthTesting} may give up on it. */
        private static final long FILTER_MIN_SAMPLE_ROWS = 1 << 17;
        /** The filter pays while it drops at least one row in this many. */
        private static final long FILTER_MIN_DROPPED_SHARE = 20;
        /** A filter that does not pay still tests one batch in this many. */
        private static final long FILTER_RECHECK_BATCHES = 16;

        private final List<BuildChunk> chunks = new ArrayList<>();
        /** The threads' reservations for the chunks' keys, closed once the keys are concatenated. */
        private final List<HeapReservation> chunkMemory = new ArrayList<>();
        /** The concatenated keys, the table and the matched flags. */
        private HeapReservation tableMemory;

        private List<FieldVector> columns = List.of();
        private int rows;
        private ChainedHashTable table;
        /** The join filter of the first key, or null (ENCODED keys, no build rows). */
        private KeyFilter keyFilter;

        private byte[] matched;

        /** Probe rows the placed join filter tested and kept, and the batches it saw. */
        private final AtomicLong filterTested = new AtomicLong();

        private final AtomicLong filterKept = new AtomicLong();
        private final AtomicLong filterBatches = new AtomicLong();

        /** The join filter of the first key, or null. */
        KeyFilter keyFilter() {
            return keyFilter;
        }

        /**
         * Whether the placed join filter ({@link JoinFilterOperator}) should test the next batch:
         * always while it has seen few rows or drops at least 1 in {@link
         * #FILTER_MIN_DROPPED_SHARE} of them; else only every {@link #FILTER_RECHECK_BATCHES}th
         * batch, so a filter that keeps (nearly) every row — a build side that holds every key,
         * as Q14's whole part table — stops costing a lookup per probe row, and one whose rows
         * change character later picks up again. The join tests every row itself, so skipping is
         * always correct.
         */
        boolean filterWorthTesting() {
            long batch = filterBatches.getAndIncrement();
            long tested = filterTested.get();
            if (tested < FILTER_MIN_SAMPLE_ROWS) {
                return true;
            }
            long dropped = tested - filterKept.get();
            return dropped * FILTER_MIN_DROPPED_SHARE >= tested || batch % FILTER_RECHECK_BATCHES == 0;
        }

        /** Records a batch the placed join filter tested: {@code rows} in, {@code kept} kept. */
        void filterTested(int rows, int kept) {
            filterTested.addAndGet(rows);
            filterKept.addAndGet(kept);
        }

        @Override
        public synchronized void close() {
            chunks.forEach(chunk -> chunk.batch().close());
            chunks.clear();
            columns.forEach(FieldVector::close);
            columns = List.of();
            chunkMemory.forEach(HeapReservation::close);
            chunkMemory.clear();
            if (tableMemory != null) {
                tableMemory.close();
            }
            table = null; // the arrays are no longer counted: let them go
            keyFilter = null;
            matched = null;
        }
    }

    @Override
    public BuildState createGlobal(QueryState query) {
        return new BuildState();
    }

    @Override
    public LocalBuild createLocal(BuildState global, QueryState query) {
        return new LocalBuild(query);
    }

    @Override
    public void consume(LocalBuild local, Morsel morsel, QueryState query) {
        Batch batch = morsel.batch();
        if (batch.rowCount() == 0) {
            batch.close();
            return;
        }
        try {
            HashKeys keys = buildKeys.encode(batch);
            local.keyMemory.reserve(keys.bytes()); // after the fact: a batch's keys are small, the sum is not
            local.chunks.add(new BuildChunk(batch, keys));
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    @Override
    public void combine(BuildState global, LocalBuild local, QueryState query) {
        global.chunks.addAll(local.chunks);
        local.chunks.clear();
        global.chunkMemory.add(local.keyMemory); // closed by the global state from now on
    }

    @Override
    public void finish(BuildState global, QueryState query) {
        BufferAllocator allocator = query.context().allocator();
        int rows = 0;
        long keyBytes = 0; // the concatenated keys take what the chunks' keys take
        for (BuildChunk chunk : global.chunks) {
            rows += chunk.keys().rows();
            keyBytes += chunk.keys().bytes();
        }
        global.tableMemory = new HeapReservation(allocator, "the hash table of a join");
        global.tableMemory.reserve(keyBytes + ChainedHashTable.bytes(rows) + (trackBuildMatches ? rows : 0));
        List<Batch> batches = global.chunks.stream().map(BuildChunk::batch).toList();
        List<HashKeys> keys = global.chunks.stream().map(BuildChunk::keys).toList();
        Concatenated concatenated = concatenate(batches, keys, query);
        global.columns = concatenated.columns();
        for (Batch batch : batches) {
            global.rows += batch.rowCount();
            batch.close();
        }
        global.chunks.clear();
        HashKeys allKeys = concatenated.keys();
        ChainedHashTable table =
                ChainedHashTable.prepare(allKeys, true, query.context().threads());
        int parts = table.parts();
        KeyFilter[] keyFilter = new KeyFilter[1];
        // the table's parts and the join filter on the idle worker threads: the filter is the last task
        query.runParallel(parts + 1, task -> {
            if (task < parts) {
                table.insertPart(task);
            } else {
                keyFilter[0] = KeyFilter.of(allKeys);
            }
        });
        global.table = table.complete();
        global.keyFilter = keyFilter[0];
        if (global.keyFilter != null) {
            global.tableMemory.reserve(global.keyFilter.bytes());
        }
        global.matched = trackBuildMatches ? new byte[global.rows] : null;
        global.chunkMemory.forEach(HeapReservation::close); // the chunks' keys are garbage now
        global.chunkMemory.clear();
    }

    /** The build side's columns and keys, each concatenated over every chunk. */
    private record Concatenated(List<FieldVector> columns, HashKeys keys) {}

    /**
     * The build columns and keys of all chunks concatenated, each column and the keys a task of
     * its own on the idle worker threads; on failure what was made is closed.
     */
    private Concatenated concatenate(List<Batch> batches, List<HashKeys> keys, QueryState query) {
        List<Field> fields = build().outputFields();
        BufferAllocator allocator = query.context().allocator();
        FieldVector[] columns = new FieldVector[fields.size()];
        HashKeys[] allKeys = new HashKeys[1];
        try {
            query.runParallel(fields.size() + 1, task -> {
                if (task == 0) { // the keys first: the largest copy
                    allKeys[0] = HashKeys.concat(keys, buildKeys.longWidth());
                } else {
                    columns[task - 1] = BatchColumns.concat(batches, task - 1, fields.get(task - 1), allocator);
                }
            });
        } catch (RuntimeException e) {
            for (FieldVector column : columns) {
                if (column != null) {
                    column.close();
                }
            }
            throw e;
        }
        return new Concatenated(List.of(columns), allKeys[0]);
    }

    /** The whole output for one probe batch as one batch; pipelines use the chunked form below. */
    @Override
    public Batch process(Batch input, QueryState query) {
        List<Batch> outputs = new ArrayList<>();
        try {
            process(input, query, outputs::add);
            if (outputs.size() == 1) {
                return outputs.getFirst();
            }
            int rows = outputs.stream().mapToInt(Batch::rowCount).sum();
            return new Batch(
                    BatchColumns.concatAll(
                            outputs, outputFields(), query.context().allocator()),
                    rows);
        } finally {
            if (outputs.size() != 1) {
                outputs.forEach(Batch::close);
            }
        }
    }

    @Override
    public void process(Batch input, QueryState query, Consumer<Batch> downstream) {
        // ENCODED keys are encoded whole batches at a time
        Batch probe = probeKeys.longWidth() == 0
                ? Gather.compact(input, query.context().allocator())
                : input;
        try (probe) {
            BuildState state = query.finished(this);
            ProbeRows probeRows = new ProbeRows(probe.selection(), probe.selectedRowCount());
            int[] heads = lookup(probe, probeRows, state);
            if (remainder == null) {
                probeOnKeys(probe, probeRows, heads, state, query.context(), downstream);
            } else {
                probeWithRemainder(probe, probeRows, heads, state, query.context(), downstream);
            }
        }
    }

    /**
     * The probe reads a batch's selection as it is (PACKED and WIDE keys): the selected rows are
     * not copied before the join gathers the columns it outputs, once, from where they are.
     */
    @Override
    public boolean processesSelection() {
        return true;
    }

    /** The probe reads only the selected rows' keys and gathers only the matched ones (PACKED and WIDE keys). */
    @Override
    public boolean readsOnlySelectedRows() {
        return probeKeys.longWidth() > 0;
    }

    /**
     * The rows of a probe batch the join reads: its selection, or every row. The probe works on
     * positions {@code [0, count)} and gathers from the batch's rows {@link #row}.
     */
    private record ProbeRows(int[] selection, int count) {
        int row(int position) {
            return selection == null ? position : selection[position];
        }
    }

    /**
     * For each probe position, the first build row with equal keys, or -1. Only the selected rows'
     * keys are read. WIDE keys pass the join filter first: rows it turns away are never
     * interleaved, hashed or looked up. (A PACKED key's table has a Bloom filter of its own, and
     * ENCODED keys are encoded whole batches at a time.)
     */
    private int[] lookup(Batch input, ProbeRows probeRows, BuildState state) {
        int[] selection = probeRows.selection();
        int count = probeRows.count();
        if (state.keyFilter != null && probeKeys.longWidth() > 1) {
            int[] kept = new int[count];
            int keptCount = state.keyFilter.select(probeKeys, input, selection, count, kept);
            if (keptCount >= 0) {
                int[] found = state.table.lookup(probeKeys.encode(input, kept, keptCount));
                int[] heads = new int[count];
                Arrays.fill(heads, -1);
                int position = 0; // both ascending: walk the positions up to each kept row
                for (int index = 0; index < keptCount; index++) {
                    while (probeRows.row(position) != kept[index]) {
                        position++;
                    }
                    heads[position] = found[index];
                }
                return heads;
            }
        }
        HashKeys keys = selection == null ? probeKeys.encode(input) : probeKeys.encode(input, selection, count);
        return state.table.lookup(keys);
    }

    /** Rows per output batch: a batch's worth, and not so few that per-batch costs dominate. */
    private static int chunkRows(ExecutionContext context) {
        return Math.max(1024, context.batchRows());
    }

    private void probeOnKeys(
            Batch input,
            ProbeRows probeRows,
            int[] heads,
            BuildState state,
            ExecutionContext context,
            Consumer<Batch> downstream) {
        int count = probeRows.count();
        int[] next = state.table.chains();
        byte[] matched = state.matched;
        if (!type.outputsRight()) {
            if (buildLeft) { // SEMI/ANTI that hashed the left side: mark, the tail emits
                for (int position = 0; position < count; position++) {
                    int head = heads[position];
                    // a marked head means the whole chain is (or is being) marked, by this thread or another
                    if (head >= 0 && matched[head] == 0) {
                        for (int buildRow = head; buildRow >= 0; buildRow = next[buildRow]) {
                            matched[buildRow] = 1;
                        }
                    }
                }
                downstream.accept(empty(outputFields(), context));
                return;
            }
            boolean semi = type == JoinType.SEMI;
            int[] kept = new int[count];
            int keptCount = 0;
            for (int position = 0; position < count; position++) {
                kept[keptCount] = probeRows.row(position);
                keptCount += (heads[position] >= 0) == semi ? 1 : 0;
            }
            downstream.accept(keep(input, kept, keptCount, false, context));
            return;
        }
        int chunk = chunkRows(context);
        RowPairs pairs = new RowPairs(Math.min(count, chunk));
        for (int position = 0; position < count; position++) {
            int buildRow = heads[position];
            int row = probeRows.row(position);
            if (buildRow < 0) {
                if (keepUnmatchedProbe) {
                    pairs.add(row, -1);
                    emitIfFull(input, pairs, chunk, state, context, downstream);
                }
                continue;
            }
            for (; buildRow >= 0; buildRow = next[buildRow]) {
                pairs.add(row, buildRow);
                if (matched != null) {
                    matched[buildRow] = 1;
                }
                emitIfFull(input, pairs, chunk, state, context, downstream);
            }
        }
        emitRest(input, pairs, state, context, downstream);
    }

    /** Emits the pairs as a batch once there are {@code chunk} of them. */
    private void emitIfFull(
            Batch input,
            RowPairs pairs,
            int chunk,
            BuildState state,
            ExecutionContext context,
            Consumer<Batch> downstream) {
        if (pairs.size == chunk) {
            context.checkCancelled(); // one probe batch can yield many chunks
            downstream.accept(gather(input, pairs, state, context));
            pairs.clear();
            pairs.emitted = true;
        }
    }

    /** Emits the remaining pairs; an empty batch when nothing was emitted, so every input has an output. */
    private void emitRest(
            Batch input, RowPairs pairs, BuildState state, ExecutionContext context, Consumer<Batch> downstream) {
        if (pairs.size > 0 || !pairs.emitted) {
            downstream.accept(gather(input, pairs, state, context));
        }
    }

    private void probeWithRemainder(
            Batch input,
            ProbeRows probeRows,
            int[] heads,
            BuildState state,
            ExecutionContext context,
            Consumer<Batch> downstream) {
        int count = probeRows.count();
        int[] next = state.table.chains();
        boolean[] probeMatched = new boolean[input.rowCount()]; // by row: the remainder's pairs name rows
        int chunk = chunkRows(context);
        RowPairs output = type.outputsRight() ? new RowPairs(Math.min(chunk, count)) : null;
        RowPairs candidates = new RowPairs(Math.min(chunk, count));
        for (int position = 0; position < count; position++) {
            int row = probeRows.row(position);
            for (int buildRow = heads[position]; buildRow >= 0; buildRow = next[buildRow]) {
                candidates.add(row, buildRow);
                if (candidates.size == chunk) {
                    test(input, candidates, state, context, probeMatched, output, chunk, downstream);
                    candidates.clear();
                }
            }
        }
        if (candidates.size > 0) {
            test(input, candidates, state, context, probeMatched, output, chunk, downstream);
        }
        if (output != null) {
            if (keepUnmatchedProbe) {
                for (int position = 0; position < count; position++) {
                    int row = probeRows.row(position);
                    if (!probeMatched[row]) {
                        output.add(row, -1);
                        emitIfFull(input, output, chunk, state, context, downstream);
                    }
                }
            }
            emitRest(input, output, state, context, downstream);
            return;
        }
        if (buildLeft) {
            downstream.accept(empty(outputFields(), context));
            return;
        }
        boolean semi = type == JoinType.SEMI;
        int[] kept = new int[count];
        int keptCount = 0;
        for (int position = 0; position < count; position++) {
            int row = probeRows.row(position);
            kept[keptCount] = row;
            keptCount += probeMatched[row] == semi ? 1 : 0;
        }
        downstream.accept(keep(input, kept, keptCount, false, context));
    }

    /**
     * Evaluates the remainder over candidate pairs and records those where it is TRUE, emitting
     * {@code output} whenever it holds {@code chunk} pairs.
     */
    private void test(
            Batch input,
            RowPairs candidates,
            BuildState state,
            ExecutionContext context,
            boolean[] probeMatched,
            RowPairs output,
            int chunk,
            Consumer<Batch> downstream) {
        context.checkCancelled(); // a nested-loop join can spend long on one probe batch

        try (Batch joined = gather(input, candidates, state, context);
                FieldVector condition = remainder.evaluate(joined, context)) {
            ArrowBuf values = condition.getDataBuffer();
            ArrowBuf validity = condition.getValidityBuffer();
            byte[] matched = state.matched;
            for (int index = 0; index < candidates.size; index++) {
                if ((BitVectorHelper.get(values, index) & BitVectorHelper.get(validity, index)) == 0) {
                    continue;
                }
                int probeRow = candidates.probeRows[index];
                int buildRow = candidates.buildRows[index];
                probeMatched[probeRow] = true;
                if (matched != null) {
                    matched[buildRow] = 1;
                }
                if (output != null) {
                    output.add(probeRow, buildRow);
                    emitIfFull(input, output, chunk, state, context, downstream);
                }
            }
        }
    }

    /** The pairs as a batch of the left columns then the right ones (build row -1: NULLs). */
    private Batch gather(Batch input, RowPairs pairs, BuildState state, ExecutionContext context) {
        List<FieldVector> columns = new ArrayList<>(outputColumns.length);
        try {
            int leftWidth = left.outputFields().size();
            // tested once per side for all its columns
            boolean buildRuns = Gather.isRunHeavy(pairs.buildRows, pairs.size);
            boolean probeRuns = Gather.isRunHeavy(pairs.probeRows, pairs.size);
            for (int column : outputColumns) {
                boolean fromLeft = column < leftWidth;
                int index = fromLeft ? column : column - leftWidth;
                boolean fromBuild = fromLeft == buildLeft;
                FieldVector source = fromBuild ? state.columns.get(index) : input.column(index);
                int[] rows = fromBuild ? pairs.buildRows : pairs.probeRows;
                FieldVector gathered =
                        Gather.gather(source, rows, pairs.size, context.allocator(), fromBuild ? buildRuns : probeRuns);
                columns.add(Vectors.rename(gathered, joinedFields.get(column), context.allocator()));
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
        return new Batch(columns, pairs.size);
    }

    /**
     * Rows {@code kept[0, count)} of {@code input} (ascending), as a new batch; {@code input} stays
     * the caller's. The rows are the new batch's selection over the same columns where they are at
     * least {@link Batch#KEPT_FOR_SELECTION} of the rows, or where {@code sparse} says the next operator
     * only looks rows up; otherwise they are copied.
     */
    static Batch keep(Batch input, int[] kept, int count, boolean sparse, ExecutionContext context) {
        int rows = input.rowCount();
        boolean copy = count == 0 || (count < rows * Batch.KEPT_FOR_SELECTION && !sparse);
        List<FieldVector> columns = new ArrayList<>(input.columnCount());
        try {
            boolean runHeavy = copy && Gather.isRunHeavy(kept, count); // once for all columns
            for (int column = 0; column < input.columnCount(); column++) {
                columns.add(
                        copy
                                ? Gather.gather(input.column(column), kept, count, context.allocator(), runHeavy)
                                : input.retainColumn(column, context.allocator()));
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
        if (copy) {
            return new Batch(columns, count);
        }
        return count == rows ? new Batch(columns, rows) : new Batch(columns, rows, kept, count);
    }

    /** A batch of {@code count} rows that are NULL in every column. */
    private static Batch nulls(List<Field> fields, int count, ExecutionContext context) {
        List<FieldVector> columns = new ArrayList<>(fields.size());
        try {
            for (Field field : fields) {
                FieldVector vector = field.createVector(context.allocator());
                columns.add(vector);
                vector.setInitialCapacity(Math.max(count, 1));
                vector.allocateNew();
                vector.setValueCount(count);
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
        return new Batch(columns, count);
    }

    private static Batch empty(List<Field> fields, ExecutionContext context) {
        return nulls(fields, 0, context);
    }

    /**
     * The probe keys, when a probe row without a match adds nothing to the output: not for the
     * preserved side of an outer join nor for ANTI's left rows, and not for the nested-loop join.
     */
    @Override
    public int[] filterKeys() {
        boolean keepsUnmatched = keepUnmatchedProbe || (type == JoinType.ANTI && !buildLeft);
        return keepsUnmatched || leftKeys.length == 0 ? new int[0] : (buildLeft ? rightKeys : leftKeys).clone();
    }

    /** Whether a NULL first key can match (IS NOT DISTINCT FROM): a key range then says nothing of its rows. */
    boolean firstKeyMatchesNull() {
        return nullsEqual.length > 0 && nullsEqual[0];
    }

    /**
     * The join filter for {@code columns}: all the probe keys, or only the first. The filter tests
     * the first key against {@link KeyFilter}, built from the build side's long forms of it; a
     * layout of the first key alone gives it the same long form when all the keys are longs.
     */
    @Override
    public StreamOperator joinFilter(List<Field> fields, int[] columns, boolean sparseSelections) {
        int keys = columns.length;
        List<KeyLayout> layouts = KeyLayout.forJoin(
                build().outputFields(),
                Arrays.copyOf(buildLeft ? leftKeys : rightKeys, keys),
                fields,
                columns,
                Arrays.copyOf(nullsEqual, keys));
        KeyLayout layout = layouts.get(1);
        // keys that are not longs would be encoded twice, by the filter and by the join
        boolean compatible = keys == leftKeys.length
                ? layout.compatibleWith(buildKeys)
                : buildKeys.longWidth() > 0 && layout.compatibleWith(layouts.get(0));
        return layout.longWidth() > 0 && compatible
                ? new JoinFilterOperator(this, layout, fields, sparseSelections)
                : null;
    }

    /**
     * Probe columns pass through unchanged, where the output has them. Not when build rows are
     * emitted after the probe: dropping probe rows earlier would leave more of them unmatched.
     */
    @Override
    public int inputColumn(int outputColumn) {
        if (trackBuildMatches) {
            return -1;
        }
        int leftWidth = left.outputFields().size();
        if (!type.outputsRight()) {
            return buildLeft ? -1 : outputColumn; // SEMI/ANTI output the left rows only
        }
        int joinedColumn = outputColumns[outputColumn];
        int probeColumn = buildLeft ? joinedColumn - leftWidth : joinedColumn;
        return probeColumn >= 0 && probeColumn < probe().outputFields().size() ? probeColumn : -1;
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(build(), probe());
    }

    @Override
    public List<Field> outputFields() {
        return type.outputsRight() ? narrowedFields : left.outputFields();
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder(leftKeys.length == 0 ? "NestedLoopJoin(" : "HashJoin(");
        text.append(type).append(", build ").append(buildLeft ? "left" : "right");
        for (int key = 0; key < leftKeys.length; key++) {
            text.append(key == 0 ? ", " : " AND ")
                    .append("$")
                    .append(leftKeys[key])
                    .append(" = $")
                    .append(left.outputFields().size() + rightKeys[key]);
        }
        if (remainder != null) {
            text.append(", ").append(remainder.describe());
        }
        if (outputColumns.length < joinedFields.size()) {
            text.append(", keep=").append(Arrays.toString(outputColumns));
        }
        return text.append(")").toString();
    }

    /**
     * A hash join that emits build rows once the probe is over — unmatched rows of an outer build
     * side, or the left rows of a SEMI/ANTI join that hashed the left side. As a source it hands
     * out those rows, {@code batchRows} build rows per morsel, from the finished build state.
     */
    public static final class WithBuildOutput extends HashJoinOperator implements SourceOperator {
        private WithBuildOutput(
                PhysicalOperator left,
                PhysicalOperator right,
                JoinType type,
                boolean buildLeft,
                int[] leftKeys,
                int[] rightKeys,
                boolean[] nullsEqual,
                Expr remainder) {
            super(left, right, type, buildLeft, leftKeys, rightKeys, nullsEqual, remainder, null);
        }

        @Override
        public SourceState open(QueryState query) {
            BuildState state = query.finished(this);
            ExecutionContext context = query.context();
            int chunk = context.batchRows();
            HashJoinOperator join = this;
            boolean wanted = join.type == JoinType.SEMI; // SEMI emits matched rows; outer and ANTI unmatched ones
            AtomicInteger nextChunk = new AtomicInteger();
            return () -> {
                while (true) {
                    int index = nextChunk.getAndIncrement();
                    long start = (long) index * chunk;
                    if (start >= state.rows) {
                        return null;
                    }
                    int end = (int) Math.min(start + chunk, state.rows);
                    int[] selected = new int[end - (int) start];
                    int count = 0;
                    for (int row = (int) start; row < end; row++) {
                        if ((state.matched[row] != 0) == wanted) {
                            selected[count++] = row;
                        }
                    }
                    if (count > 0) {
                        return new Morsel(index, buildRows(state, selected, count, context));
                    }
                }
            };
        }

        /** Chosen build rows, with NULLs for the probe side's columns when the output has them. */
        private Batch buildRows(BuildState state, int[] selected, int count, ExecutionContext context) {
            HashJoinOperator join = this;
            List<Field> fields = join.outputFields();
            List<FieldVector> columns = new ArrayList<>(fields.size());
            try (Batch nulls = nulls(join.probe().outputFields(), count, context)) {
                int leftWidth = join.left.outputFields().size();
                for (int column = 0; column < fields.size(); column++) {
                    boolean fromLeft = column < leftWidth;
                    int index = fromLeft ? column : column - leftWidth;
                    FieldVector vector = fromLeft == join.buildLeft
                            ? Gather.gather(state.columns.get(index), selected, count, context.allocator())
                            : nulls.retainColumn(index, context.allocator());
                    columns.add(Vectors.rename(vector, fields.get(column), context.allocator()));
                }
            } catch (RuntimeException e) {
                columns.forEach(FieldVector::close);
                throw e;
            }
            return new Batch(columns, count);
        }
    }
}
