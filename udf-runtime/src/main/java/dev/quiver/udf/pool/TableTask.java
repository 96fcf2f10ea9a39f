package dev.quiver.udf.pool;

import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.TableColumn;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.convert.BatchExchange;
import dev.quiver.udf.convert.ColumnAssembler;
import dev.quiver.udf.cpython.ReplySink;
import dev.quiver.udf.cpython.RuntimeReply;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * One reply of a table function run: {@code tf_start} (a slice of input rows, on any interpreter)
 * or {@code tf_next} (the same run continued, directed at the interpreter holding it). The reply's
 * rows are copied into Arrow vectors of the caller's allocator while Python still holds them.
 */
final class TableTask extends TierTask<TableChunk> {
    private final PythonTableFunction.Run run;
    private final List<? extends FieldVector> arguments;
    private final int rowCount;
    private final BufferAllocator allocator;
    private final LongUnaryOperator callerRow;
    private final boolean start;
    private final int maxRows;
    private final RunningExchange running = new RunningExchange();

    private TableTask(
            PythonTableFunction.Run run,
            List<? extends FieldVector> arguments,
            int rowCount,
            BufferAllocator allocator,
            LongUnaryOperator callerRow,
            boolean start,
            int maxRows) {
        this.run = run;
        this.maxRows = maxRows;
        this.arguments = arguments;
        this.rowCount = rowCount;
        this.allocator = allocator;
        this.callerRow = callerRow;
        this.start = start;
    }

    static TableTask start(
            PythonTableFunction.Run run,
            List<? extends FieldVector> arguments,
            int rowCount,
            BufferAllocator allocator,
            LongUnaryOperator callerRow) {
        return new TableTask(run, arguments, rowCount, allocator, callerRow, true, run.maxRows());
    }

    static TableTask next(
            PythonTableFunction.Run run, BufferAllocator allocator, LongUnaryOperator callerRow, int maxRows) {
        return new TableTask(run, List.of(), 0, allocator, callerRow, false, maxRows);
    }

    private RegisteredFunction function() {
        return run.function();
    }

    @Override
    String functionName() {
        return function().name();
    }

    @Override
    BufferAllocator allocator() {
        return allocator; // the query's Python memory limit is found through it
    }

    @Override
    int functionId() {
        return function().id();
    }

    @Override
    TableChunk runAt(PythonSite site) {
        RegisteredFunction function = function();
        if (!start) {
            run.checkHolder(site);
            return call(site, "tf_next", new Object[] {run.token(), maxRows}, row -> row);
        }
        RuntimeReply definition = site.ensureDefined(function, callId);
        if (definition != null && !definition.isOk()) {
            throw site.failure(function, definition, row -> row, this);
        }
        try (BatchExchange exchange = new BatchExchange(inputShape(), arguments, rowCount, allocator)) {
            if (!exchange.needsPython()) {
                return emptyChunk(false); // every row had a NULL argument: no rows, no run
            }
            running.set(exchange);
            run.holds(site.holder(), site.identity());
            Object[] leading = {
                function.id(), run.token(), maxRows, exchange.pythonRowCount(), exchange.buffers(), run.rowArgument()
            };
            return call(site, "tf_start", leading, exchange::callerRow);
        }
    }

    /** The input side as BatchExchange reads it: the arguments, and an unused BOOLEAN output. */
    private PythonFunction inputShape() {
        PythonFunction definition = function().definition();
        return new PythonFunction(
                definition.name(),
                "",
                definition.handler(),
                definition.argumentTypes(),
                UdfType.BOOLEAN,
                FunctionKind.SCALAR,
                definition.nullHandling(),
                definition.errorHandling(),
                definition.deterministic());
    }

    private TableChunk call(
            PythonSite site, String entryPoint, Object[] arguments, LongUnaryOperator pythonRowToSlice) {
        ChunkSink sink = new ChunkSink(pythonRowToSlice);
        try {
            RuntimeReply reply = site.call(callId, entryPoint, sink, arguments);
            if (!reply.isOk()) {
                if (reply.status() != RuntimeReply.Status.CANCELLED) {
                    // Python dropped the run's state on every failure but a cancel, which may have
                    // stopped the call before Python ran it: then close() frees the state (a no-op
                    // when it is gone). Marked ended there, a run leaked (a flaky leak test).
                    run.ended();
                }
                throw site.failure(
                        function(), reply, row -> callerRow.applyAsLong(pythonRowToSlice.applyAsLong(row)), this);
            }
            TableChunk chunk = sink.take((int) reply.row(), "more".equals(reply.pythonType()));
            if (!chunk.more()) {
                run.ended();
            }
            return chunk;
        } finally {
            sink.close();
        }
    }

    private TableChunk emptyChunk(boolean more) {
        ChunkSink sink = new ChunkSink(row -> row);
        try {
            sink.allocate(0);
            return sink.take(0, more);
        } finally {
            sink.close();
        }
    }

    @Override
    void discard(TableChunk value) {
        if (value != null) {
            value.close();
        }
    }

    @Override
    void handOverMemory() {
        running.handOver(allocator, "table function call of " + function().name() + " (call " + callId + ")");
    }

    @Override
    void ended() {
        running.ended(function().name());
    }

    /**
     * Copies a reply's payload — input rows (int32), then (mask, offsets, data) per result column —
     * into vectors. Owns them until {@link #take}; {@link #close} frees what was not taken.
     */
    private final class ChunkSink implements ReplySink {
        private final LongUnaryOperator pythonRowToSlice;
        private IntVector inputRows;
        private final List<FieldVector> columns = new ArrayList<>();

        ChunkSink(LongUnaryOperator pythonRowToSlice) {
            this.pythonRowToSlice = pythonRowToSlice;
        }

        void allocate(int rows) {
            inputRows = new IntVector("input_row", allocator);
            inputRows.allocateNew(Math.max(1, rows));
            for (TableColumn column : function().definition().resultColumns()) {
                columns.add(column.type().toField(column.name()).createVector(allocator));
            }
        }

        @Override
        public void accept(long[] addresses, long[] lengths) {
            int rows = (int) (lengths[0] / Integer.BYTES);
            inputRows = new IntVector("input_row", allocator);
            inputRows.allocateNew(Math.max(1, rows));
            for (int row = 0; row < rows; row++) {
                int pythonRow = MemoryUtil.getInt(addresses[0] + (long) row * Integer.BYTES);
                inputRows.set(row, (int) pythonRowToSlice.applyAsLong(pythonRow));
            }
            inputRows.setValueCount(rows);
            ColumnAssembler assembler = new ColumnAssembler(allocator, addresses, lengths, 1);
            try {
                for (TableColumn column : function().definition().resultColumns()) {
                    columns.add(assembler.assemble(column.name(), column.type(), rows));
                }
            } catch (IllegalStateException e) {
                throw new UdfException(
                        UdfException.Reason.INTERNAL,
                        function().name(),
                        e.getMessage() + ", for table function " + function().name());
            }
        }

        TableChunk take(int rows, boolean more) {
            if (inputRows == null) {
                allocate(0);
            }
            inputRows.setValueCount(rows);
            columns.forEach(column -> column.setValueCount(rows));
            TableChunk chunk = new TableChunk(inputRows, List.copyOf(columns), rows, more);
            inputRows = null;
            columns.clear();
            return chunk;
        }

        void close() {
            if (inputRows != null) {
                inputRows.close();
            }
            columns.forEach(FieldVector::close);
            columns.clear();
        }
    }
}
