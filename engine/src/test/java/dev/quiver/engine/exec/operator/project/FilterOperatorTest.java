package dev.quiver.engine.exec.operator.project;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.ComparisonExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.scan.TableScanOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FilterOperatorTest {
    private static final List<Field> FIELDS = List.of(field("a", BIGINT), field("b", BIGINT), field("c", BIGINT));
    private static final Field BOOLEAN = field("keep", ArrowType.Bool.INSTANCE);

    private final OperatorHarness harness = new OperatorHarness(2, 16);

    @AfterEach
    void close() {
        harness.close(); // fails if a query leaked memory
    }

    /** Rows (i, i % 10 or NULL every 7th row, -i) for i in [0, 100). */
    private TableScanOperator table() {
        List<List<Object>> rows = new ArrayList<>();
        for (long row = 0; row < 100; row++) {
            rows.add(Arrays.asList(row, row % 7 == 0 ? null : row % 10, -row));
        }
        return harness.table(FIELDS, rows, 23);
    }

    private static Expr bAbove(long constant) {
        return new ComparisonExpr(
                ComparisonExpr.Operator.GREATER_THAN,
                new ColumnExpr(1, FIELDS.get(1)),
                new LiteralExpr(FIELDS.get(1), constant),
                BOOLEAN);
    }

    @Test
    void keepsOnlyTheChosenColumnsOfTheRowsThatPass() {
        FilterOperator filter = new FilterOperator(table(), bAbove(7), new int[] {2, 0});

        List<List<Object>> expected = new ArrayList<>();
        for (long row = 0; row < 100; row++) {
            if (row % 7 != 0 && row % 10 > 7) {
                expected.add(List.of(-row, row));
            }
        }
        assertThat(filter.outputFields()).extracting(Field::getName).containsExactly("c", "a");
        assertThat(filter.inputColumn(0)).isEqualTo(2);
        assertThat(filter.describe()).endsWith(", keep=[2, 0])");
        assertThat(harness.run(filter)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void passesTheChosenColumnWhereEveryRowOfABatchPasses() {
        FilterOperator filter = new FilterOperator(table(), bAbove(-1), new int[] {1});

        assertThat(harness.run(filter)).hasSize(100 - 15); // the NULLs of b do not pass
    }

    @Test
    void refusesAColumnItsInputDoesNotHave() {
        assertThatThrownBy(() -> new FilterOperator(table(), bAbove(0), new int[] {3}))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("no input column 3");
    }
}
