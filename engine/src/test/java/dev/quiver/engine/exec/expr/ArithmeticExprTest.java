package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.ArithmeticExpr.Operator;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ArithmeticExprTest extends ExprTestSupport {

    private static ArithmeticExpr arithmetic(
            Operator operator, Expr left, Expr right, org.apache.arrow.vector.types.pojo.Field result) {
        return new ArithmeticExpr(operator, left, right, result);
    }

    @Test
    void integerOperatorsWithNulls() {
        Batch input = batch(ints(7, -7, null, 10), ints(2, 2, 3, null));
        ColumnExpr a = column(0, INTEGER);
        ColumnExpr b = column(1, INTEGER);
        assertThat(eval(arithmetic(Operator.ADD, a, b, INTEGER), input)).containsExactly(9, -5, null, null);
        assertThat(eval(arithmetic(Operator.SUBTRACT, a, b, INTEGER), input)).containsExactly(5, -9, null, null);
        assertThat(eval(arithmetic(Operator.MULTIPLY, a, b, INTEGER), input)).containsExactly(14, -14, null, null);
        // integer division truncates toward zero, % keeps the dividend's sign (DuckDB: -7 // 2 = -3, -7 % 2 = -1)
        assertThat(eval(arithmetic(Operator.DIVIDE, a, b, INTEGER), input)).containsExactly(3, -3, null, null);
        assertThat(eval(arithmetic(Operator.MODULO, a, b, INTEGER), input)).containsExactly(1, -1, null, null);
    }

    @Test
    void mixedWidthsComputeInTheResultType() {
        Batch input = batch(tinyints(100, -100), bigints(5_000_000_000L, 1L), smallints(3, 4));
        assertThat(eval(arithmetic(Operator.ADD, column(0, TINYINT), column(1, BIGINT), BIGINT), input))
                .containsExactly(5_000_000_100L, -99L);
        assertThat(eval(arithmetic(Operator.MULTIPLY, column(0, TINYINT), column(2, SMALLINT), SMALLINT), input))
                .containsExactly((short) 300, (short) -400);
    }

    @Test
    void overflowNamesTheOperationTypeAndValues() {
        Batch input = batch(ints(1, Integer.MAX_VALUE), ints(1, 1));
        assertThatThrownBy(() -> eval(arithmetic(Operator.ADD, column(0, INTEGER), column(1, INTEGER), INTEGER), input))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("addition")
                .hasMessageContaining("INTEGER")
                .hasMessageContaining("2147483647 + 1")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
    }

    @Test
    void bigintOverflowIsDetected() {
        Batch input = batch(bigints(Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE), bigints(2L, 1L, -1L));
        assertThatThrownBy(
                        () -> eval(arithmetic(Operator.MULTIPLY, column(0, BIGINT), column(1, BIGINT), BIGINT), input))
                .hasMessageContaining("multiplication");
        assertThatThrownBy(
                        () -> eval(arithmetic(Operator.SUBTRACT, column(0, BIGINT), column(1, BIGINT), BIGINT), input))
                .hasMessageContaining("subtraction");
        assertThatThrownBy(() -> eval(arithmetic(Operator.DIVIDE, column(0, BIGINT), column(1, BIGINT), BIGINT), input))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
        assertThatThrownBy(() -> eval(arithmetic(Operator.MODULO, column(0, BIGINT), column(1, BIGINT), BIGINT), input))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
    }

    @Test
    void narrowOverflowIncludingMinimumDividedByMinusOne() {
        Batch input = batch(smallints(32767, -32768), smallints(1, -1));
        assertThatThrownBy(
                        () -> eval(arithmetic(Operator.ADD, column(0, SMALLINT), column(1, SMALLINT), SMALLINT), input))
                .hasMessageContaining("32767 + 1");
        assertThatThrownBy(() -> eval(
                        arithmetic(Operator.MODULO, column(0, SMALLINT), column(1, SMALLINT), SMALLINT),
                        batch(smallints(-32768), smallints(-1))))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
    }

    @Test
    void divisionByZeroRaisesButNotOnNullRows() {
        Batch input = batch(ints(1, null), ints(0, 0));
        assertThatThrownBy(
                        () -> eval(arithmetic(Operator.DIVIDE, column(0, INTEGER), column(1, INTEGER), INTEGER), input))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
        assertThatThrownBy(
                        () -> eval(arithmetic(Operator.MODULO, column(0, INTEGER), column(1, INTEGER), INTEGER), input))
                .hasMessageContaining("Division by zero: 1 % 0");
        Batch nullDividend = batch(ints(null, 4), ints(0, 2));
        assertThat(eval(arithmetic(Operator.DIVIDE, column(0, INTEGER), column(1, INTEGER), INTEGER), nullDividend))
                .containsExactly(null, 2);
    }

    @Test
    void overflowInANullRowIsIgnored() {
        Batch input = batch(ints(Integer.MAX_VALUE, 1), ints(null, 1));
        assertThat(eval(arithmetic(Operator.ADD, column(0, INTEGER), column(1, INTEGER), INTEGER), input))
                .containsExactly(null, 2);
    }

    @Test
    void floatingPointFollowsIeee() {
        Batch input = batch(doubles(1.0, 0.0, -7.5, null), doubles(0.0, 0.0, 2.0, 1.0));
        assertThat(eval(arithmetic(Operator.DIVIDE, column(0, DOUBLE), column(1, DOUBLE), DOUBLE), input))
                .containsExactly(Double.POSITIVE_INFINITY, Double.NaN, -3.75, null);
        assertThat(eval(arithmetic(Operator.MODULO, column(0, DOUBLE), column(1, DOUBLE), DOUBLE), input))
                .containsExactly(Double.NaN, Double.NaN, -1.5, null);
    }

    @Test
    void realResultsRoundOnceToFloat() {
        Batch input = batch(reals(1.1f), ints(2));
        assertThat(eval(arithmetic(Operator.ADD, column(0, REAL), literal(REAL, 2.2), REAL), input))
                .containsExactly(3.3000002f);
        assertThat(eval(arithmetic(Operator.MULTIPLY, column(0, REAL), column(1, INTEGER), REAL), input))
                .containsExactly(2.2f);
    }

    @Test
    void mixedDoubleAndDecimal() {
        Batch input = batch(doubles(1.5), decimals(15, 2, "2.25"));
        assertThat(eval(arithmetic(Operator.ADD, column(0, DOUBLE), column(1, decimal(15, 2)), DOUBLE), input))
                .containsExactly(3.75);
    }

    @Test
    void decimalAdditionAlignsScales() {
        Batch input = batch(decimals(15, 2, "1.25", "-0.05", null), decimals(10, 3, "0.001", "0.050", "1.000"));
        assertThat(eval(
                        arithmetic(Operator.ADD, column(0, decimal(15, 2)), column(1, decimal(10, 3)), decimal(17, 3)),
                        input))
                .containsExactly("1.251", "0.000", null);
        assertThat(eval(
                        arithmetic(
                                Operator.SUBTRACT,
                                column(0, decimal(15, 2)),
                                column(1, decimal(10, 3)),
                                decimal(17, 3)),
                        input))
                .containsExactly("1.249", "-0.100", null);
    }

    @Test
    void decimalWithIntegerOperand() {
        Batch input = batch(decimals(15, 2, "1.25"), ints(3));
        assertThat(eval(
                        arithmetic(Operator.MULTIPLY, column(0, decimal(15, 2)), column(1, INTEGER), decimal(19, 2)),
                        input))
                .containsExactly("3.75");
        assertThat(eval(
                        arithmetic(Operator.SUBTRACT, literal(INTEGER, 1), column(0, decimal(15, 2)), decimal(16, 2)),
                        input))
                .containsExactly("-0.25");
    }

    @Test
    void decimalDivisionRoundsHalfAwayFromZero() {
        Batch input = batch(decimals(10, 2, "1.00", "-2.00", "1.00"), decimals(10, 2, "3.00", "3.00", "8.00"));
        assertThat(eval(
                        arithmetic(
                                Operator.DIVIDE, column(0, decimal(10, 2)), column(1, decimal(10, 2)), decimal(19, 6)),
                        input))
                .containsExactly("0.333333", "-0.666667", "0.125000");
        assertThat(eval(
                        arithmetic(
                                Operator.DIVIDE, column(0, decimal(10, 2)), column(1, decimal(10, 2)), decimal(19, 2)),
                        input))
                .containsExactly("0.33", "-0.67", "0.13");
    }

    @Test
    void decimalModulo() {
        Batch input = batch(decimals(3, 1, "-7.5", "7.5"), decimals(3, 1, "2.0", "-2.0"));
        assertThat(eval(
                        arithmetic(Operator.MODULO, column(0, decimal(3, 1)), column(1, decimal(3, 1)), decimal(3, 1)),
                        input))
                .containsExactly("-1.5", "1.5");
    }

    @Test
    void decimalDivisionByZero() {
        Batch input = batch(decimals(10, 2, "1.50"), decimals(10, 2, "0.00"));
        assertThatThrownBy(() -> eval(
                        arithmetic(
                                Operator.DIVIDE, column(0, decimal(10, 2)), column(1, decimal(10, 2)), decimal(19, 6)),
                        input))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    }

    @Test
    void decimalOverflowOfTheResultPrecision() {
        Batch input = batch(decimals(9, 2, "9999999.99"), decimals(9, 2, "1.00"));
        assertThat(eval(
                        arithmetic(Operator.ADD, column(0, decimal(9, 2)), column(1, decimal(9, 2)), decimal(10, 2)),
                        input))
                .containsExactly("10000000.99");
        assertThatThrownBy(() -> eval(
                        arithmetic(Operator.ADD, column(0, decimal(9, 2)), column(1, decimal(9, 2)), decimal(9, 2)),
                        input))
                .hasMessageContaining("Overflow in addition of DECIMAL(9,2)")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
    }

    @Test
    void wideDecimalsTakeThe128BitPath() {
        Batch input = batch(
                decimals(38, 0, "99999999999999999999999999999999999999", "12345678901234567890"),
                decimals(38, 0, "1", "10"));
        assertThatThrownBy(() -> eval(
                        arithmetic(Operator.ADD, column(0, decimal(38, 0)), column(1, decimal(38, 0)), decimal(38, 0)),
                        input))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
        Batch fits = batch(decimals(38, 2, "12345678901234567890.25"), decimals(38, 2, "2.00"));
        assertThat(eval(
                        arithmetic(
                                Operator.MULTIPLY,
                                column(0, decimal(38, 2)),
                                column(1, decimal(38, 2)),
                                decimal(38, 4)),
                        fits))
                .containsExactly("24691357802469135780.5000");
    }

    @Test
    void productOfLongsBeyond64BitsIsExact() {
        Batch input = batch(decimals(18, 0, "999999999999999999"), decimals(18, 0, "999999999999999999"));
        assertThat(eval(
                        arithmetic(
                                Operator.MULTIPLY,
                                column(0, decimal(18, 0)),
                                column(1, decimal(18, 0)),
                                decimal(36, 0)),
                        input))
                .containsExactly("999999999999999998000000000000000001");
    }

    @Test
    void negation() {
        Batch input = batch(ints(5, null, -3), decimals(5, 2, "1.50", "-0.25", null), doubles(0.5, -0.0, null));
        assertThat(eval(new NegateExpr(column(0, INTEGER), INTEGER), input)).containsExactly(-5, null, 3);
        assertThat(eval(new NegateExpr(column(1, decimal(5, 2)), decimal(5, 2)), input))
                .containsExactly("-1.50", "0.25", null);
        assertThat(eval(new NegateExpr(column(2, DOUBLE), DOUBLE), input)).containsExactly(-0.5, 0.0, null);
        assertThatThrownBy(() -> eval(new NegateExpr(column(0, TINYINT), TINYINT), batch(tinyints(-128))))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
    }

    @Test
    void literalOperandsAndEmptyBatches() {
        assertThat(eval(arithmetic(Operator.ADD, literal(INTEGER, 1), literal(INTEGER, 2), INTEGER), rows(3)))
                .containsExactly(3, 3, 3);
        assertThat(eval(arithmetic(Operator.ADD, literal(INTEGER, 1), LiteralExpr.nullOf(INTEGER), INTEGER), rows(2)))
                .containsExactly(null, null);
        assertThat(eval(arithmetic(Operator.ADD, literal(INTEGER, 1), literal(INTEGER, 2), INTEGER), rows(0)))
                .isEmpty();
    }

    @Test
    void manyRowsCrossWordBoundaries() {
        int rows = 1000;
        Integer[] left = new Integer[rows];
        Integer[] right = new Integer[rows];
        for (int row = 0; row < rows; row++) {
            left[row] = row % 7 == 0 ? null : row;
            right[row] = row;
        }
        java.util.List<Object> sums = eval(
                arithmetic(Operator.ADD, column(0, INTEGER), column(1, INTEGER), INTEGER),
                batch(ints(left), ints(right)));
        for (int row = 0; row < rows; row++) {
            assertThat(sums.get(row)).isEqualTo(row % 7 == 0 ? null : 2 * row);
        }
    }

    @Test
    void rejectsOperandsOfTheWrongType() {
        assertThatThrownBy(() -> arithmetic(Operator.ADD, column(0, VARCHAR), column(1, INTEGER), INTEGER))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.TYPE_MISMATCH);
    }

    @Test
    void describesItself() {
        assertThat(arithmetic(Operator.ADD, column(0, INTEGER), literal(INTEGER, 1), INTEGER)
                        .describe())
                .isEqualTo("($0 + 1)");
    }

    @Test
    @Tag("slow") // random decimals against BigDecimal: ~7 s
    void randomDecimalsAgreeWithBigDecimal() {
        java.util.Random random = new java.util.Random(5);
        int[][] types = {{15, 2}, {18, 4}, {10, 0}, {38, 6}, {25, 10}, {5, 5}};
        int checked = 0;
        int overflows = 0;
        for (int trial = 0; trial < 60; trial++) {
            int[] leftType = types[random.nextInt(types.length)];
            int[] rightType = types[random.nextInt(types.length)];
            int rows = 1500;
            String[] left = new String[rows];
            String[] right = new String[rows];
            for (int row = 0; row < rows; row++) {
                left[row] = row % 50 == 0 ? null : randomDecimal(random, leftType[0], leftType[1]);
                right[row] = randomDecimal(random, rightType[0], rightType[1]);
            }
            Batch input = batch(decimals(leftType[0], leftType[1], left), decimals(rightType[0], rightType[1], right));
            for (Operator operator : Operator.values()) {
                int scale = switch (operator) {
                    case ADD, SUBTRACT, MODULO -> Math.max(leftType[1], rightType[1]);
                    case MULTIPLY -> Math.min(leftType[1] + rightType[1], 12);
                    case DIVIDE -> 6;
                };
                org.apache.arrow.vector.types.pojo.Field result = decimal(38, scale);
                List<Object> actual;
                try {
                    actual = eval(
                            arithmetic(
                                    operator,
                                    column(0, decimal(leftType[0], leftType[1])),
                                    column(1, decimal(rightType[0], rightType[1])),
                                    result),
                            input);
                } catch (QuiverException e) {
                    // only a result beyond 38 digits may fail (no divisor is zero): some row must have one
                    assertThat(e.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
                    boolean someRowOverflows = false;
                    for (int row = 0; row < rows && !someRowOverflows; row++) {
                        if (left[row] != null) {
                            java.math.BigDecimal x = new java.math.BigDecimal(left[row]);
                            java.math.BigDecimal y = new java.math.BigDecimal(right[row]);
                            java.math.BigDecimal exact = operator == Operator.MULTIPLY
                                    ? x.multiply(y)
                                    : operator == Operator.DIVIDE
                                            ? x.divide(y, scale, java.math.RoundingMode.HALF_UP)
                                            : x.add(y);
                            someRowOverflows = exact.setScale(scale, java.math.RoundingMode.HALF_UP)
                                            .precision()
                                    > 38;
                        }
                    }
                    assertThat(someRowOverflows)
                            .as("%s overflowed without cause: %s", operator, e.getMessage())
                            .isTrue();
                    overflows++;
                    continue;
                }
                checked++;
                for (int row = 0; row < rows; row++) {
                    if (left[row] == null) {
                        assertThat(actual.get(row)).isNull();
                        continue;
                    }
                    java.math.BigDecimal x = new java.math.BigDecimal(left[row]);
                    java.math.BigDecimal y = new java.math.BigDecimal(right[row]);
                    java.math.BigDecimal expected = switch (operator) {
                        case ADD -> x.add(y);
                        case SUBTRACT -> x.subtract(y);
                        case MULTIPLY -> x.multiply(y);
                        case DIVIDE -> x.divide(y, scale, java.math.RoundingMode.HALF_UP);
                        case MODULO -> x.remainder(y);
                    };
                    assertThat(actual.get(row))
                            .as("%s %s %s", x, operator, y)
                            .isEqualTo(expected.setScale(scale, java.math.RoundingMode.HALF_UP)
                                    .toPlainString());
                }
            }
        }
        assertThat(checked).isGreaterThan(5 * overflows);
    }

    /**
     * A nested DECIMAL {@code + - *} is read chunk by chunk ({@link DecimalChunks}); the result
     * and the errors must be those of evaluating the inner expression to a vector first. 3000 rows
     * (three chunks), NULLs in both operands, values beyond 64 bits in the wide types.
     */
    @Test
    void nestedDecimalOperandsAgreeWithEvaluatingThemFirst() {
        java.util.Random random = new java.util.Random(11);
        int[][] types = {{15, 2}, {18, 4}, {10, 0}, {38, 6}, {20, 0}};
        Operator[] inner = {Operator.ADD, Operator.SUBTRACT, Operator.MULTIPLY};
        int rows = 3000;
        int agreed = 0;
        for (int trial = 0; trial < 40; trial++) {
            int[][] operandTypes = new int[3][];
            String[][] values = new String[3][rows];
            for (int operand = 0; operand < 3; operand++) {
                operandTypes[operand] = types[random.nextInt(types.length)];
                for (int row = 0; row < rows; row++) {
                    values[operand][row] = (row + operand) % 37 == 0
                            ? null
                            : randomDecimal(random, operandTypes[operand][0], operandTypes[operand][1]);
                }
            }
            Field[] fields = new Field[3];
            for (int operand = 0; operand < 3; operand++) {
                fields[operand] = decimal(operandTypes[operand][0], operandTypes[operand][1]);
            }
            Batch input = batch(
                    decimals(operandTypes[0][0], operandTypes[0][1], values[0]),
                    decimals(operandTypes[1][0], operandTypes[1][1], values[1]),
                    decimals(operandTypes[2][0], operandTypes[2][1], values[2]));
            Operator innerOperator = inner[random.nextInt(inner.length)];
            Operator outerOperator = inner[random.nextInt(inner.length)];
            int innerScale = innerOperator == Operator.MULTIPLY
                    ? operandTypes[0][1] + operandTypes[1][1]
                    : Math.max(operandTypes[0][1], operandTypes[1][1]);
            Field innerField = decimal(random.nextBoolean() ? 38 : 19 + innerScale, innerScale);
            int outerScale = Math.min(
                    outerOperator == Operator.MULTIPLY
                            ? innerScale + operandTypes[2][1]
                            : Math.max(innerScale, operandTypes[2][1]),
                    12);
            Field outerField = decimal(38, outerScale);
            ArithmeticExpr nested = arithmetic(innerOperator, column(0, fields[0]), column(1, fields[1]), innerField);
            boolean innerLeft = random.nextBoolean();
            ArithmeticExpr fused = innerLeft
                    ? arithmetic(outerOperator, nested, column(2, fields[2]), outerField)
                    : arithmetic(outerOperator, column(2, fields[2]), nested, outerField);
            Object expected;
            try (FieldVector innerValues = nested.evaluate(input, context)) {
                Batch evaluated = new Batch(List.of(innerValues, input.column(2)), rows);
                ArithmeticExpr separate = innerLeft
                        ? arithmetic(outerOperator, column(0, innerField), column(1, fields[2]), outerField)
                        : arithmetic(outerOperator, column(1, fields[2]), column(0, innerField), outerField);
                expected = eval(separate, evaluated);
            } catch (QuiverException e) {
                expected = e.code();
            }
            Object actual;
            try {
                actual = eval(fused, input);
            } catch (QuiverException e) {
                actual = e.code();
            }
            assertThat(actual).as("%s", fused.describe()).isEqualTo(expected);
            agreed += expected instanceof List<?> ? 1 : 0;
        }
        assertThat(agreed).isGreaterThan(10);
    }

    private static String randomDecimal(java.util.Random random, int precision, int scale) {
        int digits = 1 + random.nextInt(precision);
        StringBuilder unscaled = new StringBuilder(random.nextBoolean() ? "-" : "");
        unscaled.append(1 + random.nextInt(9));
        for (int digit = 1; digit < digits; digit++) {
            unscaled.append(random.nextInt(10));
        }
        return new java.math.BigDecimal(new java.math.BigInteger(unscaled.toString()), scale).toPlainString();
    }
}
