package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.InListExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TPC-H Q12's {@code l_shipmode IN ('MAIL', 'SHIP')} over 64K rows of its seven ship modes, as a
 * whole-batch BOOLEAN result ({@code InListExpr.evaluate}); ns/op is ns per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InListBenchmark {
    private static final int ROWS = 65_536;
    private static final int BATCHES = 16;
    private static final String[] MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    private static final Field VARCHAR = new Field("mode", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
    private static final Field BOOLEAN = new Field("b", FieldType.nullable(ArrowType.Bool.INSTANCE), null);

    private BufferAllocator allocator;
    private final List<Batch> batches = new ArrayList<>();
    private ExecutionContext context;
    private InListExpr inList;
    private int next;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(12);
        for (int batch = 0; batch < BATCHES; batch++) {
            VarCharVector modes = new VarCharVector(VARCHAR, allocator);
            modes.allocateNew(ROWS);
            for (int row = 0; row < ROWS; row++) {
                modes.setSafe(row, MODES[random.nextInt(MODES.length)].getBytes(StandardCharsets.UTF_8));
            }
            modes.setValueCount(ROWS);
            batches.add(new Batch(List.of(modes), ROWS));
        }
        context = new ExecutionContext(allocator, 1, ROWS);
        inList = new InListExpr(
                new ColumnExpr(0, VARCHAR),
                List.of(new LiteralExpr(VARCHAR, "MAIL"), new LiteralExpr(VARCHAR, "SHIP")),
                false,
                null,
                BOOLEAN);
    }

    @TearDown
    public void stop() {
        batches.forEach(Batch::close);
        allocator.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int shipModes() {
        try (FieldVector result = inList.evaluate(batches.get(next++ % BATCHES), context)) {
            return result.getNullCount();
        }
    }
}
