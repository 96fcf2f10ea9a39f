package dev.quiver.udf.pool;

import dev.quiver.udf.convert.BatchExchange;
import dev.quiver.udf.cpython.RuntimeReply;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Runs one Arrow batch through a Python function on a worker; the result vector is the caller's. */
final class BatchTask extends Task<FieldVector> {
    private final RegisteredFunction function;
    private final List<? extends FieldVector> arguments;
    private final int rowCount;
    private final BufferAllocator allocator;
    private final LongUnaryOperator callerRow;
    /** The exchange while the worker runs this task, for {@link #handOverMemory}. */
    private final RunningExchange running = new RunningExchange();

    BatchTask(
            RegisteredFunction function,
            List<? extends FieldVector> arguments,
            int rowCount,
            BufferAllocator allocator,
            LongUnaryOperator callerRow) {
        this.function = function;
        this.callerRow = callerRow;
        this.arguments = List.copyOf(arguments);
        this.rowCount = rowCount;
        this.allocator = allocator;
    }

    RegisteredFunction function() {
        return function;
    }

    @Override
    String functionName() {
        return function.name();
    }

    @Override
    BufferAllocator allocator() {
        return allocator;
    }

    @Override
    int functionId() {
        return function.id();
    }

    @Override
    FieldVector run(WorkerSession session) {
        RuntimeReply definition = session.ensureDefined(function, callId);
        if (definition != null && !definition.isOk()) {
            throw UdfErrors.fromReply(function, definition, row -> row, this);
        }
        try (BatchExchange exchange = new BatchExchange(function.definition(), arguments, rowCount, allocator)) {
            running.set(exchange);
            if (!exchange.needsPython()) {
                exchange.acceptAllNull();
                return exchange.takeResult();
            }
            RuntimeReply reply = session.interpreter.call(
                    callId, "run_batch", exchange, function.id(), exchange.pythonRowCount(), exchange.buffers());
            if (!reply.isOk()) {
                throw UdfErrors.fromReply(function, reply, row -> callerRow.applyAsLong(exchange.callerRow(row)), this);
            }
            return exchange.takeResult();
        }
    }

    @Override
    void discard(FieldVector value) {
        value.close();
    }

    /**
     * Moves the batch's memory from the caller's allocator to a child allocator of the same root,
     * so the caller can close its allocator while Python still uses the memory.
     */
    @Override
    void handOverMemory() {
        running.handOver(allocator, "call of Python function " + function.name() + " (call " + callId + ")");
    }

    @Override
    void ended() {
        running.ended(function.name());
    }
}
