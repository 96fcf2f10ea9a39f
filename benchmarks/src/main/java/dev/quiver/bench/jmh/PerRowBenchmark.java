package dev.quiver.bench.jmh;

import dev.quiver.bench.udf.Workload;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.PoolOptions;
import dev.quiver.udf.pool.RegisteredFunction;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-row cost of a scalar UDF on one interpreter: each invocation runs {@value #ROWS} rows as
 * batches of {@code batchRows}, one call after another, so the score (ns/op with
 * {@code @OperationsPerInvocation(ROWS)}) is nanoseconds per row including each batch's hand-off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PerRowBenchmark {
    /** Rows per invocation: 64 batches of 1K, 8 of 8K or 1 of 64K. */
    public static final int ROWS = 65_536;

    @Param({"1024", "8192", "65536"})
    public int batchRows;

    /** {@code plus_one}: {@code x + 1.0}; {@code heavy}: {@link Workload#HEAVY}. */
    @Param({"plus_one", "heavy"})
    public String function;

    private BufferAllocator allocator;
    private InterpreterPool pool;
    private RegisteredFunction registered;
    private final List<Float8Vector> batches = new ArrayList<>();

    @Setup
    public void start() {
        allocator = new RootAllocator();
        pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(1));
        PythonFunction definition = switch (function) {
            case "plus_one" ->
                PythonFunction.builder("plus_one", "def plus_one(x):\n    return x + 1.0\n", "plus_one")
                        .arguments(UdfType.DOUBLE)
                        .returns(UdfType.DOUBLE)
                        .build();
            case "heavy" -> Workload.HEAVY.function();
            default -> throw new IllegalArgumentException("unknown function " + function);
        };
        registered = pool.register(definition);
        for (int first = 0; first < ROWS; first += batchRows) {
            Float8Vector batch = new Float8Vector("x", allocator);
            batch.allocateNew(batchRows);
            for (int row = 0; row < batchRows; row++) {
                batch.set(row, 1.0 + (first + row) % 1000 / 10.0);
            }
            batch.setValueCount(batchRows);
            batches.add(batch);
        }
    }

    @TearDown
    public void stop() {
        pool.close();
        batches.forEach(Float8Vector::close);
        batches.clear();
        allocator.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double rows() {
        double sink = 0;
        for (Float8Vector batch : batches) {
            try (FieldVector result = pool.call(registered, List.of(batch), batchRows, allocator)) {
                sink += ((Float8Vector) result).get(batchRows - 1);
            }
        }
        return sink;
    }
}
