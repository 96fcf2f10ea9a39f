package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.ArithmeticExpr;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.operator.project.ProjectOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TPC-H Q1's projection over 64K rows of extendedprice, discount and tax (DECIMAL(15, 2)):
 * {@code p * (1 - d)} and {@code p * (1 - d) * (1 + t)}, with the repeated product computed twice
 * ({@code shared} false, as before) or once as a shared subexpression. ns/op is ns per input row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProjectBenchmark {
    private static final int ROWS = 65_536;
    private static final int BATCHES = 32;
    private static final Field PRICE = decimal("p", 15, 2);
    private static final Field ONE_MINUS = decimal("one_minus", 16, 2);
    private static final Field PRODUCT = decimal("product", 31, 4);
    private static final Field CHARGE = decimal("charge", 38, 6);

    /** Whether {@code p * (1 - d)} is a shared subexpression, computed once per batch. */
    @Param({"false", "true"})
    public boolean shared;

    private BufferAllocator allocator;
    /** More batches than the caches hold, so the columns are read from memory as in a scan. */
    private final List<Batch> batches = new ArrayList<>();

    private QueryState query;
    private ProjectOperator project;
    private int next;

    private static Field decimal(String name, int precision, int scale) {
        return new Field(name, FieldType.nullable(new ArrowType.Decimal(precision, scale, 128)), null);
    }

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(42);
        for (int batch = 0; batch < BATCHES; batch++) {
            batches.add(batch(random));
        }
        query = new QueryState(new ExecutionContext(allocator, 1, ROWS));
        PhysicalOperator scan = new FilterBenchmark.Columns(List.of(PRICE, PRICE, PRICE));
        Expr price = new ColumnExpr(0, PRICE);
        Expr one = new LiteralExpr(PRICE, BigDecimal.ONE);
        Expr product = new ArithmeticExpr(
                ArithmeticExpr.Operator.MULTIPLY,
                price,
                new ArithmeticExpr(ArithmeticExpr.Operator.SUBTRACT, one, new ColumnExpr(1, PRICE), ONE_MINUS),
                PRODUCT);
        Expr onePlusTax = new ArithmeticExpr(ArithmeticExpr.Operator.ADD, one, new ColumnExpr(2, PRICE), ONE_MINUS);
        List<Field> fields = List.of(PRODUCT, CHARGE);
        if (shared) {
            Expr productColumn = new ColumnExpr(3, PRODUCT);
            project = new ProjectOperator(
                    scan,
                    List.of(product),
                    List.of(
                            productColumn,
                            new ArithmeticExpr(ArithmeticExpr.Operator.MULTIPLY, productColumn, onePlusTax, CHARGE)),
                    fields);
        } else {
            project = new ProjectOperator(
                    scan,
                    List.of(product, new ArithmeticExpr(ArithmeticExpr.Operator.MULTIPLY, product, onePlusTax, CHARGE)),
                    fields);
        }
    }

    private Batch batch(Random random) {
        List<FieldVector> columns = new ArrayList<>();
        for (int column = 0; column < 3; column++) {
            DecimalVector vector = new DecimalVector(new Field("c" + column, PRICE.getFieldType(), null), allocator);
            vector.allocateNew(ROWS);
            for (int row = 0; row < ROWS; row++) {
                vector.set(row, column == 0 ? 90_000 + random.nextInt(10_000_000) : random.nextInt(11));
            }
            vector.setValueCount(ROWS);
            columns.add(vector);
        }
        return new Batch(columns, ROWS);
    }

    @TearDown
    public void stop() {
        batches.forEach(Batch::close);
        query.close();
        allocator.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int q1Projection() {
        Batch input = batches.get(next++ % BATCHES);
        Batch retained = new Batch(
                List.of(
                        input.retainColumn(0, allocator),
                        input.retainColumn(1, allocator),
                        input.retainColumn(2, allocator)),
                ROWS);
        try (Batch output = project.process(retained, query)) {
            return output.rowCount();
        }
    }
}
