package dev.quiver.bench.jmh;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.PoolOptions;
import dev.quiver.udf.pool.RegisteredFunction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fixed cost of one call: a batch of 0 rows (and of 1 row) handed from the benchmark thread to
 * a pool of one interpreter, through Python's {@code run_batch}, and back as a result vector.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoundTripBenchmark {
    private BufferAllocator allocator;
    private InterpreterPool pool;
    private RegisteredFunction plusOne;
    private Float8Vector empty;
    private Float8Vector oneRow;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(1));
        plusOne = pool.register(PythonFunction.builder("plus_one", "def plus_one(x):\n    return x + 1.0\n", "plus_one")
                .arguments(UdfType.DOUBLE)
                .returns(UdfType.DOUBLE)
                .build());
        empty = new Float8Vector("x", allocator);
        empty.allocateNew(1);
        empty.setValueCount(0);
        oneRow = new Float8Vector("x", allocator);
        oneRow.allocateNew(1);
        oneRow.set(0, 41.0);
        oneRow.setValueCount(1);
    }

    @TearDown
    public void stop() {
        pool.close();
        empty.close();
        oneRow.close();
        allocator.close();
    }

    @Benchmark
    public int emptyBatch() {
        try (FieldVector result = pool.call(plusOne, List.of(empty), 0, allocator)) {
            return result.getValueCount();
        }
    }

    @Benchmark
    public double oneRowBatch() {
        try (FieldVector result = pool.call(plusOne, List.of(oneRow), 1, allocator)) {
            return ((Float8Vector) result).get(0);
        }
    }
}
