package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LIKE and the string functions; expected values are DuckDB 1.x's answers. */
class StringFunctionsTest extends ExprTestSupport {

    private List<Object> like(String value, String pattern, String escape) {
        Expr escapeExpr = escape == null ? null : literal(VARCHAR, escape);
        return eval(
                new LikeExpr(column(0, VARCHAR), literal(VARCHAR, pattern), escapeExpr, false, BOOLEAN),
                batch(strings(value)));
    }

    @Test
    void likeMatchesAsDuckDb() {
        assertThat(like("abc", "a%", null)).containsExactly(true);
        assertThat(like("abc", "a_c", null)).containsExactly(true);
        assertThat(like("abc", "A%", null)).containsExactly(false);
        assertThat(like("a%c", "a\\%c", "\\")).containsExactly(true);
        assertThat(like("abc", "a\\%c", "\\")).containsExactly(false);
        assertThat(like("a\\bc", "a\\bc", null)).containsExactly(true);
        assertThat(like("héllo", "h_llo", null)).containsExactly(true);
        assertThat(like("", "%", null)).containsExactly(true);
        assertThat(like("", "_", null)).containsExactly(false);
        assertThat(like("", "", null)).containsExactly(true);
        assertThat(like("a", "", null)).containsExactly(false);
        assertThat(like("a_c", "a#_c", "#")).containsExactly(true);
        assertThat(like("abc", "a#_c", "#")).containsExactly(false);
        assertThat(like("a#c", "a##c", "#")).containsExactly(true);
        assertThat(like("abc", "a#bc", "#")).containsExactly(true);
    }

    @Test
    void likeShapes() {
        Batch input = batch(strings("forest green", "green", "dark green metallic", "blue", null, "gree", "ggreen"));
        ColumnExpr value = column(0, VARCHAR);
        assertThat(eval(new LikeExpr(value, literal(VARCHAR, "%green%"), null, false, BOOLEAN), input))
                .containsExactly(true, true, true, false, null, false, true);
        assertThat(eval(new LikeExpr(value, literal(VARCHAR, "green%"), null, false, BOOLEAN), input))
                .containsExactly(false, true, false, false, null, false, false);
        assertThat(eval(new LikeExpr(value, literal(VARCHAR, "%green"), null, false, BOOLEAN), input))
                .containsExactly(true, true, false, false, null, false, true);
        assertThat(eval(new LikeExpr(value, literal(VARCHAR, "green"), null, true, BOOLEAN), input))
                .containsExactly(true, false, true, true, null, true, true);
        assertThat(eval(new LikeExpr(value, literal(VARCHAR, "%"), null, false, BOOLEAN), input))
                .containsExactly(true, true, true, true, null, true, true);
        assertThat(eval(new LikeExpr(value, literal(VARCHAR, "%e%n%l%"), null, false, BOOLEAN), input))
                .containsExactly(false, false, true, false, null, false, false);
        assertThat(eval(new LikeExpr(value, literal(VARCHAR, "_re%"), null, false, BOOLEAN), input))
                .containsExactly(false, true, false, false, null, true, false);
        assertThat(eval(new LikeExpr(value, literal(VARCHAR, "%_e_"), null, false, BOOLEAN), input))
                .containsExactly(true, true, false, false, null, true, true);
        assertThat(eval(new LikeExpr(value, literal(VARCHAR, "%g%e_n"), null, false, BOOLEAN), input))
                .containsExactly(true, true, false, false, null, false, true);
    }

    @Test
    void likeWithMultiByteCharacters() {
        Batch input = batch(strings("日本語", "日本", "本語", "日x語"));
        assertThat(eval(new LikeExpr(column(0, VARCHAR), literal(VARCHAR, "日_語"), null, false, BOOLEAN), input))
                .containsExactly(true, false, false, true);
        assertThat(eval(new LikeExpr(column(0, VARCHAR), literal(VARCHAR, "%_語"), null, false, BOOLEAN), input))
                .containsExactly(true, false, true, true);
        assertThat(eval(new LikeExpr(column(0, VARCHAR), literal(VARCHAR, "__"), null, false, BOOLEAN), input))
                .containsExactly(false, true, true, false);
    }

    @Test
    void likeWithPatternsPerRow() {
        Batch input = batch(strings("abc", "abc", "abc", null), strings("a%", "b%", null, "a%"));
        assertThat(eval(new LikeExpr(column(0, VARCHAR), column(1, VARCHAR), null, false, BOOLEAN), input))
                .containsExactly(true, false, null, null);
    }

    @Test
    void badEscapes() {
        assertThatThrownBy(() -> like("abc", "abc\\", "\\"))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("must not end with the escape character")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> like("abc", "a%", "xy"))
                .hasMessageContaining("the LIKE escape must be empty or one character");
    }

    @Test
    void substringAsDuckDb() {
        Batch input = batch(strings("hello"));
        record Case(long start, Long length, String expected) {}
        for (Case test : List.of(
                new Case(2, 3L, "ell"),
                new Case(0, 2L, "h"),
                new Case(-1, 3L, "o"),
                new Case(-3, 2L, "ll"),
                new Case(4, null, "lo"),
                new Case(10, null, ""),
                new Case(0, null, "hello"),
                new Case(2, -1L, "h"),
                new Case(-10, 3L, ""),
                new Case(-10, 8L, "hel"),
                new Case(1, 0L, ""),
                new Case(-2, null, "lo"),
                new Case(3, -5L, "he"))) {
            Expr length = test.length() == null ? null : literal(BIGINT, test.length());
            assertThat(eval(
                            new SubstringExpr(column(0, VARCHAR), literal(INTEGER, test.start()), length, VARCHAR),
                            input))
                    .as("substring('hello', %d, %s)", test.start(), test.length())
                    .containsExactly(test.expected());
        }
    }

    @Test
    void substringCountsCharactersNotBytes() {
        Batch input = batch(strings("héllo", "日本語です", null, "ab"), ints(2, -2, 1, null));
        assertThat(eval(new SubstringExpr(column(0, VARCHAR), column(1, INTEGER), literal(INTEGER, 2), VARCHAR), input))
                .containsExactly("él", "です", null, null);
    }

    @Test
    void upperAndLower() {
        Batch input = batch(strings("héllo ß ǆ", "Hello World", null, "HÉLLO İ Σ"));
        assertThat(eval(new CaseConversionExpr(true, column(0, VARCHAR), VARCHAR), input))
                .containsExactly("HÉLLO ẞ Ǆ", "HELLO WORLD", null, "HÉLLO İ Σ");
        assertThat(eval(new CaseConversionExpr(false, column(0, VARCHAR), VARCHAR), input))
                .containsExactly("héllo ß ǆ", "hello world", null, "héllo i σ");
        Batch ascii = batch(strings("MiXeD 123", ""));
        assertThat(eval(new CaseConversionExpr(true, column(0, VARCHAR), VARCHAR), ascii))
                .containsExactly("MIXED 123", "");
    }

    @Test
    void characterLength() {
        Batch input = batch(strings("héllo", "🦆", "a🦆b", "", null, "plain"));
        assertThat(eval(new CharLengthExpr(column(0, VARCHAR), INTEGER), input)).containsExactly(5, 1, 3, 0, null, 5);
        assertThat(eval(new CharLengthExpr(column(0, VARCHAR), BIGINT), batch(strings("abc"))))
                .containsExactly(3L);
    }

    @Test
    void position() {
        Batch input =
                batch(strings("l", "", "z", "lo", "", null), strings("hello", "hello", "hello", "héllo", "", "x"));
        assertThat(eval(new PositionExpr(column(0, VARCHAR), column(1, VARCHAR), null, INTEGER), input))
                .containsExactly(3, 1, 0, 4, 1, null);
        Batch from = batch(strings("hello hello"));
        assertThat(eval(
                        new PositionExpr(literal(VARCHAR, "l"), column(0, VARCHAR), literal(INTEGER, 5), INTEGER),
                        from))
                .containsExactly(9);
        assertThat(eval(
                        new PositionExpr(literal(VARCHAR, "l"), column(0, VARCHAR), literal(INTEGER, 0), INTEGER),
                        from))
                .containsExactly(0);
    }

    @Test
    void trim() {
        Batch input = batch(strings("  a b  ", "xxaxx", "xyyxaxy", "xax", "\ta\t", null, "ééaé"));
        ColumnExpr value = column(0, VARCHAR);
        assertThat(eval(new TrimExpr(TrimExpr.Side.BOTH, literal(VARCHAR, " "), value, VARCHAR), input))
                .containsExactly("a b", "xxaxx", "xyyxaxy", "xax", "\ta\t", null, "ééaé");
        assertThat(eval(new TrimExpr(TrimExpr.Side.LEADING, literal(VARCHAR, " "), value, VARCHAR), input)
                        .getFirst())
                .isEqualTo("a b  ");
        assertThat(eval(new TrimExpr(TrimExpr.Side.TRAILING, literal(VARCHAR, " "), value, VARCHAR), input)
                        .getFirst())
                .isEqualTo("  a b");
        assertThat(eval(new TrimExpr(TrimExpr.Side.BOTH, literal(VARCHAR, "x"), value, VARCHAR), input)
                        .get(1))
                .isEqualTo("a");
        assertThat(eval(new TrimExpr(TrimExpr.Side.LEADING, literal(VARCHAR, "xy"), value, VARCHAR), input)
                        .get(2))
                .isEqualTo("axy");
        assertThat(eval(new TrimExpr(TrimExpr.Side.TRAILING, literal(VARCHAR, "x"), value, VARCHAR), input)
                        .get(3))
                .isEqualTo("xa");
        assertThat(eval(new TrimExpr(TrimExpr.Side.BOTH, literal(VARCHAR, "é"), value, VARCHAR), input)
                        .get(6))
                .isEqualTo("a");
    }

    @Test
    void concatenation() {
        Batch input = batch(strings("a", "x", null, "héllo"), strings("b", null, "c", " wörld"));
        assertThat(eval(new ConcatExpr(List.of(column(0, VARCHAR), column(1, VARCHAR)), VARCHAR), input))
                .containsExactly("ab", null, null, "héllo wörld");
        assertThat(eval(
                        new ConcatExpr(List.of(column(0, VARCHAR), literal(VARCHAR, "-"), column(0, VARCHAR)), VARCHAR),
                        input))
                .containsExactly("a-a", "x-x", null, "héllo-héllo");
    }

    @Test
    void largeBatchesGrowTheOutputBuffer() {
        int rows = 5000;
        String[] values = new String[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = "value number " + row;
        }
        List<Object> result =
                eval(new ConcatExpr(List.of(column(0, VARCHAR), column(0, VARCHAR)), VARCHAR), batch(strings(values)));
        for (int row = 0; row < rows; row++) {
            assertThat(result.get(row)).isEqualTo(values[row] + values[row]);
        }
    }

    @Test
    void stringFunctionsRejectNumbers() {
        assertThatThrownBy(() -> new CaseConversionExpr(true, column(0, INTEGER), VARCHAR))
                .hasMessage("UPPER needs a VARCHAR argument, got INTEGER");
    }
}
