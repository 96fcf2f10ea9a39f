package dev.quiver.udf.pool;

import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.convert.BatchExchange;
import dev.quiver.udf.cpython.RuntimeReply;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * One call of an aggregation's entry points in the Python runtime ({@code agg_accumulate},
 * {@code agg_export}, {@code agg_merge_finish}) over a {@link BatchExchange}, with the memory
 * hand-over of an abandoned call that {@link BatchTask} has too.
 *
 * <p>The exchange is built for a <em>shape</em> of the call (its columns and output type), not for
 * the user's function: accumulate passes the arguments plus the group ids, export has no inputs
 * and a VARBINARY output, merge-finish passes group ids and state columns and has the declared
 * return type as output.
 */
abstract class AggregateTask extends TierTask<FieldVector> {
    final RegisteredFunction function;
    private final String entryPoint;
    private final BufferAllocator allocator;
    private final RunningExchange running = new RunningExchange();

    AggregateTask(RegisteredFunction function, String entryPoint, BufferAllocator allocator) {
        this.function = function;
        this.entryPoint = entryPoint;
        this.allocator = allocator;
    }

    @Override
    BufferAllocator allocator() {
        return allocator;
    }

    /** The call's shape, as a function definition {@link BatchExchange} understands. */
    abstract PythonFunction shape();

    abstract List<? extends FieldVector> inputs();

    abstract int rowCount();

    /** The entry point's arguments before the row count and the buffers. */
    abstract Object[] leadingArguments();

    /** Maps a row Python reported to the row errors should name. */
    abstract long callerRow(BatchExchange exchange, long row);

    /** Checks, on the worker, that the call may run here (directed calls check their interpreter). */
    void checkSite(PythonSite site) {}

    /** Runs before Python is called: Python may keep state from here on, even if the call fails. */
    void beforePython(PythonSite site) {}

    /** A definition with the function's name and handler and the given columns and output. */
    final PythonFunction shapeOf(List<UdfType> columns, UdfType output, NullHandling nulls) {
        PythonFunction definition = function.definition();
        return new PythonFunction(
                definition.name(),
                "",
                definition.handler(),
                columns,
                output,
                FunctionKind.SCALAR,
                nulls,
                definition.errorHandling(),
                definition.deterministic());
    }

    @Override
    final String functionName() {
        return function.name();
    }

    @Override
    final int functionId() {
        return function.id();
    }

    @Override
    final FieldVector runAt(PythonSite site) {
        checkSite(site);
        RuntimeReply definition = site.ensureDefined(function, callId);
        if (definition != null && !definition.isOk()) {
            throw site.failure(function, definition, row -> row, this);
        }
        try (BatchExchange exchange = new BatchExchange(shape(), inputs(), rowCount(), allocator)) {
            running.set(exchange);
            if (!exchange.needsPython()) {
                exchange.acceptAllNull();
                return exchange.takeResult();
            }
            beforePython(site);
            Object[] leading = leadingArguments();
            List<Object> arguments = new ArrayList<>(List.of(leading));
            arguments.add(exchange.pythonRowCount());
            arguments.add(exchange.buffers());
            RuntimeReply reply = site.call(callId, entryPoint, exchange, arguments.toArray());
            if (!reply.isOk()) {
                throw site.failure(function, reply, row -> callerRow(exchange, row), this);
            }
            return exchange.takeResult();
        }
    }

    @Override
    final void discard(FieldVector value) {
        if (value != null) {
            value.close();
        }
    }

    @Override
    final void handOverMemory() {
        running.handOver(allocator, entryPoint + " of Python function " + function.name() + " (call " + callId + ")");
    }

    @Override
    final void ended() {
        running.ended(function.name());
    }

    /** Fails a directed call that reached an interpreter or process other than the one holding the states. */
    static void requireIdentity(Object expected, PythonSite site, String functionName) {
        if (expected != site.identity()) {
            throw site.stateLost(functionName, "partial states of aggregate function " + functionName);
        }
    }
}
