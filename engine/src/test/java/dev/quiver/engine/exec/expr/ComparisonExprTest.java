package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.ComparisonExpr.Operator;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

class ComparisonExprTest extends ExprTestSupport {

    private static ComparisonExpr compare(Operator operator, Expr left, Expr right) {
        return new ComparisonExpr(operator, left, right, BOOLEAN);
    }

    @Test
    void allOperatorsOnIntegersWithNulls() {
        Batch input = batch(ints(1, 2, 3, null), ints(2, 2, 2, 2));
        ColumnExpr a = column(0, INTEGER);
        ColumnExpr b = column(1, INTEGER);
        assertThat(eval(compare(Operator.EQUAL, a, b), input)).containsExactly(false, true, false, null);
        assertThat(eval(compare(Operator.NOT_EQUAL, a, b), input)).containsExactly(true, false, true, null);
        assertThat(eval(compare(Operator.LESS_THAN, a, b), input)).containsExactly(true, false, false, null);
        assertThat(eval(compare(Operator.LESS_THAN_OR_EQUAL, a, b), input)).containsExactly(true, true, false, null);
        assertThat(eval(compare(Operator.GREATER_THAN, a, b), input)).containsExactly(false, false, true, null);
        assertThat(eval(compare(Operator.GREATER_THAN_OR_EQUAL, a, b), input)).containsExactly(false, true, true, null);
    }

    @Test
    void constantsOnEitherSide() {
        Batch input = batch(ints(1, 2, 3, null));
        assertThat(eval(compare(Operator.LESS_THAN, column(0, INTEGER), literal(INTEGER, 2)), input))
                .containsExactly(true, false, false, null);
        // 2 < $0 is $0 > 2
        assertThat(eval(compare(Operator.LESS_THAN, literal(INTEGER, 2), column(0, INTEGER)), input))
                .containsExactly(false, false, true, null);
        assertThat(eval(compare(Operator.EQUAL, column(0, INTEGER), LiteralExpr.nullOf(INTEGER)), input))
                .containsExactly(null, null, null, null);
    }

    @Test
    void constantComparisonsAtTheEdgesOfTheLongRange() {
        Long[] values = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE, null};
        for (long constant : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
            for (Operator operator : new Operator[] {
                Operator.EQUAL,
                Operator.NOT_EQUAL,
                Operator.LESS_THAN,
                Operator.LESS_THAN_OR_EQUAL,
                Operator.GREATER_THAN,
                Operator.GREATER_THAN_OR_EQUAL
            }) {
                java.util.List<Boolean> expected = new java.util.ArrayList<>();
                for (Long value : values) {
                    expected.add(
                            value == null
                                    ? null
                                    : switch (operator) {
                                        case EQUAL -> value == constant;
                                        case NOT_EQUAL -> value != constant;
                                        case LESS_THAN -> value < constant;
                                        case LESS_THAN_OR_EQUAL -> value <= constant;
                                        case GREATER_THAN -> value > constant;
                                        default -> value >= constant;
                                    });
                }
                Batch input = batch(bigints(values));
                assertThat(eval(compare(operator, column(0, BIGINT), literal(BIGINT, constant)), input))
                        .as("%s %s", operator, constant)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void everyIntegerWidthDateAndTimestamp() {
        Batch input = batch(
                tinyints(-1, 5),
                smallints(-1, 5),
                bigints(-1L, 5L),
                dates("1992-01-01", "1998-12-01"),
                timestamps("1992-01-01 00:00:00", "1992-01-01 00:00:01"));
        assertThat(eval(compare(Operator.GREATER_THAN, column(0, TINYINT), literal(TINYINT, 0)), input))
                .containsExactly(false, true);
        assertThat(eval(compare(Operator.GREATER_THAN, column(1, SMALLINT), literal(SMALLINT, 0)), input))
                .containsExactly(false, true);
        assertThat(eval(compare(Operator.GREATER_THAN, column(2, BIGINT), literal(BIGINT, 0)), input))
                .containsExactly(false, true);
        assertThat(eval(
                        compare(Operator.LESS_THAN_OR_EQUAL, column(3, DATE), literal(DATE, date("1998-09-02"))),
                        input))
                .containsExactly(true, false);
        // DATE against TIMESTAMP compares the date's midnight
        assertThat(eval(compare(Operator.EQUAL, column(3, DATE), column(4, TIMESTAMP)), input))
                .containsExactly(true, false);
        assertThat(eval(compare(Operator.LESS_THAN, column(4, TIMESTAMP), column(3, DATE)), input))
                .containsExactly(false, true);
    }

    @Test
    void mixedIntegerWidthsAndDecimals() {
        Batch input = batch(ints(1, 2, 3), bigints(1L, 1L, 4L), decimals(11, 1, "1.0", "1.5", "3.0"));
        assertThat(eval(compare(Operator.EQUAL, column(0, INTEGER), column(1, BIGINT)), input))
                .containsExactly(true, false, false);
        assertThat(eval(compare(Operator.LESS_THAN, column(0, INTEGER), column(2, decimal(11, 1))), input))
                .containsExactly(false, false, false);
        assertThat(eval(compare(Operator.GREATER_THAN, column(0, INTEGER), column(2, decimal(11, 1))), input))
                .containsExactly(false, true, false);
    }

    @Test
    void decimalsSameAndDifferentScales() {
        Field small = decimal(15, 2);
        Batch input = batch(
                decimals(15, 2, "0.05", "0.04", "-1.00"),
                decimals(10, 3, "0.050", "0.041", "-1.001"),
                decimals(38, 2, "0.05", "123456789012345678901234.56", "-1.00"));
        assertThat(eval(
                        compare(Operator.LESS_THAN, column(0, small), literal(small, new java.math.BigDecimal("0.05"))),
                        input))
                .containsExactly(false, true, true);
        assertThat(eval(compare(Operator.EQUAL, column(0, small), column(1, decimal(10, 3))), input))
                .containsExactly(true, false, false);
        assertThat(eval(compare(Operator.LESS_THAN, column(0, small), column(2, decimal(38, 2))), input))
                .containsExactly(false, true, false);
    }

    @Test
    void floatingPointNanAndNegativeZero() {
        Batch input = batch(
                doubles(Double.NaN, Double.NaN, -0.0, Double.POSITIVE_INFINITY, 1.0),
                doubles(Double.NaN, Double.POSITIVE_INFINITY, 0.0, Double.NaN, 2.0));
        assertThat(eval(compare(Operator.EQUAL, column(0, DOUBLE), column(1, DOUBLE)), input))
                .containsExactly(true, false, true, false, false);
        assertThat(eval(compare(Operator.GREATER_THAN, column(0, DOUBLE), column(1, DOUBLE)), input))
                .containsExactly(false, true, false, false, false);
        assertThat(eval(compare(Operator.LESS_THAN, column(0, DOUBLE), literal(DOUBLE, 1.5)), input))
                .containsExactly(false, false, true, false, true);
        Batch reals = batch(reals(Float.NaN, -0.0f, 0.5f));
        assertThat(eval(compare(Operator.EQUAL, column(0, REAL), literal(REAL, 0.0)), reals))
                .containsExactly(false, true, false);
    }

    @Test
    void doubleAgainstDecimalAndInteger() {
        Batch input = batch(doubles(0.05, 1.5), decimals(3, 2, "0.05", "1.00"), ints(0, 2));
        assertThat(eval(compare(Operator.EQUAL, column(0, DOUBLE), column(1, decimal(3, 2))), input))
                .containsExactly(true, false);
        assertThat(eval(compare(Operator.LESS_THAN, column(0, DOUBLE), column(2, INTEGER)), input))
                .containsExactly(false, true);
    }

    @Test
    void stringsCompareAsBytes() {
        Batch input = batch(
                strings("a", "B", "é", "ab", "", "same", "abcdefghij", null),
                strings("b", "a", "z", "abc", "a", "same", "abcdefghik", "x"));
        assertThat(eval(compare(Operator.LESS_THAN, column(0, VARCHAR), column(1, VARCHAR)), input))
                .containsExactly(true, true, false, true, true, false, true, null);
        assertThat(eval(compare(Operator.EQUAL, column(0, VARCHAR), column(1, VARCHAR)), input))
                .containsExactly(false, false, false, false, false, true, false, null);
        assertThat(eval(compare(Operator.GREATER_THAN_OR_EQUAL, column(0, VARCHAR), literal(VARCHAR, "ab")), input))
                .containsExactly(false, false, true, true, false, true, true, null);
        assertThat(eval(compare(Operator.EQUAL, column(1, VARCHAR), literal(VARCHAR, "same")), input))
                .containsExactly(false, false, false, false, false, true, false, false);
    }

    @Test
    void booleans() {
        Batch input = batch(booleans(false, true, true, null), booleans(true, true, false, false));
        assertThat(eval(compare(Operator.LESS_THAN, column(0, BOOLEAN), column(1, BOOLEAN)), input))
                .containsExactly(true, false, false, null);
        assertThat(eval(compare(Operator.EQUAL, column(0, BOOLEAN), literal(BOOLEAN, true)), input))
                .containsExactly(false, true, true, null);
    }

    @Test
    void distinctnessTreatsNullsAsEqual() {
        Batch input = batch(ints(1, 1, null, null), ints(1, null, 1, null));
        assertThat(eval(compare(Operator.IS_DISTINCT_FROM, column(0, INTEGER), column(1, INTEGER)), input))
                .containsExactly(false, true, true, false);
        assertThat(eval(compare(Operator.IS_NOT_DISTINCT_FROM, column(0, INTEGER), column(1, INTEGER)), input))
                .containsExactly(true, false, false, true);
        assertThat(eval(compare(Operator.IS_DISTINCT_FROM, column(0, INTEGER), LiteralExpr.nullOf(NULL)), input))
                .containsExactly(true, true, false, false);
    }

    @Test
    void incomparableTypesAreATypeError() {
        assertThatThrownBy(() -> compare(Operator.EQUAL, column(0, VARCHAR), column(1, INTEGER)))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("cannot compare VARCHAR with INTEGER")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.TYPE_MISMATCH);
    }

    @Test
    void slicedInputsShorterThanTheirBuffers() {
        // a batch may be a prefix of longer vectors: only rowCount rows are read
        Batch input = new Batch(java.util.List.of(ints(1, 2, 3, 4, 5)), 3);
        try (input) {
            assertThat(eval(compare(Operator.GREATER_THAN, column(0, INTEGER), literal(INTEGER, 1)), input))
                    .containsExactly(false, true, true);
        }
    }
}
