package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.KeyFilter;
import dev.quiver.engine.exec.key.KeyLayout;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
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
 * A join filter's key test ({@link KeyFilter#select}) over one probe batch, ns per probe row:
 * TPC-H Q5's shape — lineitem's {@code l_suppkey} against the 2,000 suppliers of one region
 * (a bitmap; a fifth of the rows pass) — and {@code l_orderkey} against 1.5 M orders spread over
 * 6 M keys (a larger bitmap; a quarter pass), each as INTEGER and BIGINT keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JoinFilterBenchmark {
    private static final int ROWS = 65_536;

    @Param({"2000", "1500000"})
    public int buildRows;

    @Param({"INT", "BIGINT"})
    public String keyType;

    private BufferAllocator allocator;
    private Batch probe;
    private KeyLayout probeKeys;
    private KeyFilter filter;
    private final int[] selected = new int[ROWS];

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(42);
        int range = buildRows == 2000 ? 10_000 : 4 * buildRows;
        long[] permutation = DenseKeyJoinBenchmark.shuffled(range, random);
        long[] probeValues = new long[ROWS];
        for (int row = 0; row < ROWS; row++) {
            probeValues[row] = 1 + random.nextInt(range);
        }
        probe = batch(probeValues, ROWS);
        int[] keys = {0};
        List<KeyLayout> layouts = KeyLayout.forJoin(
                List.of(probe.column(0).getField()),
                keys,
                List.of(probe.column(0).getField()),
                keys,
                new boolean[] {false});
        try (Batch build = batch(permutation, buildRows)) {
            filter = KeyFilter.of(layouts.get(0).encode(build));
        }
        probeKeys = layouts.get(1);
    }

    private Batch batch(long[] values, int rows) {
        FieldVector column;
        if (keyType.equals("INT")) {
            IntVector vector = new IntVector("k", allocator);
            vector.allocateNew(rows);
            for (int row = 0; row < rows; row++) {
                vector.set(row, (int) values[row]);
            }
            column = vector;
        } else {
            BigIntVector vector = new BigIntVector("k", allocator);
            vector.allocateNew(rows);
            for (int row = 0; row < rows; row++) {
                vector.set(row, values[row]);
            }
            column = vector;
        }
        column.setValueCount(rows);
        return new Batch(List.of(column), rows);
    }

    @TearDown
    public void stop() {
        probe.close();
        allocator.close();
    }

    /** The rows of one probe batch whose key may be on the build side. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int select() {
        return filter.select(probeKeys, probe, selected);
    }
}
