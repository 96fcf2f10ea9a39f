package dev.quiver.engine.exec.expr;

import static dev.quiver.engine.exec.expr.RowKernelExpr.Operand.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/** The kernel bases: a lambda sees only rows whose operands are all non-NULL, and its errors surface. */
class KernelBaseTest extends ExprTestSupport {

    @Test
    void doubleKernelsMaskNullRows() {
        Expr unary = DoubleKernelExpr.unary("sqrt", Math::sqrt, column(0, DOUBLE), DOUBLE);
        assertThat(eval(unary, batch(doubles(4.0, null, -1.0)))).containsExactly(2.0, null, Double.NaN);
        Expr binary = DoubleKernelExpr.binary("atan2", Math::atan2, column(0, DOUBLE), column(1, DOUBLE), DOUBLE);
        assertThat(eval(binary, batch(doubles(0.0, null, 1.0), doubles(-1.0, 1.0, null))))
                .containsExactly(Math.PI, null, null);
        assertThat(unary.describe()).isEqualTo("sqrt($0)");
    }

    @Test
    void longKernelsCallTheFunctionOnlyForValidRows() {
        List<Long> seen = new ArrayList<>();
        Expr gcd = new LongKernelExpr(
                "gcd",
                (a, b) -> {
                    seen.add(a);
                    return MathFunctions.gcd(a, b);
                },
                true,
                column(0, BIGINT),
                column(1, INTEGER),
                BIGINT);
        assertThat(eval(gcd, batch(bigints(12L, null, 7L), ints(18, 4, null)))).containsExactly(6L, null, null);
        assertThat(seen).containsExactly(12L);
        assertThat(((KernelExpr) gcd).mayFail()).isTrue();
    }

    @Test
    void longKernelErrorsNameTheValues() {
        Expr lcm = new LongKernelExpr("lcm", MathFunctions::lcm, true, column(0, BIGINT), column(1, BIGINT), BIGINT);
        assertThatThrownBy(() -> eval(lcm, batch(bigints(Long.MAX_VALUE), bigints(2L))))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("Overflow in LCM of 9223372036854775807 and 2")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
    }

    @Test
    void rowKernelsDecodeOperandsAndBuildEachResultType() {
        Expr repeat = new RowKernelExpr(
                "repeat",
                List.of(TEXT, RowKernelExpr.Operand.INTEGER),
                row -> StringFunctions.repeat(row.text(0), row.integer(1)),
                false,
                List.<Expr>of(column(0, VARCHAR), column(1, INTEGER)),
                VARCHAR);
        assertThat(eval(repeat, batch(strings("ab", "é", null), ints(2, 3, 1)))).containsExactly("abab", "ééé", null);
        Expr startsWith = new RowKernelExpr(
                "starts_with",
                List.of(TEXT, TEXT),
                row -> row.text(0).startsWith(row.text(1)),
                false,
                List.<Expr>of(column(0, VARCHAR), column(1, VARCHAR)),
                BOOLEAN);
        assertThat(eval(startsWith, batch(strings("hello", "x", null), strings("he", "y", "z"))))
                .containsExactly(true, false, null);
        Expr ascii = new RowKernelExpr(
                "ascii",
                List.of(TEXT),
                row -> StringFunctions.ascii(row.text(0)),
                false,
                List.<Expr>of(column(0, VARCHAR)),
                INTEGER);
        assertThat(eval(ascii, batch(strings("A", "", null)))).containsExactly(65, 0, null);
    }

    @Test
    void rowKernelsStopBetweenRowsOnceCancelled() {
        List<String> seen = new ArrayList<>();
        Expr slow = new RowKernelExpr(
                "slow_repeat",
                List.of(TEXT),
                row -> {
                    seen.add(row.text(0));
                    context.cancel(); // as a watchdog would while the first row is computed
                    return row.text(0);
                },
                false,
                List.<Expr>of(column(0, VARCHAR)),
                VARCHAR);
        assertThatThrownBy(() -> eval(slow, batch(strings("a", "b", "c"))))
                .isInstanceOf(QuiverException.class)
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.CANCELLED);
        assertThat(seen).containsExactly("a");
    }

    @Test
    void rowKernelsReportAResultTooLargeForTheHeapAsAResourceLimit() {
        Expr huge = new RowKernelExpr(
                "huge",
                List.of(TEXT),
                row -> {
                    throw new OutOfMemoryError("Java heap space");
                },
                false,
                List.<Expr>of(column(0, VARCHAR)),
                VARCHAR);
        assertThatThrownBy(() -> eval(huge, batch(strings("a"))))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("huge: not enough memory for a result of this size")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.MEMORY_LIMIT);
    }

    @Test
    void largeStringsAreNotFoldedIntoPlanConstants() {
        Expr repeat = new RowKernelExpr(
                "repeat",
                List.of(TEXT, RowKernelExpr.Operand.INTEGER),
                row -> StringFunctions.repeat(row.text(0), row.integer(1)),
                false,
                List.<Expr>of(literal(VARCHAR, "ab"), literal(INTEGER, 3L)),
                VARCHAR);
        assertThat(ConstantFolder.fold(repeat)).isInstanceOf(LiteralExpr.class);
        Expr large = new RowKernelExpr(
                "repeat",
                List.of(TEXT, RowKernelExpr.Operand.INTEGER),
                row -> StringFunctions.repeat(row.text(0), row.integer(1)),
                false,
                List.<Expr>of(literal(VARCHAR, "ab"), literal(INTEGER, 100_000_000L)),
                VARCHAR);
        assertThat(ConstantFolder.fold(large)).isSameAs(large);
    }

    @Test
    void rowKernelsReadBytesAndBuildDecimalAndBlobResults() {
        Expr factorial = new RowKernelExpr(
                "factorial",
                List.of(RowKernelExpr.Operand.INTEGER),
                row -> MathFunctions.factorial(row.integer(0)),
                true,
                List.<Expr>of(column(0, INTEGER)),
                decimal(38, 0));
        assertThat(eval(factorial, batch(ints(5, null, 21)))).containsExactly("120", null, "51090942171709440000");
        Expr unhex = new RowKernelExpr(
                "unhex",
                List.of(TEXT),
                row -> StringFunctions.parseDigits(row.text(0), true),
                true,
                List.<Expr>of(column(0, VARCHAR)),
                field(ArrowType.Binary.INSTANCE));
        Expr hex = new RowKernelExpr(
                "hex",
                List.of(RowKernelExpr.Operand.BYTES),
                row -> StringFunctions.byteDigits(row.bytes(0), true),
                false,
                List.of(unhex),
                VARCHAR);
        assertThat(eval(hex, batch(strings("616", null, "")))).containsExactly("0616", null, "");
        assertThatThrownBy(() -> eval(unhex, batch(strings("zz"))))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("Invalid input for hex digit: z");
    }

    @Test
    void rowKernelsRejectOperandsOfTheWrongType() {
        assertThatThrownBy(() -> new RowKernelExpr(
                        "repeat",
                        List.of(TEXT, RowKernelExpr.Operand.INTEGER),
                        row -> "",
                        false,
                        List.<Expr>of(column(0, BIGINT), column(1, INTEGER)),
                        VARCHAR))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("repeat needs a VARCHAR argument");
    }
}
