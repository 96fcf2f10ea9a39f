package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.ChainedHashTable;
import dev.quiver.engine.exec.key.HashKeys;
import dev.quiver.engine.exec.key.KeyLayout;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
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
 * A hash join's build and probe on one BIGINT surrogate key (TPC-H's shape: lineitem probing
 * Q5's 2,000 Asian suppliers, or all 1.5 M orders): build keys are a random quarter of the
 * range 1..4 × buildRows, probe keys uniform over it (a quarter match). {@code direct=true} lets
 * the table take the DIRECT layout (an array indexed by key), {@code false} forces the HASHED one.
 * {@code probe}: ns per probe row (keys encoded and looked up); {@code build}: ns per table built.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DenseKeyJoinBenchmark {
    private static final int ROWS = 65_536;

    @Param({"2000", "1500000"})
    public int buildRows;

    @Param({"false", "true"})
    public boolean direct;

    private BufferAllocator allocator;
    private Batch probe;
    private HashKeys buildKeys;
    private KeyLayout probeKeys;
    private ChainedHashTable table;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(42);
        int range = 4 * buildRows;
        long[] permutation = shuffled(range, random);
        long[] probeValues = new long[ROWS];
        for (int row = 0; row < ROWS; row++) {
            probeValues[row] = 1 + random.nextInt(range);
        }
        probe = batch(probeValues, ROWS);
        int[] keys = {0};
        boolean[] nullsEqual = {false};
        List<KeyLayout> layouts = KeyLayout.forJoin(
                List.of(probe.column(0).getField()),
                keys,
                List.of(probe.column(0).getField()),
                keys,
                nullsEqual);
        try (Batch build = batch(permutation, buildRows)) {
            buildKeys = layouts.get(0).encode(build);
        }
        probeKeys = layouts.get(1);
        table = ChainedHashTable.build(buildKeys, direct);
    }

    /** The keys 1..count in a random order (a random quarter of them is a build side's keys). */
    static long[] shuffled(int count, Random random) {
        long[] permutation = new long[count];
        for (int index = 0; index < count; index++) {
            permutation[index] = index + 1;
        }
        for (int index = count - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            long swap = permutation[index];
            permutation[index] = permutation[other];
            permutation[other] = swap;
        }
        return permutation;
    }

    private Batch batch(long[] values, int rows) {
        BigIntVector vector = new BigIntVector("k", allocator);
        vector.allocateNew(rows);
        for (int row = 0; row < rows; row++) {
            vector.set(row, values[row]);
        }
        vector.setValueCount(rows);
        return new Batch(List.<FieldVector>of(vector), rows);
    }

    @TearDown
    public void stop() {
        probe.close();
        allocator.close();
    }

    /** One probe batch: keys encoded, then looked up. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int probe() {
        return table.lookup(probeKeys.encode(probe)).length;
    }

    /** The table built over every build row (ns per table). */
    @Benchmark
    public int build() {
        return ChainedHashTable.build(buildKeys, direct).rows();
    }
}
