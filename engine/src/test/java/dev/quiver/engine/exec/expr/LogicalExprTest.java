package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

class LogicalExprTest extends ExprTestSupport {
    private static final Boolean T = true;
    private static final Boolean F = false;

    private Batch truthTable() {
        // every combination of TRUE, FALSE, NULL
        return batch(booleans(T, T, T, F, F, F, null, null, null), booleans(T, F, null, T, F, null, T, F, null));
    }

    @Test
    void andIsThreeValued() {
        LogicalExpr and =
                new LogicalExpr(LogicalExpr.Operator.AND, List.of(column(0, BOOLEAN), column(1, BOOLEAN)), BOOLEAN);
        assertThat(eval(and, truthTable())).containsExactly(T, F, null, F, F, F, null, F, null);
    }

    @Test
    void orIsThreeValued() {
        LogicalExpr or =
                new LogicalExpr(LogicalExpr.Operator.OR, List.of(column(0, BOOLEAN), column(1, BOOLEAN)), BOOLEAN);
        assertThat(eval(or, truthTable())).containsExactly(T, T, T, T, F, null, T, null, null);
    }

    @Test
    void notAndTruthTests() {
        Batch input = batch(booleans(T, F, null));
        ColumnExpr value = column(0, BOOLEAN);
        assertThat(eval(new NotExpr(value, BOOLEAN), input)).containsExactly(F, T, null);
        assertThat(eval(new NullTestExpr(NullTestExpr.Test.IS_NULL, value, BOOLEAN), input))
                .containsExactly(F, F, T);
        assertThat(eval(new NullTestExpr(NullTestExpr.Test.IS_NOT_NULL, value, BOOLEAN), input))
                .containsExactly(T, T, F);
        assertThat(eval(new NullTestExpr(NullTestExpr.Test.IS_TRUE, value, BOOLEAN), input))
                .containsExactly(T, F, F);
        assertThat(eval(new NullTestExpr(NullTestExpr.Test.IS_NOT_TRUE, value, BOOLEAN), input))
                .containsExactly(F, T, T);
        assertThat(eval(new NullTestExpr(NullTestExpr.Test.IS_FALSE, value, BOOLEAN), input))
                .containsExactly(F, T, F);
        assertThat(eval(new NullTestExpr(NullTestExpr.Test.IS_NOT_FALSE, value, BOOLEAN), input))
                .containsExactly(T, F, T);
    }

    @Test
    void isNullOnAnyType() {
        Batch input = batch(strings("a", null), decimals(5, 2, null, "1.00"));
        assertThat(eval(new NullTestExpr(NullTestExpr.Test.IS_NULL, column(0, VARCHAR), BOOLEAN), input))
                .containsExactly(F, T);
        assertThat(eval(new NullTestExpr(NullTestExpr.Test.IS_NOT_NULL, column(1, decimal(5, 2)), BOOLEAN), input))
                .containsExactly(F, T);
        assertThat(eval(new NullTestExpr(NullTestExpr.Test.IS_NULL, LiteralExpr.nullOf(NULL), BOOLEAN), rows(2)))
                .containsExactly(T, T);
    }

    @Test
    void nonCanonicalInputBitsUnderNullsAreIgnored() {
        // an input whose data bit is set under a NULL must still read as NULL, not TRUE
        org.apache.arrow.vector.BitVector dirty = booleans(T, F);
        dirty.setNull(0);
        org.apache.arrow.vector.BitVectorHelper.setBit(dirty.getDataBuffer(), 0);
        Batch input = batch(dirty, booleans(T, T));
        LogicalExpr and =
                new LogicalExpr(LogicalExpr.Operator.AND, List.of(column(0, BOOLEAN), column(1, BOOLEAN)), BOOLEAN);
        assertThat(eval(and, input)).containsExactly(null, F);
        LogicalExpr or =
                new LogicalExpr(LogicalExpr.Operator.OR, List.of(column(0, BOOLEAN), column(1, BOOLEAN)), BOOLEAN);
        assertThat(eval(or, input)).containsExactly(T, T);
    }

    @Test
    void laterOperandsThatCanFailSeeOnlyUndecidedRows() {
        // x <> 0 AND 10 / x > 1: the division runs only where x <> 0 is not FALSE
        Batch input = batch(ints(0, 5, 2, null));
        ColumnExpr x = column(0, INTEGER);
        Expr nonZero = new ComparisonExpr(ComparisonExpr.Operator.NOT_EQUAL, x, literal(INTEGER, 0), BOOLEAN);
        Expr quotient = new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, literal(INTEGER, 10), x, INTEGER);
        Expr large = new ComparisonExpr(ComparisonExpr.Operator.GREATER_THAN, quotient, literal(INTEGER, 2), BOOLEAN);
        LogicalExpr and = new LogicalExpr(LogicalExpr.Operator.AND, List.of(nonZero, large), BOOLEAN);
        assertThat(eval(and, input)).containsExactly(F, F, T, null);
        // x = 0 OR 10 / x > 2
        Expr isZero = new ComparisonExpr(ComparisonExpr.Operator.EQUAL, x, literal(INTEGER, 0), BOOLEAN);
        LogicalExpr or = new LogicalExpr(LogicalExpr.Operator.OR, List.of(isZero, large), BOOLEAN);
        assertThat(eval(or, input)).containsExactly(T, F, T, null);
    }

    @Test
    void operandsThatCannotFailRunFirstWhateverTheWrittenOrder() {
        // 10 / x > 1 AND x <> 0: DuckDB's WHERE does not divide by zero here either
        Batch input = batch(ints(0, 5, 2));
        ColumnExpr x = column(0, INTEGER);
        Expr quotient = new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, literal(INTEGER, 10), x, INTEGER);
        Expr large = new ComparisonExpr(ComparisonExpr.Operator.GREATER_THAN, quotient, literal(INTEGER, 2), BOOLEAN);
        Expr nonZero = new ComparisonExpr(ComparisonExpr.Operator.NOT_EQUAL, x, literal(INTEGER, 0), BOOLEAN);
        LogicalExpr and = new LogicalExpr(LogicalExpr.Operator.AND, List.of(large, nonZero), BOOLEAN);
        assertThat(eval(and, input)).containsExactly(F, F, T);
        assertThat(and.describe()).isEqualTo("(((10 / $0) > 2) AND ($0 <> 0))");
    }

    @Test
    void failingOperandStillFailsOnRowsThatNeedIt() {
        Batch input = batch(ints(0, 1));
        ColumnExpr x = column(0, INTEGER);
        Expr quotient = new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, literal(INTEGER, 10), x, INTEGER);
        Expr positive =
                new ComparisonExpr(ComparisonExpr.Operator.GREATER_THAN, quotient, literal(INTEGER, 0), BOOLEAN);
        LogicalExpr and = new LogicalExpr(LogicalExpr.Operator.AND, List.of(literal(BOOLEAN, true), positive), BOOLEAN);
        assertThatThrownBy(() -> eval(and, input))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    }

    @Test
    void decidedBatchesSkipTheRemainingOperands() {
        Batch input = batch(ints(0, 0));
        Expr quotient =
                new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, literal(INTEGER, 10), column(0, INTEGER), INTEGER);
        Expr positive =
                new ComparisonExpr(ComparisonExpr.Operator.GREATER_THAN, quotient, literal(INTEGER, 0), BOOLEAN);
        LogicalExpr and =
                new LogicalExpr(LogicalExpr.Operator.AND, List.of(literal(BOOLEAN, false), positive), BOOLEAN);
        assertThat(eval(and, input)).containsExactly(F, F);
    }

    @Test
    void manyOperandsAndRows() {
        int rows = 200;
        Boolean[] a = new Boolean[rows];
        Boolean[] b = new Boolean[rows];
        Boolean[] c = new Boolean[rows];
        for (int row = 0; row < rows; row++) {
            a[row] = row % 3 == 0 ? null : row % 2 == 0;
            b[row] = row % 5 != 0;
            c[row] = row % 7 == 0 ? null : true;
        }
        Batch input = batch(booleans(a), booleans(b), booleans(c));
        List<Object> result = eval(
                new LogicalExpr(
                        LogicalExpr.Operator.AND,
                        List.of(column(0, BOOLEAN), column(1, BOOLEAN), column(2, BOOLEAN)),
                        BOOLEAN),
                input);
        for (int row = 0; row < rows; row++) {
            Boolean expected;
            if (F.equals(a[row]) || F.equals(b[row]) || F.equals(c[row])) {
                expected = F;
            } else if (a[row] == null || b[row] == null || c[row] == null) {
                expected = null;
            } else {
                expected = T;
            }
            assertThat(result.get(row)).as("row %d", row).isEqualTo(expected);
        }
    }

    @Test
    void rejectsNonBooleanOperands() {
        assertThatThrownBy(() -> new LogicalExpr(LogicalExpr.Operator.AND, List.of(column(0, INTEGER)), BOOLEAN))
                .hasMessageContaining("AND needs BOOLEAN operands, got INTEGER");
    }

    /**
     * Once the first comparison leaves few rows open, the others run on those rows alone
     * ({@link ComparisonExpr#decideRows}): the answers, NULLs included, are those of a row-by-row
     * reference, for AND and OR over BIGINT, INTEGER and DECIMAL columns.
     */
    @Test
    void comparisonsOnTheFewOpenRowsGiveEveryRowsAnswer() {
        java.util.Random random = new java.util.Random(7);
        int rows = 1000;
        Long[] keys = new Long[rows];
        Integer[] counts = new Integer[rows];
        String[] prices = new String[rows];
        for (int row = 0; row < rows; row++) {
            keys[row] = random.nextInt(9) == 0 ? null : (long) random.nextInt(100);
            counts[row] = random.nextInt(9) == 0 ? null : random.nextInt(40);
            prices[row] = random.nextInt(9) == 0 ? null : random.nextInt(6) + ".00";
        }
        Batch input = batch(bigints(keys), ints(counts), decimals(15, 2, prices));
        Field price = decimal(15, 2);
        for (LogicalExpr.Operator operator : LogicalExpr.Operator.values()) {
            boolean isAnd = operator == LogicalExpr.Operator.AND;
            LogicalExpr expr = new LogicalExpr(
                    operator,
                    List.of(
                            compare(
                                    isAnd
                                            ? ComparisonExpr.Operator.LESS_THAN
                                            : ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL,
                                    column(0, BIGINT),
                                    literal(BIGINT, 5L)),
                            compare(
                                    ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL,
                                    column(1, INTEGER),
                                    literal(INTEGER, 20L)),
                            compare(
                                    ComparisonExpr.Operator.NOT_EQUAL,
                                    column(2, price),
                                    literal(price, new BigDecimal("3.00"))),
                            compare(ComparisonExpr.Operator.GREATER_THAN, column(0, BIGINT), literal(BIGINT, 1L))),
                    BOOLEAN);
            List<Boolean> expected = new ArrayList<>();
            for (int row = 0; row < rows; row++) {
                Boolean first = keys[row] == null ? null : (isAnd ? keys[row] < 5 : keys[row] >= 5);
                Boolean second = counts[row] == null ? null : counts[row] >= 20;
                Boolean third = prices[row] == null ? null : !prices[row].equals("3.00");
                Boolean fourth = keys[row] == null ? null : keys[row] > 1;
                expected.add(combine(isAnd, first, second, third, fourth));
            }
            assertThat(eval(expr, input)).as("%s", operator).containsExactlyElementsOf(expected);
        }
    }

    /**
     * Nested ANDs are spliced and two bounds on one column fused into one range test (TPC-H's
     * {@code d >= x AND d < y}, a BETWEEN, an empty range, an equality inside a range): the
     * answers, NULLs included, and the text are those of the operands as written.
     */
    @Test
    void nestedAndsAndFusedBoundsGiveEveryRowsAnswer() {
        java.util.Random random = new java.util.Random(11);
        int rows = 1000;
        Integer[] days = new Integer[rows];
        String[] prices = new String[rows];
        Long[] keys = new Long[rows];
        for (int row = 0; row < rows; row++) {
            days[row] = random.nextInt(9) == 0 ? null : random.nextInt(60);
            prices[row] = random.nextInt(9) == 0 ? null : "0.0" + random.nextInt(10);
            keys[row] = random.nextInt(9) == 0 ? null : (long) random.nextInt(20);
        }
        Batch input = batch(ints(days), decimals(15, 2, prices), bigints(keys));
        Field price = decimal(15, 2);
        Expr day = column(0, INTEGER);
        Expr key = column(2, BIGINT);
        List<int[]> dayBounds = List.of(new int[] {10, 40}, new int[] {30, 30}, new int[] {40, 10});
        for (int[] bounds : dayBounds) {
            int low = bounds[0];
            int high = bounds[1];
            LogicalExpr expr = new LogicalExpr(
                    LogicalExpr.Operator.AND,
                    List.of(
                            new LogicalExpr(
                                    LogicalExpr.Operator.AND,
                                    List.of(
                                            compare(
                                                    ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL,
                                                    day,
                                                    literal(INTEGER, low)),
                                            compare(ComparisonExpr.Operator.LESS_THAN, day, literal(INTEGER, high))),
                                    BOOLEAN),
                            new LogicalExpr(
                                    LogicalExpr.Operator.AND,
                                    List.of(
                                            compare(
                                                    ComparisonExpr.Operator.LESS_THAN_OR_EQUAL,
                                                    column(1, price),
                                                    literal(price, new BigDecimal("0.07"))),
                                            compare(
                                                    ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL,
                                                    column(1, price),
                                                    literal(price, new BigDecimal("0.05")))),
                                    BOOLEAN),
                            compare(ComparisonExpr.Operator.EQUAL, key, literal(BIGINT, 7L)),
                            compare(ComparisonExpr.Operator.NOT_EQUAL, key, literal(BIGINT, 8L)),
                            compare(ComparisonExpr.Operator.GREATER_THAN, key, literal(BIGINT, 3L))),
                    BOOLEAN);
            List<Boolean> expected = new ArrayList<>();
            for (int row = 0; row < rows; row++) {
                Boolean dayIn = days[row] == null ? null : days[row] >= low && days[row] < high;
                Boolean priceIn = prices[row] == null
                        ? null
                        : new BigDecimal(prices[row]).compareTo(new BigDecimal("0.05")) >= 0
                                && new BigDecimal(prices[row]).compareTo(new BigDecimal("0.07")) <= 0;
                Boolean keyIn = keys[row] == null ? null : keys[row] == 7 && keys[row] != 8 && keys[row] > 3;
                expected.add(combine(true, dayIn, priceIn, keyIn));
            }
            assertThat(eval(expr, input)).as("days [%d, %d)", low, high).containsExactlyElementsOf(expected);
            assertThat(expr.describe())
                    .isEqualTo("((($0 >= " + low + ") AND ($0 < " + high + ")) AND (($1 <= 0.07) AND ($1 >= 0.05))"
                            + " AND ($2 = 7) AND ($2 <> 8) AND ($2 > 3))");
        }
    }

    private static ComparisonExpr compare(ComparisonExpr.Operator operator, Expr left, Expr right) {
        return new ComparisonExpr(operator, left, right, BOOLEAN);
    }

    /** SQL's three-valued AND or OR of {@code values}. */
    private static Boolean combine(boolean isAnd, Boolean... values) {
        boolean sawNull = false;
        for (Boolean value : values) {
            if (value == null) {
                sawNull = true;
            } else if (value != isAnd) {
                return !isAnd;
            }
        }
        return sawNull ? null : isAnd;
    }
}
