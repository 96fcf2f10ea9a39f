package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/**
 * A condition's rows through {@link Conjunction} (conjuncts narrowing a row list in adaptive order)
 * against the rows where the same AND, evaluated whole by {@link LogicalExpr}, is TRUE.
 */
class ConjunctionTest extends ExprTestSupport {
    private static final int ROWS = 700;
    private static final Field PRICE = decimal(15, 2);
    private static final String[] MODES = {"MAIL", "SHIP", "AIR", "TRUCK", "REG AIR", "", "FOB-FOB-FOB"};

    /**
     * Columns: 0 INTEGER, 1 BIGINT, 2 DECIMAL(15, 2), 3 VARCHAR, 4 DATE, 5 INTEGER, 6 TINYINT,
     * 7 SMALLINT; about one value in eight NULL.
     */
    private Batch randomBatch(Random random) {
        Integer[] ints = new Integer[ROWS];
        Long[] longs = new Long[ROWS];
        String[] prices = new String[ROWS];
        String[] modes = new String[ROWS];
        String[] days = new String[ROWS];
        Integer[] others = new Integer[ROWS];
        Integer[] tiny = new Integer[ROWS];
        Integer[] small = new Integer[ROWS];
        for (int row = 0; row < ROWS; row++) {
            ints[row] = nullOr(random, random.nextInt(50) - 10);
            longs[row] = nullOr(random, (long) random.nextInt(100));
            prices[row] = nullOr(random, "0.0" + random.nextInt(10));
            modes[row] = nullOr(random, MODES[random.nextInt(MODES.length)]);
            days[row] = nullOr(random, "1994-01-" + (10 + random.nextInt(20)));
            others[row] = nullOr(random, random.nextInt(50) - 10);
            tiny[row] = nullOr(random, random.nextInt(20));
            small[row] = nullOr(random, random.nextInt(300));
        }
        return batch(
                ints(ints),
                bigints(longs),
                decimals(15, 2, prices),
                strings(modes),
                dates(days),
                ints(others),
                tinyints(tiny),
                smallints(small));
    }

    private static <T> T nullOr(Random random, T value) {
        return random.nextInt(8) == 0 ? null : value;
    }

    /** Conjuncts of every selecting shape, and some that are not. */
    private static List<Expr> conjuncts() {
        ColumnExpr day = column(4, DATE);
        return List.of(
                compare(ComparisonExpr.Operator.LESS_THAN, column(0, INTEGER), literal(INTEGER, 20)),
                compare(ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL, column(1, BIGINT), literal(BIGINT, 30L)),
                compare(ComparisonExpr.Operator.NOT_EQUAL, column(1, BIGINT), literal(BIGINT, 40L)),
                compare(
                        ComparisonExpr.Operator.LESS_THAN_OR_EQUAL,
                        column(2, PRICE),
                        literal(PRICE, new BigDecimal("0.07"))),
                compare(ComparisonExpr.Operator.GREATER_THAN, column(2, PRICE), literal(PRICE, new BigDecimal("0.02"))),
                compare(ComparisonExpr.Operator.EQUAL, column(3, VARCHAR), literal(VARCHAR, "SHIP")),
                compare(ComparisonExpr.Operator.NOT_EQUAL, column(3, VARCHAR), literal(VARCHAR, "AIR")),
                compare(ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL, day, literal(DATE, date("1994-01-15"))),
                compare(ComparisonExpr.Operator.LESS_THAN, day, literal(DATE, date("1994-01-25"))),
                compare(ComparisonExpr.Operator.LESS_THAN, column(0, INTEGER), column(5, INTEGER)),
                compare(ComparisonExpr.Operator.EQUAL, column(0, INTEGER), column(5, INTEGER)),
                compare(ComparisonExpr.Operator.GREATER_THAN, column(6, TINYINT), literal(TINYINT, 5)),
                compare(ComparisonExpr.Operator.LESS_THAN_OR_EQUAL, column(7, SMALLINT), literal(SMALLINT, 150)),
                new InListExpr(
                        column(3, VARCHAR),
                        List.of(literal(VARCHAR, "MAIL"), literal(VARCHAR, "SHIP"), literal(VARCHAR, "FOB-FOB-FOB")),
                        false,
                        null,
                        BOOLEAN),
                new InListExpr(column(3, VARCHAR), List.of(literal(VARCHAR, "")), true, null, BOOLEAN),
                new InListExpr(
                        column(0, INTEGER),
                        List.of(literal(INTEGER, 1), literal(INTEGER, 3), literal(INTEGER, 5)),
                        true,
                        false,
                        BOOLEAN),
                new InListExpr(
                        column(1, BIGINT), List.of(literal(BIGINT, 7L), literal(BIGINT, 70L)), false, null, BOOLEAN),
                // not selecting: an expression operand, a string order, a comparison that may divide by zero
                compare(
                        ComparisonExpr.Operator.GREATER_THAN,
                        new ArithmeticExpr(
                                ArithmeticExpr.Operator.ADD, column(0, INTEGER), column(5, INTEGER), INTEGER),
                        literal(INTEGER, 10)),
                compare(ComparisonExpr.Operator.LESS_THAN, column(3, VARCHAR), literal(VARCHAR, "REG")),
                new NullTestExpr(NullTestExpr.Test.IS_NOT_NULL, column(2, PRICE), BOOLEAN));
    }

    private static ComparisonExpr compare(ComparisonExpr.Operator operator, Expr left, Expr right) {
        return new ComparisonExpr(operator, left, right, BOOLEAN);
    }

    @Test
    void selectsTheRowsWhereTheWholeAndIsTrue() {
        Random random = new Random(5);
        List<Expr> conjuncts = conjuncts();
        for (int trial = 0; trial < 150; trial++) {
            Batch input = randomBatch(random);
            List<Expr> chosen = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int index = 0; index < count; index++) {
                chosen.add(conjuncts.get(random.nextInt(conjuncts.size())));
            }
            Expr condition = chosen.size() == 1 && random.nextBoolean()
                    ? chosen.getFirst()
                    : new LogicalExpr(LogicalExpr.Operator.AND, chosen, BOOLEAN);
            Conjunction conjunction = Conjunction.of(condition);
            if (conjunction == null) {
                continue;
            }
            int[] expected = trueRows(condition, input);
            // several batches: the order adapts after each, the answer must not
            for (int round = 0; round < 3; round++) {
                int[] selected = new int[ROWS];
                int kept = conjunction.select(input, selected, context);
                assertThat(Arrays.copyOf(selected, kept))
                        .as("%s, round %d", condition.describe(), round)
                        .containsExactly(expected);
            }
        }
    }

    @Test
    void onlyConditionsWithASelectingConjunctAreConjunctions() {
        Expr arithmetic = compare(
                ComparisonExpr.Operator.GREATER_THAN,
                new ArithmeticExpr(ArithmeticExpr.Operator.ADD, column(0, INTEGER), column(5, INTEGER), INTEGER),
                literal(INTEGER, 10));
        assertThat(Conjunction.of(arithmetic)).isNull();
        assertThat(Conjunction.of(new LogicalExpr(
                        LogicalExpr.Operator.OR,
                        List.of(compare(ComparisonExpr.Operator.LESS_THAN, column(0, INTEGER), literal(INTEGER, 1))),
                        BOOLEAN)))
                .isNull();
        assertThat(Conjunction.of(compare(ComparisonExpr.Operator.LESS_THAN, column(0, INTEGER), literal(INTEGER, 1))))
                .isNotNull();
    }

    @Test
    void aConjunctThatCanFailRunsOnlyOnTheRowsTheOthersKept() {
        // x <> 0 AND 10 / x > 2 over rows with a zero: no division by zero, as in DuckDB
        Batch input = batch(ints(0, 5, 2, null, 1));
        ColumnExpr x = column(0, INTEGER);
        Expr quotient = new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, literal(INTEGER, 10), x, INTEGER);
        Expr large = compare(ComparisonExpr.Operator.GREATER_THAN, quotient, literal(INTEGER, 2));
        Expr nonZero = compare(ComparisonExpr.Operator.NOT_EQUAL, x, literal(INTEGER, 0));
        Conjunction conjunction =
                Conjunction.of(new LogicalExpr(LogicalExpr.Operator.AND, List.of(large, nonZero), BOOLEAN));
        int[] selected = new int[5];
        int kept = conjunction.select(input, selected, context);
        assertThat(Arrays.copyOf(selected, kept)).containsExactly(2, 4); // 10 / 2 and 10 / 1
        // x < 3 keeps the zero: its division fails, and the error is real
        Expr small = compare(ComparisonExpr.Operator.LESS_THAN, x, literal(INTEGER, 3));
        Conjunction failing = Conjunction.of(new LogicalExpr(LogicalExpr.Operator.AND, List.of(large, small), BOOLEAN));
        assertThatThrownBy(() -> failing.select(input, new int[5], context))
                .isInstanceOf(QuiverException.class)
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    }

    @Test
    void anEmptyBatchAndAllOrNoneKept() {
        Batch empty = batch(ints());
        Expr positive = compare(ComparisonExpr.Operator.GREATER_THAN, column(0, INTEGER), literal(INTEGER, 0));
        assertThat(Conjunction.of(positive).select(empty, new int[0], context)).isZero();
        Batch input = batch(ints(1, 2, 3));
        int[] selected = new int[3];
        assertThat(Conjunction.of(positive).select(input, selected, context)).isEqualTo(3);
        assertThat(selected).containsExactly(0, 1, 2);
        Expr negative = compare(ComparisonExpr.Operator.LESS_THAN, column(0, INTEGER), literal(INTEGER, 0));
        assertThat(Conjunction.of(negative).select(input, selected, context)).isZero();
    }

    private int[] trueRows(Expr condition, Batch input) {
        try (FieldVector values = condition.evaluate(input, context)) {
            List<Integer> rows = new ArrayList<>();
            for (int row = 0; row < input.rowCount(); row++) {
                if (!values.isNull(row) && Boolean.TRUE.equals(values.getObject(row))) {
                    rows.add(row);
                }
            }
            return rows.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
