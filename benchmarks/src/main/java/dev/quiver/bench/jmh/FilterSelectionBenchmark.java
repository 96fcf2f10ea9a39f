package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.ComparisonExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.operator.project.FilterOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.vector.Gather;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
 * A filter over a batch that arrives with a selection (a join filter's kept rows; TPC-H Q3's
 * lineitem shape: 64K rows of four BIGINT columns, the join filter keeping {@code keptPercent} %,
 * then {@code c3 > x} keeping about half of those and three columns): compact every column first
 * and filter the copy (before: the pipeline executor compacted for a filter), or test the selected
 * rows in place and copy only the rows the filter keeps (after). ns/op is ns per batch row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FilterSelectionBenchmark {
    private static final int ROWS = 65_536;
    private static final int COLUMNS = 4;
    private static final Field BOOLEAN = new Field("b", FieldType.nullable(ArrowType.Bool.INSTANCE), null);

    /** Percent of the batch's rows selected when it reaches the filter. */
    @Param({"10", "50", "90"})
    public int keptPercent;

    private BufferAllocator allocator;
    private Batch columns;
    private int[] selection;
    private QueryState query;
    private FilterOperator filter;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(42);
        long[][] values = new long[COLUMNS][ROWS];
        for (int row = 0; row < ROWS; row++) {
            for (int column = 0; column < COLUMNS; column++) {
                values[column][row] = random.nextInt(1_000_000);
            }
        }
        selection = LongBatches.randomSelection(random, ROWS, keptPercent);
        columns = LongBatches.of(values, ROWS, "c", allocator);
        List<Field> fields =
                columns.columns().stream().map(FieldVector::getField).toList();
        query = new QueryState(new ExecutionContext(allocator, 1, ROWS));
        ComparisonExpr condition = new ComparisonExpr(
                ComparisonExpr.Operator.GREATER_THAN,
                new ColumnExpr(3, fields.get(3)),
                new LiteralExpr(fields.get(3), 500_000L),
                BOOLEAN);
        filter = new FilterOperator(new FilterBenchmark.Columns(fields), condition, new int[] {0, 1, 2});
    }

    @TearDown
    public void stop() {
        columns.close();
        query.close();
        allocator.close();
    }

    /** The batch as the filter receives it: the columns shared, the selection as it is. */
    private Batch withSelection() {
        return LongBatches.withSelection(columns, selection, allocator);
    }

    /** Before: every column of the selected rows copied, then the copy filtered. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int compactThenFilter() {
        try (Batch output = filter.process(Gather.compact(withSelection(), allocator), query)) {
            return output.selectedRowCount();
        }
    }

    /** After: the selected rows tested in place, only the kept ones copied (or passed on as a selection). */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int filterSelection() {
        try (Batch output = filter.process(withSelection(), query)) {
            return output.selectedRowCount();
        }
    }
}
