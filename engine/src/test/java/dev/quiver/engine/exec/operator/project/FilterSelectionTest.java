package dev.quiver.engine.exec.operator.project;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.ArithmeticExpr;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.ComparisonExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.LogicalExpr;
import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.scan.TableScanOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.vector.Gather;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A filter over a batch that arrives with a selection (a join filter's kept rows): it tests only
 * the selected rows and keeps those where the condition is TRUE, whichever way the condition is
 * evaluated (conjuncts narrowing the rows in place, or a condition on copies of the selected rows), however many
 * rows are selected, with NULLs, and with an expression that fails only on rows outside the
 * selection. The batch's rows are (a, b, r) = (i % 10 or NULL every 7th row, i % 4, i).
 */
class FilterSelectionTest {
    private static final List<Field> FIELDS = List.of(field("a", BIGINT), field("b", BIGINT), field("r", BIGINT));
    private static final Field BOOLEAN = field("keep", ArrowType.Bool.INSTANCE);
    private static final int ROWS = 300;
    private static final double[] SHARES = {0.0, 0.02, 0.2, 0.45, 0.6, 0.9, 1.0};

    private final OperatorHarness harness = new OperatorHarness(1, 16);

    @AfterEach
    void close() {
        harness.close();
    }

    /** An input with the batch's columns (the filter reads only its fields). */
    private TableScanOperator input() {
        return harness.table(FIELDS, List.of(), 16);
    }

    private static Long a(int row) {
        return row % 7 == 0 ? null : (long) (row % 10);
    }

    private static long b(int row) {
        return row % 4;
    }

    private static ColumnExpr column(int index) {
        return new ColumnExpr(index, FIELDS.get(index));
    }

    private static Expr compare(ComparisonExpr.Operator operator, Expr left, long constant) {
        return new ComparisonExpr(operator, left, new LiteralExpr(field("c", BIGINT), constant), BOOLEAN);
    }

    /** {@code a > 4 AND b < 3}: conjuncts that narrow the selected rows in place. */
    private static Expr conjunction() {
        return new LogicalExpr(
                LogicalExpr.Operator.AND,
                List.of(
                        compare(ComparisonExpr.Operator.GREATER_THAN, column(0), 4),
                        compare(ComparisonExpr.Operator.LESS_THAN, column(1), 3)),
                BOOLEAN);
    }

    private static boolean conjunctionHolds(int row) {
        return a(row) != null && a(row) > 4 && b(row) < 3;
    }

    /** {@code a > 7 OR b = 0}: no conjunct narrows in place, the condition is evaluated on the selected rows. */
    private static Expr disjunction() {
        return new LogicalExpr(
                LogicalExpr.Operator.OR,
                List.of(
                        compare(ComparisonExpr.Operator.GREATER_THAN, column(0), 7),
                        compare(ComparisonExpr.Operator.EQUAL, column(1), 0)),
                BOOLEAN);
    }

    /** NULL OR TRUE is TRUE, NULL OR FALSE is NULL (not kept). */
    private static boolean disjunctionHolds(int row) {
        return (a(row) != null && a(row) > 7) || b(row) == 0;
    }

    /** {@code r / b > 40}: divides by zero on every row where b = 0. */
    private static Expr dividing() {
        Field result = field("q", BIGINT);
        return compare(
                ComparisonExpr.Operator.GREATER_THAN,
                new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, column(2), column(1), result),
                40);
    }

    @Test
    void conjunctsTestOnlyTheSelectedRows() {
        checkEveryShare(conjunction(), FilterSelectionTest::conjunctionHolds, row -> true);
    }

    @Test
    void aConditionWithoutNarrowingConjunctsKeepsOnlySelectedRows() {
        checkEveryShare(disjunction(), FilterSelectionTest::disjunctionHolds, row -> true);
    }

    @Test
    void anErrorOnARowOutsideTheSelectionIsNoError() {
        IntPredicate nonZeroDivisor = row -> b(row) != 0;
        checkEveryShare(dividing(), row -> b(row) != 0 && row / b(row) > 40, nonZeroDivisor);
    }

    @Test
    void anErrorOnASelectedRowIsRaised() {
        try (BufferAllocator allocator = new RootAllocator();
                QueryState query = new QueryState(new ExecutionContext(allocator, 1, ROWS))) {
            FilterOperator filter = new FilterOperator(input(), dividing());
            int[] selection = {1, 2, 4, 9}; // b(4) = 0
            assertThatThrownBy(() -> filter.process(batch(allocator, selection, selection.length), query))
                    .isInstanceOf(QuiverException.class)
                    .extracting(e -> ((QuiverException) e).code())
                    .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
        }
    }

    @Test
    void acceptsSelectionsAndReadsOnlyTheirRows() {
        FilterOperator filter = new FilterOperator(input(), conjunction());
        assertThat(filter.processesSelection()).isTrue();
        assertThat(filter.readsOnlySelectedRows()).isTrue();
    }

    /**
     * For each share of selected rows (random rows among those {@code eligible} allows), the filter
     * keeps exactly the selected rows where {@code holds}, copied or as a narrower selection.
     */
    private void checkEveryShare(Expr condition, IntPredicate holds, IntPredicate eligible) {
        Random random = new Random(42);
        try (BufferAllocator allocator = new RootAllocator();
                QueryState query = new QueryState(new ExecutionContext(allocator, 1, ROWS))) {
            for (int[] keep : new int[][] {{0, 1, 2}, {2, 0}}) {
                FilterOperator filter = new FilterOperator(input(), condition, keep);
                for (double share : SHARES) {
                    int[] selection = new int[ROWS];
                    int count = 0;
                    for (int row = 0; row < ROWS; row++) {
                        if (eligible.test(row) && random.nextDouble() < share) {
                            selection[count++] = row;
                        }
                    }
                    List<List<Long>> expected = new ArrayList<>();
                    for (int index = 0; index < count; index++) {
                        int row = selection[index];
                        if (holds.test(row)) {
                            expected.add(project(Arrays.asList(a(row), b(row), (long) row), keep));
                        }
                    }
                    try (Batch output = filter.process(batch(allocator, selection, count), query)) {
                        assertThat(rows(output, allocator))
                                .as("share %s, keep %s", share, Arrays.toString(keep))
                                .containsExactlyElementsOf(expected);
                    }
                }
            }
        }
    }

    private static List<Long> project(List<Long> row, int[] keep) {
        List<Long> values = new ArrayList<>();
        for (int column : keep) {
            values.add(row.get(column));
        }
        return values;
    }

    /** The rows a batch holds, in order, read from a dense copy. */
    private static List<List<Long>> rows(Batch batch, BufferAllocator allocator) {
        List<List<Long>> rows = new ArrayList<>();
        try (Batch dense = Gather.copySelected(batch, allocator)) {
            for (int row = 0; row < dense.rowCount(); row++) {
                List<Long> values = new ArrayList<>();
                for (int column = 0; column < dense.columnCount(); column++) {
                    BigIntVector vector = (BigIntVector) dense.column(column);
                    values.add(vector.isNull(row) ? null : vector.get(row));
                }
                rows.add(values);
            }
        }
        return rows;
    }

    /** All {@value #ROWS} rows, of which {@code selection[0..count)} are in the batch (none selected: an empty selection). */
    private static Batch batch(BufferAllocator allocator, int[] selection, int count) {
        List<FieldVector> columns = new ArrayList<>();
        for (Field field : FIELDS) {
            BigIntVector vector = (BigIntVector) field.createVector(allocator);
            vector.allocateNew(ROWS);
            columns.add(vector);
        }
        for (int row = 0; row < ROWS; row++) {
            Long a = a(row);
            if (a == null) {
                ((BigIntVector) columns.get(0)).setNull(row);
            } else {
                ((BigIntVector) columns.get(0)).set(row, a);
            }
            ((BigIntVector) columns.get(1)).set(row, b(row));
            ((BigIntVector) columns.get(2)).set(row, row);
        }
        columns.forEach(vector -> vector.setValueCount(ROWS));
        return new Batch(columns, ROWS, selection.clone(), count);
    }
}
