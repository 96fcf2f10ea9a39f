package dev.quiver.engine.cli;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.PendingCall;
import dev.quiver.udf.pool.PoolOptions;
import dev.quiver.udf.pool.RegisteredFunction;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quiver demo}: a CPU-bound Python UDF over Arrow batches on one interpreter, then on one
 * own-GIL interpreter per core, with throughput and speedup.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a CPU-bound Python UDF over Arrow rows on 1 interpreter, then on N own-GIL",
            "interpreters in parallel, and print rows/s and the speedup."})
public final class DemoCommand implements Callable<Integer> {
    /** A per-row UDF with real work in it: a short Fourier-style sum using math. */
    static final String SOURCE = """
            import math

            def wave_score(x):
                total = 0.0
                for k in range(1, 12):
                    total += math.sin(x * k) / k + math.sqrt(abs(x) + k)
                return total
            """;

    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", defaultValue = "2000000", description = "Rows to process (default: ${DEFAULT-VALUE}).")
    private int rows;

    @Option(names = "--workers", description = "Interpreters for the parallel run (default: available processors).")
    private Integer workers;

    @Option(names = "--batch-rows", defaultValue = "65536", description = "Rows per Arrow batch (default: ${DEFAULT-VALUE}).")
    private int batchRows;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int parallel = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (rows < 1 || batchRows < 1 || parallel < 1) {
            throw new IllegalArgumentException("--rows, --batch-rows and --workers must be positive");
        }
        PythonFunction function = PythonFunction.builder("wave_score", SOURCE, "wave_score")
                .arguments(UdfType.DOUBLE).returns(UdfType.DOUBLE).build();
        out.printf(Locale.ROOT, "Python UDF wave_score(x DOUBLE) -> DOUBLE over %,d rows in batches of %,d%n%n",
                rows, batchRows);
        out.println(function.source().indent(4).stripTrailing());
        out.println();
        try (BufferAllocator allocator = new RootAllocator()) {
            List<Float8Vector> batches = makeBatches(allocator);
            try {
                Run single = run(function, batches, 1, allocator, out);
                Run multi = run(function, batches, parallel, allocator, out);
                if (Double.compare(single.checksum, multi.checksum) != 0) {
                    throw new IllegalStateException("results differ between runs: " + single.checksum + " vs " + multi.checksum);
                }
                out.printf(Locale.ROOT, "%nSpeedup with %d interpreters: %.2fx (ideal %dx on %d cores); "
                        + "results identical (checksum %.6f)%n", parallel, multi.rowsPerSecond / single.rowsPerSecond,
                        parallel, Runtime.getRuntime().availableProcessors(), multi.checksum);
            } finally {
                batches.forEach(Float8Vector::close);
            }
        }
        return 0;
    }

    private List<Float8Vector> makeBatches(BufferAllocator allocator) {
        List<Float8Vector> batches = new ArrayList<>();
        for (int start = 0; start < rows; start += batchRows) {
            int count = Math.min(batchRows, rows - start);
            Float8Vector batch = new Float8Vector("x", allocator);
            batches.add(batch);
            batch.allocateNew(count);
            for (int index = 0; index < count; index++) {
                batch.set(index, ((start + index) % 10_000) / 100.0 - 50.0);
            }
            batch.setValueCount(count);
        }
        return batches;
    }

    private Run run(PythonFunction function, List<Float8Vector> batches, int interpreters, BufferAllocator allocator,
            PrintWriter out) {
        try (InterpreterPool pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(interpreters))) {
            RegisteredFunction registered = pool.register(function);
            runAll(pool, registered, batches.subList(0, Math.min(interpreters, batches.size())), allocator); // warm-up
            long start = System.nanoTime();
            double checksum = runAll(pool, registered, batches, allocator);
            double seconds = (System.nanoTime() - start) / 1e9;
            double rowsPerSecond = rows / seconds;
            out.printf(Locale.ROOT, "%2d interpreter%s: %7.3f s  %,12.0f rows/s   (pool start %.0f ms)%n", interpreters,
                    interpreters == 1 ? " " : "s", seconds, rowsPerSecond, pool.startupTime().toNanos() / 1e6);
            out.flush();
            return new Run(rowsPerSecond, checksum);
        }
    }

    /** Submits every batch at once (the pool's queue spreads them over its interpreters) and sums the results. */
    private static double runAll(InterpreterPool pool, RegisteredFunction function, List<Float8Vector> batches,
            BufferAllocator allocator) {
        List<PendingCall<FieldVector>> calls = new ArrayList<>();
        for (Float8Vector batch : batches) {
            calls.add(pool.submit(function, List.of(batch), batch.getValueCount(), allocator, null));
        }
        double checksum = 0;
        for (PendingCall<FieldVector> call : calls) {
            try (Float8Vector result = (Float8Vector) call.get()) {
                for (int index = 0; index < result.getValueCount(); index++) {
                    checksum += result.get(index);
                }
            }
        }
        return checksum;
    }

    private record Run(double rowsPerSecond, double checksum) {
    }
}
