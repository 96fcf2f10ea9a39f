package dev.quiver.bench.udf;

import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.PendingCall;
import dev.quiver.udf.pool.RegisteredFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * Runs a workload through an {@link InterpreterPool}: every batch is submitted at once, so all of
 * the pool's interpreters are busy, then the results are collected in order.
 */
final class PoolRunner implements ModeRunner {
    private final InterpreterPool pool;
    private final RegisteredFunction function;
    private final InputBatches input;
    private final BufferAllocator allocator;

    /** Registers the workload's function in {@code pool} (which the caller owns and closes). */
    PoolRunner(InterpreterPool pool, Workload workload, InputBatches input, BufferAllocator parent) {
        this.pool = pool;
        this.function = pool.register(workload.function());
        this.input = input;
        this.allocator = parent.newChildAllocator("bench-pool-results", 0, Long.MAX_VALUE);
    }

    @Override
    public Timing runOnce() {
        List<PendingCall<FieldVector>> calls = new ArrayList<>(input.batchCount());
        List<FieldVector> results = new ArrayList<>(input.batchCount());
        try {
            long start = System.nanoTime();
            for (int index = 0; index < input.batchCount(); index++) {
                Float8Vector batch = input.vector(index);
                calls.add(pool.submit(function, List.of(batch), batch.getValueCount(), allocator, null));
            }
            for (PendingCall<FieldVector> call : calls) {
                results.add(call.get());
            }
            long nanos = System.nanoTime() - start;
            Checksum checksum = Checksum.EMPTY;
            for (FieldVector result : results) {
                checksum = checksum.plus(Checksum.of((Float8Vector) result));
            }
            return new Timing(nanos, checksum);
        } finally {
            // A failed call leaves later ones running: wait for each so no result vector leaks.
            for (int index = results.size(); index < calls.size(); index++) {
                try {
                    results.add(calls.get(index).get());
                } catch (RuntimeException e) {
                    // already failing; the first error is the one reported
                }
            }
            results.forEach(FieldVector::close);
        }
    }

    @Override
    public void close() {
        allocator.close();
    }
}
