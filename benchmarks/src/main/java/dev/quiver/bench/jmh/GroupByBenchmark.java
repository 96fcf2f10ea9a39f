package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.aggregate.Aggregation;
import dev.quiver.engine.exec.operator.aggregate.HashAggregateOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * TPC-H Q1's grouping: COUNT(*) per two VARCHAR keys of 64K rows with four distinct pairs
 * (returnflag, linestatus). With {@code keyLength} 1 the keys are Q1's one-character strings and
 * take the short-string shortcut; with 2 they are two characters long and take the general row
 * encoding, as every key did before. ns/op is ns per input row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GroupByBenchmark extends AggregateBenchmarkState {
    private static final int ROWS = 65_536;
    private static final int BATCHES = 16;
    private static final Field KEY = new Field("k", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);

    /** Characters per key. */
    @Param({"1", "2"})
    public int keyLength;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(42);
        for (int batch = 0; batch < BATCHES; batch++) {
            VarCharVector flags = new VarCharVector(new Field("flag", KEY.getFieldType(), null), allocator);
            VarCharVector statuses = new VarCharVector(new Field("status", KEY.getFieldType(), null), allocator);
            flags.allocateNew(ROWS * keyLength, ROWS);
            statuses.allocateNew(ROWS * keyLength, ROWS);
            for (int row = 0; row < ROWS; row++) {
                boolean open = random.nextInt(2) == 0;
                flags.setSafe(row, key(open ? "N" : random.nextBoolean() ? "A" : "R"));
                statuses.setSafe(row, key(open ? "O" : "F"));
            }
            flags.setValueCount(ROWS);
            statuses.setValueCount(ROWS);
            batches.add(new Batch(List.of(flags, statuses), ROWS));
        }
        query = new QueryState(new ExecutionContext(allocator, 1, ROWS));
        Field count = new Field("count", FieldType.notNullable(new ArrowType.Int(64, true)), null);
        aggregate = new HashAggregateOperator(
                new FilterBenchmark.Columns(List.of(KEY, KEY)),
                new int[] {0, 1},
                List.of(new Aggregation(Aggregation.Function.COUNT, List.of(), -1, count, null)));
    }

    private byte[] key(String letter) {
        return letter.repeat(keyLength).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void q1Grouping() {
        consumeNextBatch();
    }
}
