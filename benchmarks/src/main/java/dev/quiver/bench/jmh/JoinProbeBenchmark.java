package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.ChainedHashTable;
import dev.quiver.engine.exec.key.KeyFilter;
import dev.quiver.engine.exec.key.KeyLayout;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
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
 * A hash join's probe with two BIGINT keys (TPC-H Q2's shape: 64K partsupp rows against a few
 * hundred (partkey, cost) build rows): every row encoded, hashed and looked up, against the join
 * filter of the first key first and only the rows it keeps looked up. ns/op is ns per probe row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JoinProbeBenchmark {
    private static final int ROWS = 65_536;

    /** Build rows; their first keys are spread over 200,000 values, as Q2's parts. */
    @Param({"460", "20000"})
    public int buildRows;

    private BufferAllocator allocator;
    private Batch probe;
    private Batch build;
    private KeyLayout probeKeys;
    private ChainedHashTable table;
    private KeyFilter filter;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(42);
        long[][] buildValues = new long[2][buildRows];
        for (int row = 0; row < buildRows; row++) {
            buildValues[0][row] = 1 + random.nextInt(200_000);
            buildValues[1][row] = random.nextInt(100_000);
        }
        long[][] probeValues = new long[2][ROWS];
        for (int row = 0; row < ROWS; row++) {
            boolean hit = random.nextInt(200) == 0; // the rest mostly miss on the first key
            int from = random.nextInt(buildRows);
            probeValues[0][row] = hit ? buildValues[0][from] : 1 + random.nextInt(200_000);
            probeValues[1][row] = hit ? buildValues[1][from] : random.nextInt(100_000);
        }
        build = LongBatches.of(buildValues, buildRows, "k", allocator);
        probe = LongBatches.of(probeValues, ROWS, "k", allocator);
        List<Field> fields = probe.columns().stream().map(FieldVector::getField).toList();
        int[] keys = {0, 1};
        boolean[] nullsEqual = {false, false};
        List<KeyLayout> layouts = KeyLayout.forJoin(fields, keys, fields, keys, nullsEqual);
        var buildKeys = layouts.get(0).encode(build);
        table = ChainedHashTable.build(buildKeys);
        filter = KeyFilter.of(buildKeys);
        probeKeys = layouts.get(1);
    }

    @TearDown
    public void stop() {
        probe.close();
        build.close();
        allocator.close();
    }

    /** Before: encode, hash and look up every probe row (the table's own Bloom filter is on). */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int lookupEveryRow() {
        return table.lookup(probeKeys.encode(probe)).length;
    }

    /** After: the first key against the join filter, then only the rows it keeps. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int keyFilterFirst() {
        int[] selected = new int[ROWS];
        int count = filter.select(probeKeys, probe, selected);
        return count < 0
                ? table.lookup(probeKeys.encode(probe)).length
                : table.lookup(probeKeys.encode(probe, selected, count)).length;
    }
}
