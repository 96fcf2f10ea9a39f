package dev.quiver.engine.exec.operator.project;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.VARCHAR;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.ArithmeticExpr;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.ComparisonExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.aggregate.Aggregation;
import dev.quiver.engine.exec.operator.aggregate.Aggregation.Function;
import dev.quiver.engine.exec.operator.aggregate.HashAggregateOperator;
import dev.quiver.engine.exec.operator.scan.TableScanOperator;
import dev.quiver.engine.exec.pipeline.QueryState;
import dev.quiver.engine.exec.vector.Gather;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batches a filter hands on with a selection (most rows kept, nothing copied): projections evaluate
 * over them, hash aggregates count only the selected rows, and every other consumer gets them
 * compacted. The table's rows are (k, g, d, v) = (letter {@code 'a' + i % 5} or NULL every 11th,
 * {@code i % 5} or NULL every 13th, {@code i % 5}, i); the filter {@code d < 4} drops exactly the
 * rows of key 'e' (and g = 4), so a group made from a dropped row would show.
 */
class SelectionTest {
    private static final List<Field> FIELDS =
            List.of(field("k", VARCHAR), field("g", BIGINT), field("d", BIGINT), field("v", BIGINT));
    private static final Field BOOLEAN = field("keep", ArrowType.Bool.INSTANCE);
    private static final int ROWS = 200;

    private final OperatorHarness harness = new OperatorHarness(2, 16);

    @AfterEach
    void close() {
        harness.close(); // fails if a query leaked memory
    }

    private TableScanOperator table() {
        List<List<Object>> rows = new ArrayList<>();
        for (long row = 0; row < ROWS; row++) {
            rows.add(Arrays.asList(key(row), row % 13 == 0 ? null : row % 5, row % 5, row));
        }
        return harness.table(FIELDS, rows, 20);
    }

    private static String key(long row) {
        return row % 11 == 0 ? null : String.valueOf((char) ('a' + row % 5));
    }

    private static ColumnExpr column(int index) {
        return new ColumnExpr(index, FIELDS.get(index));
    }

    /** {@code d < limit}: keeps {@code limit} of every 5 rows. */
    private static FilterOperator dBelow(TableScanOperator input, long limit) {
        Expr condition = new ComparisonExpr(
                ComparisonExpr.Operator.LESS_THAN, column(2), new LiteralExpr(FIELDS.get(2), limit), BOOLEAN);
        return new FilterOperator(input, condition);
    }

    /** {@code v / (d - subtrahend)} in BIGINT. */
    private static Expr vOverDMinus(long subtrahend) {
        Field result = field("r", BIGINT);
        Expr divisor = new ArithmeticExpr(
                ArithmeticExpr.Operator.SUBTRACT, column(2), new LiteralExpr(FIELDS.get(2), subtrahend), result);
        return new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, column(3), divisor, result);
    }

    private static Aggregation count() {
        return new Aggregation(Function.COUNT, List.of(), -1, field("n", BIGINT), null);
    }

    private static Aggregation sum(int column) {
        return new Aggregation(Function.SUM, List.of(column), -1, field("s", BIGINT), null);
    }

    /** Rows kept by {@code d < 4}, grouped by {@code keyOf}: (key, count, sum of v). */
    private static List<List<Object>> expectedGroups(LongFunction<Object> keyOf) {
        Map<Object, long[]> groups = new HashMap<>();
        for (long row = 0; row < ROWS; row++) {
            if (row % 5 < 4) {
                long[] group = groups.computeIfAbsent(keyOf.apply(row), key -> new long[2]);
                group[0]++;
                group[1] += row;
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        groups.forEach((key, group) -> rows.add(Arrays.asList(key, group[0], group[1])));
        return rows;
    }

    @Test
    void handsOnMostlyKeptRowsAsASelectionAndCopiesFewKeptRows() {
        try (BufferAllocator allocator = new RootAllocator();
                QueryState query = new QueryState(new ExecutionContext(allocator, 1, 16))) {
            FilterOperator most = dBelow(table(), 4);
            try (Batch kept = most.process(batch(allocator), query)) {
                assertThat(kept.rowCount()).isEqualTo(10);
                assertThat(kept.selectedRowCount()).isEqualTo(8);
                assertThat(Arrays.copyOf(kept.selection(), 8)).containsExactly(0, 1, 2, 3, 5, 6, 7, 8);
                try (Batch dense = Gather.copySelected(kept, allocator)) {
                    assertThat(dense.selection()).isNull();
                    BigIntVector values = (BigIntVector) dense.column(3);
                    assertThat(values.get(4)).isEqualTo(5L);
                }
            }
            FilterOperator few = dBelow(table(), 1);
            try (Batch kept = few.process(batch(allocator), query)) {
                assertThat(kept.selection()).isNull();
                assertThat(kept.rowCount()).isEqualTo(2);
            }
        }
    }

    /** Rows 0..9 of the table's layout. */
    private static Batch batch(BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>();
        for (Field field : FIELDS) {
            FieldVector vector = field.createVector(allocator);
            vector.allocateNew();
            columns.add(vector);
        }
        for (int row = 0; row < 10; row++) {
            ((VarCharVector) columns.get(0)).setSafe(row, key(row + 1).getBytes(StandardCharsets.UTF_8));
            ((BigIntVector) columns.get(1)).setSafe(row, row % 5);
            ((BigIntVector) columns.get(2)).setSafe(row, row % 5);
            ((BigIntVector) columns.get(3)).setSafe(row, row);
        }
        columns.forEach(column -> column.setValueCount(10));
        return new Batch(columns, 10);
    }

    @Test
    void groupsOnlyTheSelectedRowsOfEveryKeyLayout() {
        TableScanOperator scan = table();
        // one-character strings (their short-key codes), a BIGINT key, two keys (encoded rows), none
        assertThat(harness.run(new HashAggregateOperator(dBelow(scan, 4), new int[] {0}, List.of(count(), sum(3)))))
                .containsExactlyInAnyOrderElementsOf(expectedGroups(SelectionTest::key));
        assertThat(harness.run(new HashAggregateOperator(dBelow(scan, 4), new int[] {1}, List.of(count(), sum(3)))))
                .containsExactlyInAnyOrderElementsOf(expectedGroups(row -> row % 13 == 0 ? null : row % 5));
        List<List<Object>> twoKeys = new ArrayList<>();
        for (List<Object> group : expectedGroups(row -> Arrays.asList(key(row), row % 5))) {
            List<?> keys = (List<?>) group.getFirst();
            twoKeys.add(Arrays.asList(keys.get(0), keys.get(1), group.get(1), group.get(2)));
        }
        assertThat(harness.run(new HashAggregateOperator(dBelow(scan, 4), new int[] {0, 2}, List.of(count(), sum(3)))))
                .containsExactlyInAnyOrderElementsOf(twoKeys);
        List<Object> total = expectedGroups(row -> "all").getFirst().subList(1, 3);
        assertThat(harness.run(new HashAggregateOperator(dBelow(scan, 4), new int[0], List.of(count(), sum(3)))))
                .containsExactly(total);
    }

    @Test
    void projectsOverASelectionAndRetriesTheKeptRowsWhenADroppedRowFails() {
        TableScanOperator scan = table();
        Field result = field("r", BIGINT);
        Expr quotient = vOverDMinus(4); // divides by zero on exactly the rows the filter dropped
        Expr doubled = new ArithmeticExpr(ArithmeticExpr.Operator.ADD, column(3), column(3), result);
        List<Field> outputs = List.of(FIELDS.get(0), field("q", BIGINT), field("twice", BIGINT));
        ProjectOperator dividing = new ProjectOperator(dBelow(scan, 4), List.of(column(0), quotient, doubled), outputs);
        ProjectOperator safe = new ProjectOperator(dBelow(scan, 4), List.of(column(0), doubled, doubled), outputs);
        assertThat(dividing.processesSelection()).isTrue();

        List<List<Object>> expected = new ArrayList<>();
        List<List<Object>> expectedSafe = new ArrayList<>();
        for (long row = 0; row < ROWS; row++) {
            if (row % 5 < 4) {
                expected.add(Arrays.asList(key(row), row / (row % 5 - 4), 2 * row));
                expectedSafe.add(Arrays.asList(key(row), 2 * row, 2 * row));
            }
        }
        // into the result collector, which takes no selection: compacted by the executor
        assertThat(harness.run(dividing)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(harness.run(safe)).containsExactlyInAnyOrderElementsOf(expectedSafe);
        // into an aggregate, which does
        Map<Object, Long> sums = new HashMap<>();
        for (List<Object> row : expected) {
            sums.merge(row.get(0), (Long) row.get(1), Long::sum);
        }
        List<List<Object>> expectedSums = new ArrayList<>();
        sums.forEach((key, sum) -> expectedSums.add(Arrays.asList(key, sum)));
        assertThat(harness.run(new HashAggregateOperator(dividing, new int[] {0}, List.of(sum(1)))))
                .containsExactlyInAnyOrderElementsOf(expectedSums);
    }

    @Test
    void aFailureOnAKeptRowIsStillReported() {
        TableScanOperator scan = table();
        Expr quotient = vOverDMinus(1); // d = 1 is kept by d < 4, so the division by zero is real
        ProjectOperator project = new ProjectOperator(dBelow(scan, 4), List.of(quotient), List.of(field("q", BIGINT)));
        assertThatThrownBy(() -> harness.run(new HashAggregateOperator(project, new int[0], List.of(sum(0)))))
                .hasMessageContaining("ivision by zero");
    }
}
