package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.ComparisonExpr.Operator;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseExprTest extends ExprTestSupport {

    private static Expr compare(Operator operator, Expr left, Expr right) {
        return new ComparisonExpr(operator, left, right, BOOLEAN);
    }

    @Test
    void firstTrueConditionWinsAndNullIsNotTrue() {
        Batch input = batch(ints(1, 2, 3, null));
        ColumnExpr x = column(0, INTEGER);
        CaseExpr expr = new CaseExpr(
                List.of(
                        compare(Operator.EQUAL, x, literal(INTEGER, 1)),
                        compare(Operator.LESS_THAN, x, literal(INTEGER, 3))),
                List.of(literal(VARCHAR, "one"), literal(VARCHAR, "small")),
                literal(VARCHAR, "other"),
                VARCHAR);
        assertThat(eval(expr, input)).containsExactly("one", "small", "other", "other");
        CaseExpr noElse =
                new CaseExpr(List.of(compare(Operator.EQUAL, x, literal(INTEGER, 1))), List.of(x), null, INTEGER);
        assertThat(eval(noElse, input)).containsExactly(1, null, null, null);
    }

    @Test
    void valuesOfEveryStorageWidth() {
        Batch input = batch(
                booleans(true, false, null),
                decimals(20, 2, "1.50", "2.50", "3.50"),
                bigints(10L, 20L, 30L),
                strings("a", "bb", "ccc"));
        Expr condition = column(0, BOOLEAN);
        assertThat(eval(
                        new CaseExpr(
                                List.of(condition),
                                List.of(column(1, decimal(20, 2))),
                                literal(decimal(20, 2), new java.math.BigDecimal("-1.00")),
                                decimal(20, 2)),
                        input))
                .containsExactly("1.50", "-1.00", "-1.00");
        assertThat(eval(
                        new CaseExpr(List.of(condition), List.of(column(2, BIGINT)), LiteralExpr.nullOf(NULL), BIGINT),
                        input))
                .containsExactly(10L, null, null);
        assertThat(eval(new CaseExpr(List.of(condition), List.of(literal(BOOLEAN, false)), condition, BOOLEAN), input))
                .containsExactly(false, false, null);
        assertThat(eval(
                        new CaseExpr(List.of(condition), List.of(column(3, VARCHAR)), literal(VARCHAR, "-"), VARCHAR),
                        input))
                .containsExactly("a", "-", "-");
    }

    @Test
    void branchesOfOtherTypesAreCastToTheResult() {
        Batch input = batch(booleans(true, false), ints(1, 2), decimals(15, 2, "1.25", "2.50"));
        CaseExpr expr = new CaseExpr(
                List.of(column(0, BOOLEAN)), List.of(column(1, INTEGER)), column(2, decimal(15, 2)), decimal(16, 2));
        assertThat(eval(expr, input)).containsExactly("1.00", "2.50");
    }

    @Test
    void failingBranchesOnlySeeTheirRows() {
        // CASE WHEN x = 0 THEN 0 ELSE 10 / x END
        Batch input = batch(ints(0, 5, null, 2));
        ColumnExpr x = column(0, INTEGER);
        Expr quotient = new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, literal(INTEGER, 10), x, INTEGER);
        CaseExpr expr = new CaseExpr(
                List.of(compare(Operator.EQUAL, x, literal(INTEGER, 0))),
                List.of(literal(INTEGER, 0)),
                quotient,
                INTEGER);
        assertThat(eval(expr, input)).containsExactly(0, 2, null, 5);
        // and a failing condition only sees rows no earlier condition took
        Expr failingCondition = compare(Operator.GREATER_THAN, quotient, literal(INTEGER, 3));
        CaseExpr guarded = new CaseExpr(
                List.of(compare(Operator.EQUAL, x, literal(INTEGER, 0)), failingCondition),
                List.of(literal(VARCHAR, "zero"), literal(VARCHAR, "big")),
                literal(VARCHAR, "small"),
                VARCHAR);
        assertThat(eval(guarded, input)).containsExactly("zero", "small", "small", "big");
    }

    @Test
    void aFailingBranchTakenByARowStillFails() {
        Batch input = batch(ints(0, 5));
        ColumnExpr x = column(0, INTEGER);
        Expr quotient = new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, literal(INTEGER, 10), x, INTEGER);
        CaseExpr expr = new CaseExpr(
                List.of(compare(Operator.GREATER_THAN, x, literal(INTEGER, 100))),
                List.of(literal(INTEGER, 0)),
                quotient,
                INTEGER);
        assertThatThrownBy(() -> eval(expr, input))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    }

    /** An expression of a kind the kernels do not know, as a Python function would be; counts its rows. */
    private static final class CountingExpr implements Expr {
        private final Expr inner;
        int rowsSeen;

        CountingExpr(Expr inner) {
            this.inner = inner;
        }

        @Override
        public org.apache.arrow.vector.types.pojo.Field field() {
            return inner.field();
        }

        @Override
        public org.apache.arrow.vector.FieldVector evaluate(
                Batch input, dev.quiver.engine.exec.ExecutionContext context) {
            rowsSeen += input.rowCount();
            return inner.evaluate(input, context);
        }

        @Override
        public String describe() {
            return "counting(" + inner.describe() + ")";
        }
    }

    @Test
    void unknownExpressionsOnlySeeTheRowsThatNeedThem() {
        Batch input = batch(ints(1, 2, 3, 4));
        ColumnExpr x = column(0, INTEGER);
        CountingExpr expensive = new CountingExpr(x);
        CaseExpr expr = new CaseExpr(
                List.of(compare(Operator.GREATER_THAN, x, literal(INTEGER, 2))),
                List.of(expensive),
                literal(INTEGER, 0),
                INTEGER);
        assertThat(eval(expr, input)).containsExactly(0, 0, 3, 4);
        assertThat(expensive.rowsSeen).isEqualTo(2);
    }

    @Test
    void coalesceTakesTheFirstNonNull() {
        Batch input = batch(ints(1, null, null, null), ints(10, 20, null, null), ints(100, 200, 300, null));
        CoalesceExpr expr =
                new CoalesceExpr(List.of(column(0, INTEGER), column(1, INTEGER), column(2, INTEGER)), INTEGER);
        assertThat(eval(expr, input)).containsExactly(1, 20, 300, null);
        CoalesceExpr withConstant = new CoalesceExpr(List.of(column(0, INTEGER), literal(INTEGER, -1)), INTEGER);
        assertThat(eval(withConstant, input)).containsExactly(1, -1, -1, -1);
    }

    @Test
    void coalesceEvaluatesFailingOperandsOnlyWhereNeeded() {
        Batch input = batch(ints(1, null), ints(0, 2));
        Expr quotient =
                new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, literal(INTEGER, 10), column(1, INTEGER), INTEGER);
        CoalesceExpr expr = new CoalesceExpr(List.of(column(0, INTEGER), quotient), INTEGER);
        assertThat(eval(expr, input)).containsExactly(1, 5);
    }

    @Test
    void coalesceOfStrings() {
        Batch input = batch(strings(null, "x", null), strings("a", "b", null));
        assertThat(eval(
                        new CoalesceExpr(
                                List.of(column(0, VARCHAR), column(1, VARCHAR), literal(VARCHAR, "-")), VARCHAR),
                        input))
                .containsExactly("a", "x", "-");
    }

    @Test
    void nullIf() {
        Batch input = batch(ints(1, 2, null, 4), ints(1, 3, 1, null));
        assertThat(eval(new NullIfExpr(column(0, INTEGER), column(1, INTEGER), INTEGER), input))
                .containsExactly(null, 2, null, 4);
        Batch strings = batch(strings("a", "b"));
        assertThat(eval(new NullIfExpr(column(0, VARCHAR), literal(VARCHAR, "a"), VARCHAR), strings))
                .containsExactly(null, "b");
    }

    @Test
    void manyRowsAndBranches() {
        int rows = 300;
        Integer[] values = new Integer[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = row % 11 == 0 ? null : row;
        }
        Batch input = batch(ints(values));
        ColumnExpr x = column(0, INTEGER);
        Expr modulo = new ArithmeticExpr(ArithmeticExpr.Operator.MODULO, x, literal(INTEGER, 3), INTEGER);
        CaseExpr expr = new CaseExpr(
                List.of(
                        compare(Operator.EQUAL, modulo, literal(INTEGER, 0)),
                        compare(Operator.EQUAL, modulo, literal(INTEGER, 1))),
                List.of(literal(VARCHAR, "zero"), literal(VARCHAR, "one")),
                literal(VARCHAR, "two"),
                VARCHAR);
        List<Object> result = eval(expr, input);
        for (int row = 0; row < rows; row++) {
            Object expected = values[row] == null
                    ? "two"
                    : switch (row % 3) {
                        case 0 -> "zero";
                        case 1 -> "one";
                        default -> "two";
                    };
            assertThat(result.get(row)).as("row %d", row).isEqualTo(expected);
        }
    }
}
