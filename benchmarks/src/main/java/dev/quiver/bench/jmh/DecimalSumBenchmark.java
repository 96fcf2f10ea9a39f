package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.aggregate.Aggregation;
import dev.quiver.engine.exec.operator.aggregate.HashAggregateOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
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
 * TPC-H Q1's decimal sums: four SUMs of DECIMAL(precision, 2) columns per row of 64K, over four
 * groups of an INTEGER key (Q1 has four groups). With {@code precision} 15 (Q1's
 * {@code l_quantity}, {@code l_extendedprice}, {@code l_discount}) the arguments fit 64 bits and
 * take the narrow path; with 31 (Q1's {@code l_extendedprice * (1 - l_discount)}) the 128-bit one.
 * ns/op is ns per input row, for the four sums and the grouping together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecimalSumBenchmark extends AggregateBenchmarkState {
    private static final int ROWS = 65_536;
    private static final int BATCHES = 16;
    private static final int SUMS = 4;
    private static final Field KEY = new Field("k", FieldType.notNullable(new ArrowType.Int(32, true)), null);

    /** Digits of the summed columns: 15 fits 64 bits, 31 does not. */
    @Param({"15", "31"})
    public int precision;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Field value = new Field("v", FieldType.nullable(new ArrowType.Decimal(precision, 2, 128)), null);
        Random random = new Random(42);
        for (int batch = 0; batch < BATCHES; batch++) {
            List<FieldVector> columns = new ArrayList<>();
            IntVector keys = new IntVector(KEY, allocator);
            keys.allocateNew(ROWS);
            for (int row = 0; row < ROWS; row++) {
                keys.set(row, random.nextInt(4));
            }
            keys.setValueCount(ROWS);
            columns.add(keys);
            for (int column = 0; column < SUMS; column++) {
                DecimalVector values = new DecimalVector(value, allocator);
                values.allocateNew(ROWS);
                for (int row = 0; row < ROWS; row++) {
                    values.set(row, 100 + random.nextInt(10_000_000));
                }
                values.setValueCount(ROWS);
                columns.add(values);
            }
            batches.add(new Batch(columns, ROWS));
        }
        query = new QueryState(new ExecutionContext(allocator, 1, ROWS));
        Field sum = new Field("sum", FieldType.nullable(new ArrowType.Decimal(38, 2, 128)), null);
        List<Field> inputs = new ArrayList<>(List.of(KEY));
        List<Aggregation> sums = new ArrayList<>();
        for (int column = 1; column <= SUMS; column++) {
            inputs.add(value);
            sums.add(new Aggregation(Aggregation.Function.SUM, List.of(column), -1, sum, null));
        }
        aggregate = new HashAggregateOperator(new FilterBenchmark.Columns(inputs), new int[] {0}, sums);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void q1Sums() {
        consumeNextBatch();
    }
}
