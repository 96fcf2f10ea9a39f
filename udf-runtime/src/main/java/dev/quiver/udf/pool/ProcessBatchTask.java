package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import dev.quiver.udf.convert.BatchExchange;
import dev.quiver.udf.cpython.RuntimeReply;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Runs one Arrow batch through a Python function in a worker process; the result vector is the caller's. */
final class ProcessBatchTask extends ProcessTask<FieldVector> {
    private final RegisteredFunction function;
    private final List<? extends FieldVector> arguments;
    private final int rowCount;
    private final BufferAllocator allocator;
    private final LongUnaryOperator callerRow;

    ProcessBatchTask(
            RegisteredFunction function,
            List<? extends FieldVector> arguments,
            int rowCount,
            BufferAllocator allocator,
            LongUnaryOperator callerRow) {
        this.function = function;
        this.arguments = List.copyOf(arguments);
        this.rowCount = rowCount;
        this.allocator = allocator;
        this.callerRow = callerRow;
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
    FieldVector runIn(ProcessWorker worker, ProcessTier tier) {
        tier.ensureDefined(worker, function, this);
        // The same exchange as the sub-interpreter tier: the worker sees the same buffers, copied
        // once into its shared segment, and the reply lands in the output vector the same way.
        try (BatchExchange exchange = new BatchExchange(function.definition(), arguments, rowCount, allocator)) {
            if (!exchange.needsPython()) {
                exchange.acceptAllNull();
                return exchange.takeResult();
            }
            RuntimeReply reply =
                    worker.call("run_batch", exchange, function.id(), exchange.pythonRowCount(), exchange.buffers());
            if (!reply.isOk()) {
                throw tier.failure(function, reply, row -> callerRow.applyAsLong(exchange.callerRow(row)), this);
            }
            return exchange.takeResult();
        }
    }

    @Override
    void discard(FieldVector value) {
        value.close();
    }

    /** Whether a failure leaves the worker unfit for more calls (escaped views, over its memory cap). */
    static boolean replacesWorker(UdfException failure) {
        return failure.reason() == UdfException.Reason.ESCAPED_MEMORY
                || failure.reason() == UdfException.Reason.MEMORY_LIMIT;
    }
}
