package dev.quiver.sqltest.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueFormatterTest {

    @Test
    void nullBooleansIntegersAndDecimals() {
        assertThat(ValueFormatter.format(null)).isEqualTo("NULL");
        assertThat(ValueFormatter.format(true)).isEqualTo("true");
        assertThat(ValueFormatter.format(false)).isEqualTo("false");
        assertThat(ValueFormatter.format((byte) -1)).isEqualTo("-1");
        assertThat(ValueFormatter.format(42)).isEqualTo("42");
        assertThat(ValueFormatter.format(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(ValueFormatter.format(new BigInteger("170141183460469231731687303715884105727")))
                .isEqualTo("170141183460469231731687303715884105727");
        assertThat(ValueFormatter.format(new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(ValueFormatter.format(new BigDecimal("-0.001"))).isEqualTo("-0.001");
        assertThat(ValueFormatter.format(new BigDecimal("1E+3"))).isEqualTo("1000");
    }

    @Test
    void doublesInShortestFormPositionalOrScientificLikeDuckDb() {
        assertThat(ValueFormatter.format(1.0)).isEqualTo("1.0");
        assertThat(ValueFormatter.format(0.1)).isEqualTo("0.1");
        assertThat(ValueFormatter.format(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(ValueFormatter.format(1e15)).isEqualTo("1000000000000000.0");
        assertThat(ValueFormatter.format(1e16)).isEqualTo("1e+16");
        assertThat(ValueFormatter.format(0.0001)).isEqualTo("0.0001");
        assertThat(ValueFormatter.format(0.00001)).isEqualTo("1e-05");
        assertThat(ValueFormatter.format(-2.5e-10)).isEqualTo("-2.5e-10");
        assertThat(ValueFormatter.format(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
        assertThat(ValueFormatter.format(1e300)).isEqualTo("1e+300");
        assertThat(ValueFormatter.format(-0.0)).isEqualTo("-0.0");
        assertThat(ValueFormatter.format(0.0)).isEqualTo("0.0");
        assertThat(ValueFormatter.format(Double.NaN)).isEqualTo("nan");
        assertThat(ValueFormatter.format(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(ValueFormatter.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void realsUseTheirOwnShortestForm() {
        assertThat(ValueFormatter.format(0.1f)).isEqualTo("0.1");
        assertThat(ValueFormatter.format(16777217f)).isEqualTo("16777216.0");
        assertThat(ValueFormatter.format(3.4e38f)).isEqualTo("3.4e+38");
    }

    @Test
    void stringsWithTheEmptyStringSpelledOut() {
        assertThat(ValueFormatter.format("abc")).isEqualTo("abc");
        assertThat(ValueFormatter.format("")).isEqualTo("(empty)");
        assertThat(ValueFormatter.format("a\0b")).isEqualTo("a\\0b");
    }

    @Test
    void duckDbsInfinitiesAreWrittenAsItsCastToVarcharWritesThem() {
        // both JDBC drivers hand them over as the dates and instants of their raw values
        assertThat(ValueFormatter.format(LocalDate.ofEpochDay(Integer.MAX_VALUE)))
                .isEqualTo("infinity");
        assertThat(ValueFormatter.format(LocalDate.ofEpochDay(-Integer.MAX_VALUE)))
                .isEqualTo("-infinity");
        assertThat(ValueFormatter.format(LocalDate.ofEpochDay(Integer.MAX_VALUE - 1)))
                .isEqualTo("5881580-07-10");
        LocalDateTime infinity = LocalDateTime.ofEpochSecond(9_223_372_036_854L, 775_807_000, ZoneOffset.UTC);
        LocalDateTime negative = LocalDateTime.ofEpochSecond(-9_223_372_036_855L, 224_193_000, ZoneOffset.UTC);
        assertThat(ValueFormatter.format(infinity)).isEqualTo("infinity");
        assertThat(ValueFormatter.format(negative)).isEqualTo("-infinity");
        assertThat(ValueFormatter.format(negative.atOffset(ZoneOffset.UTC))).isEqualTo("-infinity");
        assertThat(ValueFormatter.format(infinity.minusNanos(1000))).isEqualTo("294247-01-10 04:00:54.775806");
    }

    @Test
    void datesTimesAndTimestampsDropTrailingZerosOfTheFraction() {
        assertThat(ValueFormatter.format(LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
        assertThat(ValueFormatter.format(LocalDate.of(12, 1, 2))).isEqualTo("0012-01-02");
        assertThat(ValueFormatter.format(LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 (BC)");
        assertThat(ValueFormatter.format(LocalTime.of(1, 2, 3))).isEqualTo("01:02:03");
        assertThat(ValueFormatter.format(LocalTime.of(1, 2, 3, 500_000_000))).isEqualTo("01:02:03.5");
        assertThat(ValueFormatter.format(LocalDateTime.of(2024, 1, 2, 3, 4, 5))).isEqualTo("2024-01-02 03:04:05");
        assertThat(ValueFormatter.format(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000)))
                .isEqualTo("2024-01-02 03:04:05.12");
        assertThat(ValueFormatter.format(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)))
                .isEqualTo("2024-01-02 03:04:05.123456");
    }

    @Test
    void blobsEscapeAllButPlainPrintableAscii() {
        assertThat(ValueFormatter.format(new byte[] {'a', ' ', '~', '\\', '\'', '"', 0x7F, (byte) 0xAA}))
                .isEqualTo("a ~\\x5C\\x27\\x22\\x7F\\xAA");
        assertThat(ValueFormatter.format(new byte[0])).isEqualTo("(empty)");
    }

    /** The rules above are DuckDB's: its own cast to VARCHAR prints the same text. */
    @Test
    void agreesWithDuckDbsCastToVarchar() {
        List<String> expressions = List.of(
                "42",
                "-9223372036854775808",
                "CAST(170141183460469231731687303715884105727 AS HUGEINT)",
                "true",
                "false",
                "1.50",
                "CAST(-2 AS DECIMAL(10, 3))",
                "CAST(0.1 AS DOUBLE)",
                "CAST(1e15 AS DOUBLE)",
                "CAST(1e16 AS DOUBLE)",
                "CAST(0.0001 AS DOUBLE)",
                "CAST(0.00001 AS DOUBLE)",
                "CAST(123456789012345678 AS DOUBLE)",
                "CAST(1 AS DOUBLE) / 3",
                "CAST(-2.5e-10 AS DOUBLE)",
                "CAST('inf' AS DOUBLE)",
                "CAST('-inf' AS DOUBLE)",
                "CAST('nan' AS DOUBLE)",
                "-CAST(0 AS DOUBLE)",
                "CAST(0.1 AS REAL)",
                "CAST(1e10 AS REAL)",
                "CAST(3.4e38 AS REAL)",
                "CAST(1e-5 AS REAL)",
                "''",
                "'text'",
                "DATE '2024-02-29'",
                "DATE '0012-01-02'",
                "TIME '01:02:03'",
                "TIME '01:02:03.000007'",
                "TIMESTAMP '2024-01-02 03:04:05'",
                "TIMESTAMP '2024-01-02 03:04:05.120'",
                "TIMESTAMP '2024-01-02 03:04:05.123456'",
                "CAST('a ~\\x5C\\x27\\x22\\x7F\\xAA' AS BLOB)");
        try (DuckDbEngine duckdb = DuckDbEngine.open(List.of())) {
            for (String expression : expressions) {
                EngineResult result = duckdb.execute("SELECT " + expression + ", CAST(" + expression + " AS VARCHAR)");
                assertThat(result).as(expression).isInstanceOf(EngineResult.Rows.class);
                List<String> row = ((EngineResult.Rows) result).rows().getFirst();
                assertThat(row.get(0)).as(expression).isEqualTo(row.get(1));
            }
        }
    }
}
