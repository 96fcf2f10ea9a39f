package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.ComparisonExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.LogicalExpr;
import dev.quiver.engine.exec.expr.NotExpr;
import dev.quiver.engine.exec.operator.project.FilterOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
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
 * A selective filter over TPC-H Q6's four lineitem columns (quantity, extendedprice, discount as
 * DECIMAL(15, 2), shipdate as DATE) of 64K rows, keeping about 2 % of them: every column copied
 * for the kept rows, against only the two the projection above reads; with {@code openRows} false
 * each comparison is written {@code NOT (negated comparison)}, which AND evaluates over the whole
 * batch as it did before it learnt to test only the rows still open. ns/op is ns per input row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FilterBenchmark {
    private static final int ROWS = 65_536;
    private static final int BATCHES = 64;
    private static final Field DECIMAL = new Field("d", FieldType.nullable(new ArrowType.Decimal(15, 2, 128)), null);
    private static final Field DATE = new Field("day", FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), null);
    private static final Field BOOLEAN = new Field("b", FieldType.nullable(ArrowType.Bool.INSTANCE), null);

    /** Whether AND may evaluate the later comparisons on the rows still open alone. */
    @Param({"false", "true"})
    public boolean openRows;

    /**
     * Whether the condition has the planner's shape for Q6, {@code (d >= x AND d < y) AND (c >= u
     * AND c <= v) AND q < w} (each range a nested AND), rather than one flat AND of five.
     */
    @Param({"false", "true"})
    public boolean nested;

    private BufferAllocator allocator;
    /** More batches than the caches hold, so the kept rows are read from memory as in a scan. */
    private final List<Batch> batches = new ArrayList<>();

    private ExecutionContext context;
    private QueryState query;
    private FilterOperator keepAll;
    private FilterOperator keepProjected;
    private int next;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(42);
        for (int batch = 0; batch < BATCHES; batch++) {
            batches.add(batch(random));
        }
        context = new ExecutionContext(allocator, 1, ROWS);
        query = new QueryState(context);
        PhysicalOperator scan = new Columns(
                List.of(field("quantity", DECIMAL), field("price", DECIMAL), field("discount", DECIMAL), DATE));
        // shipdate in one year of seven, discount in [0.05, 0.07] (3 of 11 values), quantity < 24
        List<Expr> days = List.of(
                compare(ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL, 3, DATE, 365L),
                compare(ComparisonExpr.Operator.LESS_THAN, 3, DATE, 730L));
        List<Expr> discounts = List.of(
                compare(ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL, 2, DECIMAL, new BigDecimal("0.05")),
                compare(ComparisonExpr.Operator.LESS_THAN_OR_EQUAL, 2, DECIMAL, new BigDecimal("0.07")));
        Expr quantity = compare(ComparisonExpr.Operator.LESS_THAN, 0, DECIMAL, new BigDecimal("24.00"));
        List<Expr> operands = new ArrayList<>();
        if (nested) {
            operands.add(new LogicalExpr(LogicalExpr.Operator.AND, days, BOOLEAN));
            operands.add(new LogicalExpr(LogicalExpr.Operator.AND, discounts, BOOLEAN));
        } else {
            operands.addAll(days);
            operands.addAll(discounts);
        }
        operands.add(quantity);
        Expr condition = new LogicalExpr(LogicalExpr.Operator.AND, operands, BOOLEAN);
        keepAll = new FilterOperator(scan, condition);
        keepProjected = new FilterOperator(scan, condition, new int[] {1, 2});
    }

    private static Field field(String name, Field type) {
        return new Field(name, type.getFieldType(), null);
    }

    private Expr compare(ComparisonExpr.Operator operator, int column, Field type, Object constant) {
        if (!openRows) { // the same truth values, NULLs included, through an operand AND cannot narrow
            ComparisonExpr.Operator negated = switch (operator) {
                case GREATER_THAN_OR_EQUAL -> ComparisonExpr.Operator.LESS_THAN;
                case LESS_THAN -> ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL;
                case LESS_THAN_OR_EQUAL -> ComparisonExpr.Operator.GREATER_THAN;
                default -> throw new IllegalArgumentException("no negation for " + operator);
            };
            return new NotExpr(
                    new ComparisonExpr(negated, new ColumnExpr(column, type), new LiteralExpr(type, constant), BOOLEAN),
                    BOOLEAN);
        }
        return new ComparisonExpr(operator, new ColumnExpr(column, type), new LiteralExpr(type, constant), BOOLEAN);
    }

    private Batch batch(Random random) {
        List<FieldVector> columns = new ArrayList<>();
        for (int column = 0; column < 3; column++) {
            DecimalVector vector = new DecimalVector(field("c" + column, DECIMAL), allocator);
            vector.allocateNew(ROWS);
            for (int row = 0; row < ROWS; row++) {
                long unscaled = switch (column) {
                    case 0 -> 100 * (1 + random.nextInt(50)); // quantity 1..50
                    case 1 -> 90_000 + random.nextInt(10_000_000); // price
                    default -> random.nextInt(11); // discount 0.00..0.10
                };
                vector.set(row, unscaled);
            }
            vector.setValueCount(ROWS);
            columns.add(vector);
        }
        DateDayVector days = new DateDayVector(DATE, allocator);
        days.allocateNew(ROWS);
        for (int row = 0; row < ROWS; row++) {
            days.set(row, random.nextInt(7 * 365));
        }
        days.setValueCount(ROWS);
        columns.add(days);
        return new Batch(columns, ROWS);
    }

    @TearDown
    public void stop() {
        batches.forEach(Batch::close);
        query.close();
        allocator.close();
    }

    /** Before: every column of the kept rows copied. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int copyEveryColumn() {
        return run(keepAll);
    }

    /** After: only the columns the projection above reads (price and discount) copied. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int copyProjectedColumns() {
        return run(keepProjected);
    }

    private int run(FilterOperator filter) {
        Batch input = batches.get(next++ % BATCHES);
        Batch shared = new Batch(
                List.of(
                        input.retainColumn(0, allocator),
                        input.retainColumn(1, allocator),
                        input.retainColumn(2, allocator),
                        input.retainColumn(3, allocator)),
                ROWS);
        try (Batch output = filter.process(shared, query)) {
            return output.rowCount();
        }
    }

    /** A stand-in for the scan below the filter: only its fields are read. */
    record Columns(List<Field> outputFields) implements PhysicalOperator {
        @Override
        public List<PhysicalOperator> children() {
            return List.of();
        }

        @Override
        public String describe() {
            return "Columns";
        }
    }
}
