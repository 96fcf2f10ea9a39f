package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.junit.jupiter.api.Test;

class TextFormatTest {
    private static String printf(String format, Object... args) {
        return TextFormat.printf(format, args);
    }

    private static String format(String format, Object... args) {
        return TextFormat.format(format, args);
    }

    @Test
    void printfIntegersAtTheEdges() {
        assertThat(printf("%d|%x|%o", Long.MIN_VALUE, -1L, 8L)).isEqualTo("-9223372036854775808|ffffffffffffffff|10");
        assertThat(printf("%+05d|% d|%-4d|", 42L, 7L, 3L)).isEqualTo("+0042| 7|3   |");
        assertThat(printf("%c%c", 72L, 105L)).isEqualTo("Hi");
    }

    @Test
    void printfFloatsRoundTheExactBinaryValueHalfToEven() {
        // 2.5 and 0.125 are exact ties; 0.05 is a little above 0.05 as a double
        assertThat(printf("%.0f %.2f %.1f", 2.5, 0.125, 0.05)).isEqualTo("2 0.12 0.1");
        assertThat(printf("%.3e|%E", 0.0, 123456.0)).isEqualTo("0.000e+00|1.234560E+05");
        assertThat(printf("%g|%g|%g|%.3g", 123456.0, 1234567.0, 0.00001234, 1.0))
                .isEqualTo("123456|1.23457e+06|1.234e-05|1");
        assertThat(printf("%f|%F|%.1f", Double.NaN, Double.NEGATIVE_INFINITY, -0.0))
                .isEqualTo("nan|-INF|-0.0");
    }

    @Test
    void formatDefaultsAndAlignment() {
        assertThat(format("{}|{}|{}|{}", 1e-5, 1e16, 123.0, -0.0)).isEqualTo("1e-05|1e+16|123.0|-0.0");
        assertThat(format("[{:^7}][{:>4}][{:<4}]", "ab", 5L, true)).isEqualTo("[  ab   ][   5][true]");
        assertThat(format("{:,}|{:,.2f}", -1234567L, 1234.5)).isEqualTo("-1,234,567|1,234.50");
        assertThat(format("{:>{}}|{:.{}f}", "x", 3L, 3.14159, 2L)).isEqualTo("  x|3.14");
        assertThat(format("{{{}}}", 1L)).isEqualTo("{1}");
    }

    @Test
    void badFormatStringsAreUserErrors() {
        assertThatThrownBy(() -> format("{:d}", "x"))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("Invalid type specifier \"d\" for formatting a value of type string")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> format("{", 1L)).hasMessageContaining("expected '}'");
        assertThatThrownBy(() -> format("{1}", 1L)).hasMessageContaining("Argument index \"1\" out of range");
        assertThatThrownBy(() -> format("{:.}", 1.0)).hasMessageContaining("missing precision");
        assertThatThrownBy(() -> printf("%5")).hasMessageContaining("incomplete conversion");
        assertThatThrownBy(() -> printf("%*d", "x", 1L)).hasMessageContaining("must be an integer");
    }
}
