package dev.quiver.engine.exec.operator.udf;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.operator.project.FilterOperator;
import dev.quiver.engine.exec.pipeline.Downstream;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import dev.quiver.engine.exec.vector.Gather;
import dev.quiver.udf.pool.PythonTableFunction;
import dev.quiver.udf.pool.TableChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Calls a Python table function once per input row and emits, for each row it yields, the input
 * row's kept columns beside the yielded values: a lateral join with the function ({@code FROM t,
 * LATERAL f(t.x)}), or — over a one-row input of constant arguments, keeping no column — a table
 * function in FROM ({@code FROM f('a b c')}).
 *
 * <p>Parallelism: each batch is cut into up to one slice per interpreter, each slice one run of the
 * function (one fresh handler instance, whose {@code terminate()} follows the slice's last row), and
 * every run starts at once. Output streams: each run answers in chunks of at most the query's batch
 * size; the next chunk of a run is requested as soon as one arrives, before it goes downstream,
 * so Python and the rest of the pipeline overlap while at most two chunks per run exist.
 *
 * <p>LIMIT: between chunks the operator asks its {@link Downstream} whether more rows are wanted;
 * once not, it stops every run (cancelling the chunk being computed and dropping the generator).
 * Chunks start small ({@link #FIRST_CHUNK_ROWS}) and double, so a generator under {@code LIMIT 5}
 * yields a few hundred rows, not a batch's worth.
 *
 * <p>Outer: with {@code keepUnmatched} (LEFT JOIN LATERAL … ON condition) only yielded rows that
 * pass the condition are emitted, and an input row none of whose rows passed is emitted once, with
 * NULL function columns, after the batch's runs ended (DuckDB's semantics).
 *
 * <p>Cancellation: the waiting thread polls the query's flag; a cancel stops every run's current
 * call (interrupting the generator) and frees what the interpreters hold. Immutable; shared by the
 * pipeline's threads.
 */
public final class PythonTableFunctionOperator implements StreamOperator {
    /** Fewer input rows per run would make a run's fixed cost (~0.1 ms) dominate. */
    static final int MIN_SLICE_ROWS = 64;

    /**
     * A run's first chunk holds at most this many rows, each next one twice as many up to the
     * query's batch size: under a LIMIT the generator stops after little more than the rows read,
     * and a long run still reaches full-size chunks after a few calls.
     */
    static final int FIRST_CHUNK_ROWS = 128;

    private final PhysicalOperator input;
    private final PythonTableFunction function;
    private final int[] arguments;
    private final int[] kept;
    private final boolean keepUnmatched;
    private final Expr condition;
    private final int interpreters;
    private final int chunkRows;
    private final String description;
    private final List<Field> outputFields;

    /**
     * @param arguments     the input columns passed to the function, one per declared argument, of
     *                      the declared types
     * @param kept          the input columns emitted beside the function's columns
     * @param keepUnmatched whether an input row that yields nothing is emitted with NULLs
     * @param condition     with keepUnmatched, which output rows count (LEFT JOIN LATERAL … ON
     *                      condition, over the output fields); null for TRUE
     * @param outputFields  the kept columns' fields, then the function's result columns
     * @param description   the EXPLAIN text
     */
    public PythonTableFunctionOperator(
            PhysicalOperator input,
            PythonTableFunction function,
            int interpreters,
            int[] arguments,
            int[] kept,
            boolean keepUnmatched,
            Expr condition,
            int chunkRows,
            List<Field> outputFields,
            String description) {
        this.input = input;
        this.function = function;
        this.interpreters = Math.max(1, interpreters);
        this.arguments = arguments.clone();
        this.kept = kept.clone();
        this.keepUnmatched = keepUnmatched;
        this.condition = condition;
        this.chunkRows = Math.max(1, chunkRows);
        this.outputFields = List.copyOf(outputFields);
        this.description = description;
    }

    @Override
    public Batch process(Batch input, QueryState query) {
        throw new UnsupportedOperationException("a table function emits many batches per input batch");
    }

    @Override
    public void process(Batch batch, QueryState query, Consumer<Batch> downstream) {
        ExecutionContext context = query.context();
        BufferAllocator allocator = context.allocator();
        boolean[] emitted = {false};
        Consumer<Batch> out = output -> {
            emitted[0] = true;
            downstream.accept(output);
        };
        try (batch) {
            int rows = batch.rowCount();
            boolean[] matched = keepUnmatched ? new boolean[rows] : null;
            if (rows > 0 && !Downstream.isSatisfied(downstream)) {
                runAll(batch, context, matched, out, downstream);
            }
            if (keepUnmatched && !Downstream.isSatisfied(downstream)) {
                emitUnmatched(batch, matched, allocator, out);
            }
        }
        if (!emitted[0]) {
            downstream.accept(emptyBatch(allocator)); // every morsel reaches the sink
        }
    }

    /**
     * One run per slice of the batch, all started at once; chunks go downstream as they arrive,
     * until every run ended or the downstream needs no more rows (then the runs are stopped).
     */
    private void runAll(
            Batch batch, ExecutionContext context, boolean[] matched, Consumer<Batch> out, Consumer<Batch> downstream) {
        int rows = batch.rowCount();
        int sliceRows = Math.max(MIN_SLICE_ROWS, (rows + interpreters - 1) / interpreters);
        int slices = (rows + sliceRows - 1) / sliceRows;
        int[] sliceStarts = new int[slices + 1];
        for (int slice = 0; slice <= slices; slice++) {
            sliceStarts[slice] = Math.min(rows, slice * sliceRows);
        }
        List<FieldVector> argumentColumns = new ArrayList<>(arguments.length);
        for (int column : arguments) {
            argumentColumns.add(batch.column(column));
        }
        TableRuns.drive(
                function,
                argumentColumns,
                sliceStarts,
                slices,
                chunkRows,
                context,
                (slice, chunk) -> emit(batch, chunk, sliceStarts[slice], matched, context, out),
                () -> Downstream.isSatisfied(downstream));
    }

    /**
     * The chunk's rows beside the kept columns of the input rows they came from; with an ON
     * condition only the rows passing it (and only they mark their input row matched).
     */
    private void emit(
            Batch batch,
            TableChunk chunk,
            int sliceStart,
            boolean[] matched,
            ExecutionContext context,
            Consumer<Batch> out) {
        int count = chunk.rowCount();
        if (count == 0) {
            return;
        }
        BufferAllocator allocator = context.allocator();
        int[] rows = new int[count];
        for (int row = 0; row < count; row++) {
            rows[row] = sliceStart + chunk.inputRows().get(row);
        }
        List<FieldVector> columns = new ArrayList<>(outputFields.size());
        try {
            boolean runHeavy = Gather.isRunHeavy(rows, count);
            for (int column : kept) {
                columns.add(Gather.gather(batch.column(column), rows, count, allocator, runHeavy));
            }
            for (int index = 0; index < chunk.columns().size(); index++) {
                // moved out of the chunk (which closes what it still holds) under the plan's name
                FieldVector yielded = chunk.columns().get(index);
                Field field = outputFields.get(kept.length + index);
                TransferPair pair = yielded.getTransferPair(
                        new Field(
                                field.getName(),
                                FieldType.nullable(yielded.getField().getType()),
                                null),
                        allocator);
                pair.transfer();
                columns.add((FieldVector) pair.getTo());
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
        Batch output = new Batch(columns, count);
        if (condition != null) {
            output = passing(output, rows, context);
            count = output.rowCount();
        }
        if (matched != null) {
            for (int row = 0; row < count; row++) {
                matched[rows[row]] = true;
            }
        }
        if (count == 0) {
            output.close();
            return;
        }
        out.accept(output);
    }

    /** The rows of {@code output} passing the ON condition; {@code rows} is compacted alike. */
    private Batch passing(Batch output, int[] rows, ExecutionContext context) {
        try (output;
                BitVector mask = (BitVector) condition.evaluate(output, context)) {
            int count = output.rowCount();
            int[] selected = new int[count];
            int passed = FilterOperator.selectTrueRows(mask, count, selected);
            for (int index = 0; index < passed; index++) {
                rows[index] = rows[selected[index]];
            }
            List<FieldVector> columns = new ArrayList<>(output.columnCount());
            try {
                for (int column = 0; column < output.columnCount(); column++) {
                    columns.add(Gather.gather(output.column(column), selected, passed, context.allocator()));
                }
            } catch (RuntimeException e) {
                columns.forEach(FieldVector::close);
                throw e;
            }
            return new Batch(columns, passed);
        }
    }

    /** The input rows that yielded nothing, with NULL function columns (LEFT JOIN LATERAL). */
    private void emitUnmatched(Batch batch, boolean[] matched, BufferAllocator allocator, Consumer<Batch> out) {
        int[] rows = new int[matched.length];
        int count = 0;
        for (int row = 0; row < matched.length; row++) {
            if (!matched[row]) {
                rows[count++] = row;
            }
        }
        if (count == 0) {
            return;
        }
        int[] unmatched = Arrays.copyOf(rows, count);
        int[] nulls = new int[count];
        Arrays.fill(nulls, -1);
        List<FieldVector> columns = new ArrayList<>(outputFields.size());
        try {
            for (int column : kept) {
                columns.add(Gather.gather(batch.column(column), unmatched, count, allocator));
            }
            for (int index = kept.length; index < outputFields.size(); index++) {
                try (FieldVector empty = PythonUdfOperator.empty(outputFields.get(index), allocator)) {
                    columns.add(Gather.gather(empty, nulls, count, allocator));
                }
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
        out.accept(new Batch(columns, count));
    }

    private Batch emptyBatch(BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(outputFields.size());
        for (Field field : outputFields) {
            columns.add(PythonUdfOperator.empty(field, allocator));
        }
        return new Batch(columns, 0);
    }

    @Override
    public List<PhysicalOperator> children() {
        return List.of(input);
    }

    @Override
    public List<Field> outputFields() {
        return outputFields;
    }

    @Override
    public String describe() {
        return description;
    }
}
