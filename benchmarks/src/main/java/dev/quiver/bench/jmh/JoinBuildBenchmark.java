package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.ChainedHashTable;
import dev.quiver.engine.exec.key.HashKeys;
import dev.quiver.engine.exec.key.KeyLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A hash join's table built over 1.5 M build rows (TPC-H's orders) in one part on one thread, or
 * in parts on {@code threads} threads at once as a join's {@code finish} does: {@code dense} keys
 * (a shuffled quarter of 1..6 M: the DIRECT layout), {@code sparse} ones (the same times a large
 * odd number: HASHED, one long), {@code pair} (two columns, as partsupp's: HASHED, WIDE). ns/op
 * is ns per table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JoinBuildBenchmark {
    private static final int ROWS = 1_500_000;

    @Param({"dense", "sparse", "pair"})
    public String keys;

    /** Threads inserting parts at once; 1 is the single-threaded build. */
    @Param({"1", "2"})
    public int threads;

    private HashKeys buildKeys;
    private ExecutorService pool;

    @Setup
    public void start() {
        long[] permutation = DenseKeyJoinBenchmark.shuffled(4 * ROWS, new Random(42));
        int width = keys.equals("pair") ? 2 : 1;
        long scale = keys.equals("sparse") ? 1_000_003 : 1;
        try (BufferAllocator allocator = new RootAllocator()) {
            List<FieldVector> columns = new ArrayList<>();
            for (int column = 0; column < width; column++) {
                BigIntVector vector = new BigIntVector("k" + column, allocator);
                vector.allocateNew(ROWS);
                for (int row = 0; row < ROWS; row++) {
                    vector.set(row, permutation[row] * scale + column * (permutation[row] % 4));
                }
                vector.setValueCount(ROWS);
                columns.add(vector);
            }
            int[] keyColumns = width == 1 ? new int[] {0} : new int[] {0, 1};
            KeyLayout layout =
                    new KeyLayout(columns.stream().map(FieldVector::getField).toList(), keyColumns, new boolean[width]);
            try (Batch batch = new Batch(columns, ROWS)) {
                buildKeys = layout.encode(batch);
            }
        }
        pool = Executors.newFixedThreadPool(threads);
    }

    @TearDown
    public void stop() {
        pool.shutdown();
    }

    /** The table built, its parts spread over the pool's threads (one part on this thread when 1). */
    @Benchmark
    public int build() throws InterruptedException, ExecutionException {
        if (threads == 1) {
            return ChainedHashTable.build(buildKeys).rows();
        }
        ChainedHashTable table = ChainedHashTable.prepare(buildKeys, true, threads);
        List<Future<?>> parts = new ArrayList<>(table.parts());
        for (int part = 0; part < table.parts(); part++) {
            int mine = part;
            parts.add(pool.submit(() -> table.insertPart(mine)));
        }
        for (Future<?> part : parts) {
            part.get();
        }
        return table.complete().rows();
    }
}
