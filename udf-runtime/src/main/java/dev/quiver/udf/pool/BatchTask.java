package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.convert.BatchExchange;
import dev.quiver.udf.cpython.RuntimeReply;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Runs one Arrow batch through a Python function on a worker; the result vector is the caller's. */
final class BatchTask extends Task<FieldVector> {
    private final RegisteredFunction function;
    private final List<? extends FieldVector> arguments;
    private final int rowCount;
    private final BufferAllocator allocator;

    BatchTask(RegisteredFunction function, List<? extends FieldVector> arguments, int rowCount,
            BufferAllocator allocator) {
        this.function = function;
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
    FieldVector run(WorkerSession session) {
        RuntimeReply definition = session.ensureDefined(function, callId);
        if (definition != null && !definition.isOk()) {
            throw UdfErrors.fromReply(function, definition, row -> row, cancelReason());
        }
        try (BatchExchange exchange = new BatchExchange(function.definition(), arguments, rowCount, allocator)) {
            if (!exchange.needsPython()) {
                exchange.acceptAllNull();
                return exchange.takeResult();
            }
            RuntimeReply reply = session.interpreter.call(callId, "run_batch", exchange,
                    function.id(), exchange.pythonRowCount(), exchange.buffers());
            if (!reply.isOk()) {
                throw UdfErrors.fromReply(function, reply, exchange::callerRow, cancelReason());
            }
            return exchange.takeResult();
        }
    }

    @Override
    void discard(FieldVector value) {
        value.close();
    }
}
