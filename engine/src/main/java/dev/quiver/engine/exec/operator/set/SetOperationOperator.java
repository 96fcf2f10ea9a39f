package dev.quiver.engine.exec.operator.set;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.ChainedHashTable;
import dev.quiver.engine.exec.key.HashKeys;
import dev.quiver.engine.exec.key.KeyLayout;
import dev.quiver.engine.exec.operator.FinishedBatches;
import dev.quiver.engine.exec.pipeline.Morsel;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.SinkOperator;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.BatchColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * UNION (distinct), INTERSECT [ALL] and EXCEPT [ALL] over any number of inputs, by hashing: every
 * row of every input is keyed on all its columns — NULL equals NULL, as set operations compare
 * rows — and counted per input. Each distinct row then appears as often as the operation says:
 * UNION once; INTERSECT once if every input has it, ALL the fewest times any input has it; EXCEPT
 * once if only the first input has it, ALL as often as the first input has it more than all the
 * others together (so {@code a EXCEPT ALL b EXCEPT ALL c} as written).
 *
 * <p>A breaker with one pipeline per input. The sink cannot tell pipelines apart, so each input
 * passes an {@link InputTag} that appends a column holding the input's number. Output rows come
 * in the order of their first appearance (by input, then by the morsels' arrival).
 */
public final class SetOperationOperator
        implements SinkOperator<SetOperationOperator.State, SetOperationOperator.Local>, SourceOperator {

    /** The operation. */
    public enum Kind {
        UNION,
        INTERSECT,
        EXCEPT
    }

    private final List<PhysicalOperator> inputs;
    private final Kind kind;
    private final boolean all;
    private final List<Field> fields;
    private final KeyLayout keys;

    /**
     * @param all    INTERSECT ALL / EXCEPT ALL (UNION ALL is {@link UnionAllOperator})
     * @param fields the output columns; every input has columns of the same types
     */
    public SetOperationOperator(List<PhysicalOperator> inputs, Kind kind, boolean all, List<Field> fields) {
        if (kind == Kind.UNION && all) {
            throw new IllegalArgumentException("UNION ALL does not hash; use UnionAllOperator");
        }
        List<PhysicalOperator> tagged = new ArrayList<>(inputs.size());
        for (int index = 0; index < inputs.size(); index++) {
            tagged.add(new InputTag(inputs.get(index), index));
        }
        this.inputs = List.copyOf(tagged);
        this.kind = kind;
        this.all = all;
        this.fields = List.copyOf(fields);
        int[] columns = new int[fields.size()];
        boolean[] nullsEqual = new boolean[fields.size()];
        for (int column = 0; column < columns.length; column++) {
            columns[column] = column;
            nullsEqual[column] = true;
        }
        this.keys = new KeyLayout(fields, columns, nullsEqual);
    }

    /** Appends a column holding the input's number to each batch of one input. */
    public static final class InputTag implements StreamOperator {
        private final PhysicalOperator input;
        private final int index;

        public InputTag(PhysicalOperator input, int index) {
            this.input = input;
            this.index = index;
        }

        @Override
        public Batch process(Batch batch, QueryState query) {
            IntVector tag = new IntVector("input", query.context().allocator());
            try {
                tag.allocateNew(Math.max(batch.rowCount(), 1));
                for (int row = 0; row < batch.rowCount(); row++) {
                    tag.set(row, index);
                }
                tag.setValueCount(batch.rowCount());
            } catch (RuntimeException e) {
                tag.close();
                batch.close();
                throw e;
            }
            List<FieldVector> columns = new ArrayList<>(batch.columns());
            columns.add(tag);
            return new Batch(columns, batch.rowCount()); // takes the input's vectors over
        }

        @Override
        public List<PhysicalOperator> children() {
            return List.of(input);
        }

        @Override
        public List<Field> outputFields() {
            List<Field> fields = new ArrayList<>(input.outputFields());
            fields.add(Field.notNullable("input", new org.apache.arrow.vector.types.pojo.ArrowType.Int(32, true)));
            return fields;
        }

        @Override
        public String describe() {
            return "InputTag(" + index + ")";
        }
    }

    /** A batch of one input and its encoded rows. */
    private record Chunk(Batch batch, HashKeys keys, int input) {}

    /** One thread's input batches, until combined. */
    public static final class Local implements AutoCloseable {
        private final List<Chunk> chunks = new ArrayList<>();

        @Override
        public void close() {
            chunks.forEach(chunk -> chunk.batch().close());
            chunks.clear();
        }
    }

    /** Every input batch, then the output batches not yet handed out. */
    public static final class State implements AutoCloseable {
        private final List<Chunk> chunks = new ArrayList<>();
        private final FinishedBatches output = new FinishedBatches();

        @Override
        public synchronized void close() {
            chunks.forEach(chunk -> chunk.batch().close());
            chunks.clear();
            output.close();
        }
    }

    @Override
    public State createGlobal(QueryState query) {
        return new State();
    }

    @Override
    public Local createLocal(State global, QueryState query) {
        return new Local();
    }

    @Override
    public void consume(Local local, Morsel morsel, QueryState query) {
        Batch tagged = morsel.batch();
        if (tagged.rowCount() == 0) {
            tagged.close();
            return;
        }
        int input = ((IntVector) tagged.column(tagged.columnCount() - 1)).get(0);
        Batch batch = BatchColumns.renamed(tagged, fields, query.context().allocator());
        try {
            local.chunks.add(new Chunk(batch, keys.encode(batch), input));
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    @Override
    public void combine(State global, Local local, QueryState query) {
        global.chunks.addAll(local.chunks);
        local.chunks.clear();
    }

    @Override
    public void finish(State global, QueryState query) {
        BufferAllocator allocator = query.context().allocator();
        List<Chunk> chunks = global.chunks;
        chunks.sort((a, b) -> Integer.compare(a.input(), b.input())); // stable: first appearance by input
        int rows = 0;
        for (Chunk chunk : chunks) {
            rows += chunk.batch().rowCount();
        }
        int[] inputOf = new int[rows];
        List<HashKeys> encoded = new ArrayList<>(chunks.size());
        int base = 0;
        for (Chunk chunk : chunks) {
            Arrays.fill(inputOf, base, base + chunk.batch().rowCount(), chunk.input());
            base += chunk.batch().rowCount();
            encoded.add(chunk.keys());
        }
        ChainedHashTable table = ChainedHashTable.build(HashKeys.concat(encoded, keys.longWidth()));
        IntStream.Builder kept = IntStream.builder(); // the row each output row copies
        int[] counts = new int[inputs.size()];
        int[] next = table.chains();
        for (int head : table.heads()) {
            Arrays.fill(counts, 0);
            int representative = -1;
            for (int row = head; row >= 0; row = next[row]) {
                counts[inputOf[row]]++;
                if (representative < 0 && (kind != Kind.EXCEPT || inputOf[row] == 0)) {
                    representative = row;
                }
            }
            for (int copy = multiplicity(counts); copy > 0; copy--) {
                kept.add(representative);
            }
        }
        int[] rowsKept = kept.build().sorted().toArray();
        List<FieldVector> columns =
                BatchColumns.concatAll(chunks.stream().map(Chunk::batch).toList(), fields, allocator);
        try {
            List<Batch> output = BatchColumns.gatherInBatches(
                    columns, rowsKept, rowsKept.length, query.context().batchRows(), allocator);
            synchronized (global) {
                global.output.addAll(output);
            }
        } finally {
            columns.forEach(FieldVector::close);
            chunks.forEach(chunk -> chunk.batch().close());
            chunks.clear();
        }
    }

    /** How many times a distinct row with these per-input counts is output. */
    private int multiplicity(int[] counts) {
        return switch (kind) {
            case UNION -> 1;
            case INTERSECT -> {
                int fewest = Arrays.stream(counts).min().orElse(0);
                yield all ? fewest : Math.min(fewest, 1);
            }
            case EXCEPT -> {
                int others = Arrays.stream(counts).skip(1).sum();
                yield all ? Math.max(0, counts[0] - others) : (counts[0] > 0 && others == 0 ? 1 : 0);
            }
        };
    }

    @Override
    public SourceState open(QueryState query) {
        return query.<State>finished(this).output::take;
    }

    @Override
    public List<PhysicalOperator> children() {
        return inputs;
    }

    @Override
    public List<Field> outputFields() {
        return fields;
    }

    @Override
    public String describe() {
        return kind + (all ? " ALL" : "") + "(" + inputs.size() + " inputs)";
    }
}
