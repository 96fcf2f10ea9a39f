package dev.quiver.engine.exec.operator.project;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.ArithmeticExpr;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.scan.TableScanOperator;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectOperatorTest {
    private static final List<Field> FIELDS = List.of(field("a", BIGINT), field("b", BIGINT));
    private static final Field RESULT = field("r", BIGINT);

    private final OperatorHarness harness = new OperatorHarness(2, 16);

    @AfterEach
    void close() {
        harness.close(); // fails if a query leaked memory, the shared columns' included
    }

    /** Rows (i, 100 - i) for i in [0, 50). */
    private TableScanOperator table() {
        List<List<Object>> rows = new ArrayList<>();
        for (long row = 0; row < 50; row++) {
            rows.add(List.of(row, 100 - row));
        }
        return harness.table(FIELDS, rows, 7);
    }

    private static Expr arithmetic(ArithmeticExpr.Operator operator, Expr left, Expr right) {
        return new ArithmeticExpr(operator, left, right, RESULT);
    }

    private static ColumnExpr column(int index, Field field) {
        return new ColumnExpr(index, field);
    }

    @Test
    void readsASharedSubexpressionAsAnAppendedColumn() {
        // $2 := a * b; outputs $2, $2 + a, b
        Expr product = arithmetic(ArithmeticExpr.Operator.MULTIPLY, column(0, FIELDS.get(0)), column(1, FIELDS.get(1)));
        ProjectOperator project = new ProjectOperator(
                table(),
                List.of(product),
                List.of(
                        column(2, RESULT),
                        arithmetic(ArithmeticExpr.Operator.ADD, column(2, RESULT), column(0, FIELDS.get(0))),
                        column(1, FIELDS.get(1))),
                List.of(field("p", BIGINT), field("q", BIGINT), field("b", BIGINT)));

        List<List<Object>> expected = new ArrayList<>();
        for (long row = 0; row < 50; row++) {
            expected.add(List.of(row * (100 - row), row * (100 - row) + row, 100 - row));
        }
        assertThat(harness.run(project)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(project.describe()).isEqualTo("Project($2 := ($0 * $1); $2, ($2 + $0), $1)");
        // only real input columns are traced through for join filters
        assertThat(project.inputColumn(0)).isEqualTo(-1);
        assertThat(project.inputColumn(2)).isEqualTo(1);
        assertThat(project.onlyPicksColumns()).isFalse();
    }

    @Test
    void freesTheSharedColumnsWhenAnOutputExpressionFails() {
        Expr product = arithmetic(ArithmeticExpr.Operator.MULTIPLY, column(0, FIELDS.get(0)), column(1, FIELDS.get(1)));
        Expr divideByZero = arithmetic(ArithmeticExpr.Operator.DIVIDE, column(2, RESULT), new LiteralExpr(RESULT, 0L));
        ProjectOperator project = new ProjectOperator(
                table(), List.of(product), List.of(column(2, RESULT), divideByZero), List.of(RESULT, RESULT));

        assertThatThrownBy(() -> harness.run(project)).isInstanceOf(QuiverException.class);
    }
}
