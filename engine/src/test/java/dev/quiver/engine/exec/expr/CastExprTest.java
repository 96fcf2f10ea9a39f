package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/** Expected values are DuckDB 1.x's answers to the same casts. */
class CastExprTest extends ExprTestSupport {

    private java.util.List<Object> cast(Field from, Field to, Batch input) {
        return eval(new CastExpr(column(0, from), to), input);
    }

    private QuiverException castFails(Field from, Field to, Batch input) {
        try {
            cast(from, to, input);
        } catch (QuiverException e) {
            return e;
        }
        throw new AssertionError("expected the cast to fail");
    }

    @Test
    void integersWidenAndNarrowWithRangeChecks() {
        assertThat(cast(INTEGER, BIGINT, batch(ints(1, null, -5)))).containsExactly(1L, null, -5L);
        assertThat(cast(BIGINT, TINYINT, batch(bigints(127L, -128L, null))))
                .containsExactly((byte) 127, (byte) -128, null);
        QuiverException error = castFails(INTEGER, TINYINT, batch(ints(1, 300)));
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(error.getMessage()).contains("300").contains("TINYINT");
        // a NULL row never fails, whatever its buffer holds
        org.apache.arrow.vector.IntVector hidden = ints(300, 1);
        hidden.setNull(0);
        assertThat(cast(INTEGER, TINYINT, batch(hidden))).containsExactly(null, (byte) 1);
    }

    @Test
    void decimalsRoundHalfAwayFromZeroIntoIntegers() {
        assertThat(cast(decimal(3, 1), INTEGER, batch(decimals(3, 1, "2.5", "-2.5", "3.5", "2.4", null))))
                .containsExactly(3, -3, 4, 2, null);
        assertThat(castFails(decimal(5, 1), TINYINT, batch(decimals(5, 1, "127.5")))
                        .code())
                .isEqualTo(ErrorCode.INVALID_CAST);
    }

    @Test
    void floatsRoundHalfToEvenIntoIntegers() {
        assertThat(cast(DOUBLE, INTEGER, batch(doubles(2.5, -2.5, 3.5, 2.6, 0.5))))
                .containsExactly(2, -2, 4, 3, 0);
        assertThat(cast(REAL, SMALLINT, batch(reals(1.5f, 2.5f)))).containsExactly((short) 2, (short) 2);
        assertThat(castFails(DOUBLE, BIGINT, batch(doubles(1e20))).getMessage())
                .contains("1e+20")
                .contains("BIGINT");
        assertThat(castFails(DOUBLE, BIGINT, batch(doubles(9223372036854775807.0)))
                        .code())
                .isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(castFails(DOUBLE, INTEGER, batch(doubles(Double.NaN))).getMessage())
                .contains("nan");
    }

    @Test
    void doublesToDecimalsAsDuckDbScalesThem() {
        Field target = decimal(10, 2);
        assertThat(cast(DOUBLE, target, batch(doubles(1.005, 1.015, 2.675, -1.005, 1.125, 0.125, 2.665, 0.285, null))))
                .containsExactly("1.00", "1.01", "2.68", "-1.00", "1.13", "0.13", "2.67", "0.28", null);
        assertThat(cast(DOUBLE, decimal(10, 0), batch(doubles(2.5, 3.5, -2.5, 0.5))))
                .containsExactly("3", "4", "-3", "1");
        // a REAL is widened to DOUBLE before scaling: 2.675f is 2.67499995...
        assertThat(cast(REAL, target, batch(reals(2.675f, 1.005f)))).containsExactly("2.67", "1.00");
        assertThat(castFails(DOUBLE, decimal(4, 0), batch(doubles(12345.6))).code())
                .isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(cast(DOUBLE, decimal(38, 0), batch(doubles(1e30))))
                .containsExactly("1000000000000000019884624838656");
    }

    @Test
    void decimalsRescale() {
        assertThat(cast(decimal(10, 3), decimal(10, 2), batch(decimals(10, 3, "1.235", "-1.235", "1.245"))))
                .containsExactly("1.24", "-1.24", "1.25");
        assertThat(cast(decimal(5, 2), decimal(10, 4), batch(decimals(5, 2, "1.50"))))
                .containsExactly("1.5000");
        assertThat(castFails(decimal(10, 1), decimal(4, 0), batch(decimals(10, 1, "12345.6")))
                        .getMessage())
                .contains("12345.6")
                .contains("DECIMAL(4,0)");
        assertThat(castFails(INTEGER, decimal(2, 0), batch(ints(123))).code()).isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(cast(INTEGER, decimal(12, 2), batch(ints(7, null)))).containsExactly("7.00", null);
        assertThat(cast(decimal(38, 10), decimal(38, 2), batch(decimals(38, 10, "1234567890123456789012.0000000051"))))
                .containsExactly("1234567890123456789012.00");
    }

    @Test
    void decimalsToFloatingPointDivideLikeDuckDb() {
        assertThat(cast(decimal(10, 4), DOUBLE, batch(decimals(10, 4, "12.3456"))))
                .containsExactly(12.3456);
        assertThat(cast(decimal(10, 4), REAL, batch(decimals(10, 4, "12.3456"))))
                .containsExactly(12.3456f);
        assertThat(cast(DOUBLE, REAL, batch(doubles(3.4e38, Double.POSITIVE_INFINITY))))
                .containsExactly(3.4e38f, Float.POSITIVE_INFINITY);
        assertThat(castFails(DOUBLE, REAL, batch(doubles(3.5e38))).code()).isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(cast(REAL, DOUBLE, batch(reals(0.3f)))).containsExactly(0.30000001192092896);
    }

    @Test
    void booleansAndNumbers() {
        assertThat(cast(INTEGER, BOOLEAN, batch(ints(1, 0, -5, null)))).containsExactly(true, false, true, null);
        assertThat(cast(DOUBLE, BOOLEAN, batch(doubles(0.5, 0.0)))).containsExactly(true, false);
        assertThat(cast(decimal(3, 1), BOOLEAN, batch(decimals(3, 1, "2.5", "0.0"))))
                .containsExactly(true, false);
        assertThat(cast(BOOLEAN, INTEGER, batch(booleans(true, false, null)))).containsExactly(1, 0, null);
        assertThat(cast(BOOLEAN, decimal(3, 1), batch(booleans(true)))).containsExactly("1.0");
        assertThat(cast(BOOLEAN, DOUBLE, batch(booleans(true)))).containsExactly(1.0);
    }

    @Test
    void numbersToTextAsDuckDbPrintsThem() {
        assertThat(cast(
                        DOUBLE,
                        VARCHAR,
                        batch(doubles(
                                1.0,
                                0.1,
                                1e20,
                                1e-7,
                                123456789012345678.0,
                                1e15,
                                1e16,
                                0.0001,
                                0.00001,
                                -0.0,
                                1.5e300,
                                5e-324,
                                Double.NaN,
                                Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY,
                                123.456,
                                1.7976931348623157e308,
                                null))))
                .containsExactly(
                        "1.0",
                        "0.1",
                        "1e+20",
                        "1e-07",
                        "1.2345678901234568e+17",
                        "1000000000000000.0",
                        "1e+16",
                        "0.0001",
                        "1e-05",
                        "-0.0",
                        "1.5e+300",
                        "5e-324",
                        "nan",
                        "inf",
                        "-inf",
                        "123.456",
                        "1.7976931348623157e+308",
                        null);
        assertThat(cast(REAL, VARCHAR, batch(reals(0.1f, 1.0f, 3.4e38f, 1e-7f, 16777216f, 3.14159f, 1e10f, 1.1e16f))))
                .containsExactly("0.1", "1.0", "3.4e+38", "1e-07", "16777216.0", "3.14159", "10000000000.0", "1.1e+16");
        assertThat(cast(decimal(10, 2), VARCHAR, batch(decimals(10, 2, "1.50", "-0.05", null))))
                .containsExactly("1.50", "-0.05", null);
        assertThat(cast(decimal(10, 0), VARCHAR, batch(decimals(10, 0, "5")))).containsExactly("5");
        assertThat(cast(decimal(38, 3), VARCHAR, batch(decimals(38, 3, "0.000", "-12345678901234567890.123"))))
                .containsExactly("0.000", "-12345678901234567890.123");
        assertThat(cast(TINYINT, VARCHAR, batch(tinyints(-12)))).containsExactly("-12");
        assertThat(cast(BIGINT, VARCHAR, batch(bigints(0L, Long.MIN_VALUE, Long.MAX_VALUE, 1000L, -7L))))
                .containsExactly("0", "-9223372036854775808", "9223372036854775807", "1000", "-7");
        assertThat(cast(
                        decimal(18, 5),
                        VARCHAR,
                        batch(decimals(18, 5, "0.00001", "-0.1", "1234567890123.45678", "-1234567890123.45678", "10"))))
                .containsExactly("0.00001", "-0.10000", "1234567890123.45678", "-1234567890123.45678", "10.00000");
        assertThat(cast(BOOLEAN, VARCHAR, batch(booleans(true, false)))).containsExactly("true", "false");
    }

    @Test
    void datesAndTimestampsToText() {
        assertThat(cast(DATE, VARCHAR, batch(dates("1992-01-05", "0001-01-01", "-0044-03-15", "10000-01-01"))))
                .containsExactly("1992-01-05", "0001-01-01", "0045-03-15 (BC)", "10000-01-01");
        assertThat(cast(
                        TIMESTAMP,
                        VARCHAR,
                        batch(timestamps(
                                "1992-01-05 01:02:03.5",
                                "1992-01-05 01:02:03.123456",
                                "1992-01-05 00:00:00",
                                "1992-01-05 01:02:03.000100"))))
                .containsExactly(
                        "1992-01-05 01:02:03.5",
                        "1992-01-05 01:02:03.123456",
                        "1992-01-05 00:00:00",
                        "1992-01-05 01:02:03.0001");
    }

    @Test
    void datesAndTimestampsConvert() {
        assertThat(cast(DATE, TIMESTAMP, batch(dates("1992-01-05", null))))
                .containsExactly("1992-01-05 00:00:00", null);
        assertThat(cast(TIMESTAMP, DATE, batch(timestamps("1992-01-05 23:59:59", "1969-12-31 23:59:59.5"))))
                .containsExactly("1992-01-05", "1969-12-31");
    }

    @Test
    void textToIntegers() {
        assertThat(cast(
                        VARCHAR,
                        INTEGER,
                        batch(strings(
                                " 12 ", "+12", "1.5", "2.5", "-2.5", "1e2", "0x1F", "1_000", "1.5e1", "0b101", "12.",
                                ".5", null))))
                .containsExactly(12, 12, 2, 3, -3, 100, 31, 1000, 15, 5, 12, 1, null);
        assertThat(cast(VARCHAR, BIGINT, batch(strings("9223372036854775807", "-9223372036854775808"))))
                .containsExactly(Long.MAX_VALUE, Long.MIN_VALUE);
        for (String bad : new String[] {"abc", "", "99999999999", "- 5", "5 5", "1 000", ".", "  -0x10  "}) {
            QuiverException error = castFails(VARCHAR, INTEGER, batch(strings(bad)));
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_CAST);
            assertThat(error.getMessage()).isEqualTo("Could not convert string '" + bad + "' to INTEGER");
        }
        assertThat(castFails(VARCHAR, TINYINT, batch(strings("127.5"))).code()).isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(castFails(VARCHAR, BIGINT, batch(strings("9223372036854775808")))
                        .code())
                .isEqualTo(ErrorCode.INVALID_CAST);
    }

    @Test
    void textToDecimalsAndFloats() {
        assertThat(cast(
                        VARCHAR,
                        decimal(5, 2),
                        batch(strings(" 1.255 ", "1.245", "-1.255", "1e2", ".5", "5.", "1.5e-1", "0.005"))))
                .containsExactly("1.26", "1.25", "-1.26", "100.00", "0.50", "5.00", "0.15", "0.01");
        assertThat(cast(VARCHAR, decimal(10, 2), batch(strings("1_000")))).containsExactly("1000.00");
        assertThat(cast(VARCHAR, decimal(38, 0), batch(strings("12345678901234567890.5"))))
                .containsExactly("12345678901234567891");
        for (String bad : new String[] {"123456", "1.2.3", "0x10", "1e400"}) {
            assertThat(castFails(VARCHAR, decimal(5, 2), batch(strings(bad))).getMessage())
                    .isEqualTo("Could not convert string '" + bad + "' to DECIMAL(5,2)");
        }
        assertThat(cast(
                        VARCHAR,
                        DOUBLE,
                        batch(strings("1.5", " 1e3 ", "NaN", "Infinity", "-INF", ".5", "5.", "1_0.5", "1e400"))))
                .containsExactly(
                        1.5,
                        1000.0,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        0.5,
                        5.0,
                        10.5,
                        Double.POSITIVE_INFINITY);
        assertThat(cast(VARCHAR, REAL, batch(strings("1e40", "0.1")))).containsExactly(Float.POSITIVE_INFINITY, 0.1f);
        for (String bad : new String[] {"1.5x", "1,5", "0x1p3", "1d", ""}) {
            assertThat(castFails(VARCHAR, DOUBLE, batch(strings(bad))).getMessage())
                    .isEqualTo("Could not convert string '" + bad + "' to DOUBLE");
        }
    }

    @Test
    void textToBooleans() {
        assertThat(cast(
                        VARCHAR,
                        BOOLEAN,
                        batch(strings("true", "T", "yes", "y", "1", "TrUe", "0", "FALSE", "f", "no", "n", null))))
                .containsExactly(true, true, true, true, true, true, false, false, false, false, false, null);
        for (String bad : new String[] {"off", "maybe", "2", " false "}) {
            assertThat(castFails(VARCHAR, BOOLEAN, batch(strings(bad))).getMessage())
                    .isEqualTo("Could not convert string '" + bad + "' to BOOLEAN");
        }
    }

    @Test
    void textToDates() {
        assertThat(cast(
                        VARCHAR,
                        DATE,
                        batch(strings(
                                "1992-1-5",
                                " 1992-01-05 ",
                                "1992/01/05",
                                "1992 01 05",
                                "1992-01-05 12:00:00",
                                "1992-01-05T10:00:00",
                                "92-01-05",
                                "1992-01-05 (BC)",
                                "-0044-03-15"))))
                .containsExactly(
                        "1992-01-05",
                        "1992-01-05",
                        "1992-01-05",
                        "1992-01-05",
                        "1992-01-05",
                        "1992-01-05",
                        "0092-01-05",
                        "1992-01-05 (BC)",
                        "0045-03-15 (BC)");
        assertThat(castFails(VARCHAR, DATE, batch(strings("1992-02-30"))).getMessage())
                .isEqualTo("date field value out of range: \"1992-02-30\", expected format is (YYYY-MM-DD)");
        for (String bad :
                new String[] {"hello", "19920105", "1992.01.05", "1992-01/05", "+1992-01-05", "1992-01-05 xyz"}) {
            assertThat(castFails(VARCHAR, DATE, batch(strings(bad))).getMessage())
                    .isEqualTo("invalid date field format: \"" + bad + "\", expected format is (YYYY-MM-DD)");
        }
    }

    @Test
    void textToTimestamps() {
        assertThat(cast(
                        VARCHAR,
                        TIMESTAMP,
                        batch(strings(
                                "1992-01-05T12:00:00",
                                "1992-01-05",
                                "1992-01-05 1:2:3",
                                "1992-01-05 01:02",
                                "1992-01-05 01:02:03.1234567",
                                "1992-01-05 24:00:00",
                                " 1992-01-05T01:02:03.5Z ",
                                "  1992-01-05   01:02:03  ",
                                "1992-01-05 01:02:03+05:30",
                                "1992-01-05 01:02:03 UTC"))))
                .containsExactly(
                        "1992-01-05 12:00:00",
                        "1992-01-05 00:00:00",
                        "1992-01-05 01:02:03",
                        "1992-01-05 01:02:00",
                        "1992-01-05 01:02:03.123456",
                        "1992-01-06 00:00:00",
                        "1992-01-05 01:02:03.5",
                        "1992-01-05 01:02:03",
                        "1992-01-05 01:02:03",
                        "1992-01-05 01:02:03");
        assertThat(castFails(VARCHAR, TIMESTAMP, batch(strings("1992-01-05 25:00:00")))
                        .getMessage())
                .startsWith("timestamp field value out of range: \"1992-01-05 25:00:00\"");
        assertThat(castFails(VARCHAR, TIMESTAMP, batch(strings("1992-01-05 01:02:60")))
                        .getMessage())
                .startsWith("invalid timestamp field format: \"1992-01-05 01:02:60\"");
        // DuckDB: a date alone may not be followed by spaces when read as a TIMESTAMP (it may as a DATE)
        assertThat(castFails(VARCHAR, TIMESTAMP, batch(strings("1992-01-05 "))).code())
                .isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(cast(VARCHAR, DATE, batch(strings("1992-01-05 ", "1992-01-05 24:00:00"))))
                .containsExactly("1992-01-05", "1992-01-05");
    }

    @Test
    void nullAndIdentityCasts() {
        assertThat(eval(new CastExpr(LiteralExpr.nullOf(NULL), INTEGER), rows(2)))
                .containsExactly(null, null);
        assertThat(cast(VARCHAR, VARCHAR, batch(strings("abcdef")))).containsExactly("abcdef");
        // a wider DECIMAL of the same scale only changes the type
        assertThat(cast(decimal(15, 2), decimal(16, 2), batch(decimals(15, 2, "1.25"))))
                .containsExactly("1.25");
    }

    @Test
    void unsupportedCastsAreRejectedAtPlanTime() {
        assertThatThrownBy(() -> new CastExpr(column(0, DATE), INTEGER))
                .isInstanceOf(QuiverException.class)
                .hasMessage("CAST from DATE to INTEGER is not supported");
    }

    @Test
    void knowsWhichCastsCanFail() {
        assertThat(new CastExpr(column(0, INTEGER), BIGINT).mayFail()).isFalse();
        assertThat(new CastExpr(column(0, BIGINT), INTEGER).mayFail()).isTrue();
        assertThat(new CastExpr(column(0, INTEGER), decimal(12, 2)).mayFail()).isFalse();
        assertThat(new CastExpr(column(0, INTEGER), decimal(11, 2)).mayFail()).isTrue();
        assertThat(new CastExpr(column(0, VARCHAR), INTEGER).mayFail()).isTrue();
        assertThat(new CastExpr(column(0, DOUBLE), VARCHAR).mayFail()).isFalse();
    }
}
