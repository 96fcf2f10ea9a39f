package dev.quiver.sqltest.runner;

import static dev.quiver.sqltest.runner.ColumnKind.BOOLEAN;
import static dev.quiver.sqltest.runner.ColumnKind.DECIMAL;
import static dev.quiver.sqltest.runner.ColumnKind.DOUBLE;
import static dev.quiver.sqltest.runner.ColumnKind.INTEGER;
import static dev.quiver.sqltest.runner.ColumnKind.REAL;
import static dev.quiver.sqltest.runner.ColumnKind.TEXT;
import static dev.quiver.sqltest.runner.FakeEngine.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {

    private static QueryRecord query(String letters, SortMode mode, String... expectedLines) {
        return new QueryRecord(1, "SELECT …", letters, mode, List.of(expectedLines), List.of(), "");
    }

    @Test
    void expectedRowsAreTabSeparatedOrOneValuePerLine() {
        assertThat(ResultComparison.expectedRows(List.of("1\ta", "2\t(empty)"), 2))
                .containsExactly(List.of("1", "a"), List.of("2", "(empty)"));
        assertThat(ResultComparison.expectedRows(List.of("1", "a", "2", "b"), 2))
                .containsExactly(List.of("1", "a"), List.of("2", "b"));
        assertThat(ResultComparison.expectedRows(List.of("two words"), 1)).containsExactly(List.of("two words"));
        assertThatThrownBy(() -> ResultComparison.expectedRows(List.of("1\ta", "2"), 2))
                .hasMessageContaining("expected row 2 has 1 tab-separated value(s) but the query has 2");
        assertThatThrownBy(() -> ResultComparison.expectedRows(List.of("1", "a", "2"), 2))
                .hasMessageContaining("not a multiple of the 2 columns");
    }

    @Test
    void nosortComparesInTheEngineOrder() {
        QueryRecord record = query("IT", SortMode.NOSORT, "1\ta", "2\tb");

        assertThat(ResultComparison.checkExpected(record, rows(List.of(INTEGER, TEXT), "1\ta", "2\tb")))
                .isEmpty();
        assertThat(ResultComparison.checkExpected(record, rows(List.of(INTEGER, TEXT), "2\tb", "1\ta")))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("wrong result at row 1, column 1 (c1): expected 1 but got 2")
                        .contains("expected:\n1\ta\n2\tb", "actual:\n2\tb\n1\ta"));
    }

    @Test
    void rowsortSortsBothSidesAsText() {
        QueryRecord record = query("IT", SortMode.ROWSORT, "9\tz", "10\ty");

        assertThat(ResultComparison.checkExpected(record, rows(List.of(INTEGER, TEXT), "9\tz", "10\ty")))
                .isEmpty();
        assertThat(ResultComparison.checkExpected(record, rows(List.of(INTEGER, TEXT), "10\ty", "9\tz")))
                .isEmpty();
        assertThat(ResultComparison.checkExpected(record, rows(List.of(INTEGER, TEXT), "10\tz", "9\ty")))
                .hasValueSatisfying(message -> assertThat(message).contains("row 1 (after rowsort), column 2"));
    }

    @Test
    void valuesortIgnoresRowsAndColumns() {
        QueryRecord record = query("II", SortMode.VALUESORT, "1", "2", "3", "4");

        assertThat(ResultComparison.checkExpected(record, rows(List.of(INTEGER, INTEGER), "4\t2", "3\t1")))
                .isEmpty();
        assertThat(ResultComparison.checkExpected(record, rows(List.of(INTEGER, INTEGER), "4\t2", "3\t3")))
                .hasValueSatisfying(message -> assertThat(message).contains("value 1 of the sorted values"));
    }

    @Test
    void countsMustMatch() {
        assertThat(ResultComparison.checkExpected(query("I", SortMode.NOSORT, "1", "2"), rows(List.of(INTEGER), "1")))
                .hasValueSatisfying(message -> assertThat(message).startsWith("expected 2 row(s) but got 1"));
        assertThat(ResultComparison.checkExpected(query("I", SortMode.NOSORT), rows(List.of(INTEGER), "1")))
                .hasValueSatisfying(message -> assertThat(message).contains("expected:\n(no rows)"));
        assertThat(ResultComparison.checkExpected(query("II", SortMode.NOSORT, "1\t2"), rows(List.of(INTEGER), "1")))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("the result has 1 column(s) but the record declares 2 ('query II')"));
    }

    @Test
    void booleansMatchTrueOrOneAndFalseOrZero() {
        assertThat(ResultComparison.matchesExpected("true", "1", BOOLEAN, 'I')).isTrue();
        assertThat(ResultComparison.matchesExpected("false", "FALSE", BOOLEAN, 'T'))
                .isTrue();
        assertThat(ResultComparison.matchesExpected("true", "0", BOOLEAN, 'I')).isFalse();
        assertThat(ResultComparison.matchesExpected("NULL", "false", BOOLEAN, 'I'))
                .isFalse();
        assertThat(ResultComparison.matchesExpected("true", "1", TEXT, 'T')).isFalse();
    }

    @Test
    void floatsMatchTheFileWithDuckDbsOnePercentRule() {
        assertThat(ResultComparison.matchesExpected("0.3333333333333333", "0.333", DOUBLE, 'R'))
                .isTrue();
        assertThat(ResultComparison.matchesExpected("100.0", "101", DOUBLE, 'I'))
                .isTrue();
        assertThat(ResultComparison.matchesExpected("100.0", "98.9", DOUBLE, 'R'))
                .isFalse();
        assertThat(ResultComparison.matchesExpected("1e-09", "0", DOUBLE, 'R')).isTrue();
        assertThat(ResultComparison.matchesExpected("nan", "nan", DOUBLE, 'R')).isTrue();
        assertThat(ResultComparison.matchesExpected("inf", "1e308", DOUBLE, 'R'))
                .isFalse();
        assertThat(ResultComparison.matchesExpected("-inf", "-inf", REAL, 'R')).isTrue();
        assertThat(ResultComparison.matchesExpected("NULL", "0", DOUBLE, 'R')).isFalse();
        // the letter R asks for the tolerance even on an exact column
        assertThat(ResultComparison.matchesExpected("0.33", "0.333", DECIMAL, 'R'))
                .isTrue();
    }

    @Test
    void exactNumbersMatchTheFileByValue() {
        assertThat(ResultComparison.matchesExpected("1.50", "1.5", DECIMAL, 'T'))
                .isTrue();
        assertThat(ResultComparison.matchesExpected("1.50", "1.51", DECIMAL, 'T'))
                .isFalse();
        assertThat(ResultComparison.matchesExpected("7", "7.0", INTEGER, 'I')).isTrue();
        assertThat(ResultComparison.matchesExpected("abc", "ABC", TEXT, 'T')).isFalse();
    }

    @Test
    void oracleComparisonIsExactExceptForFloatingPointRounding() {
        assertThat(ResultComparison.matchesOracle("0.30000000000000004", "0.3", DOUBLE, DOUBLE))
                .isTrue();
        assertThat(ResultComparison.matchesOracle("1234567.8", "1234567.9", DOUBLE, DOUBLE))
                .isFalse();
        assertThat(ResultComparison.matchesOracle("0.1000001", "0.1", REAL, DOUBLE))
                .isTrue();
        assertThat(ResultComparison.matchesOracle("0.1001", "0.1", REAL, REAL)).isFalse();
        assertThat(ResultComparison.matchesOracle("1.50", "1.5", DECIMAL, DECIMAL))
                .isFalse();
        assertThat(ResultComparison.matchesOracle("2.5", "2.50", DOUBLE, DECIMAL))
                .isTrue();
        assertThat(ResultComparison.matchesOracle("nan", "NaN", DOUBLE, DOUBLE)).isTrue();
        assertThat(ResultComparison.matchesOracle("NULL", "0.0", DOUBLE, DOUBLE))
                .isFalse();
    }

    @Test
    void oracleComparisonAppliesTheSortMode() {
        EngineResult.Rows tested = rows(List.of(INTEGER, TEXT), "2\tb", "1\ta");
        EngineResult.Rows oracle = rows(List.of(INTEGER, TEXT), "1\ta", "2\tb");

        assertThat(ResultComparison.checkAgainstOracle(SortMode.ROWSORT, "quiver", tested, "duckdb", oracle))
                .isEmpty();
        Optional<String> nosort =
                ResultComparison.checkAgainstOracle(SortMode.NOSORT, "quiver", tested, "duckdb", oracle);
        assertThat(nosort)
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("results differ at row 1, column 1 (c1): quiver 2, duckdb 1")
                        .contains("quiver:\n2\tb\n1\ta", "duckdb:\n1\ta\n2\tb"));
    }

    @Test
    void oracleComparisonReportsShapeDifferences() {
        EngineResult.Rows one = rows(List.of(INTEGER), "1");
        assertThat(ResultComparison.checkAgainstOracle(
                        SortMode.NOSORT, "quiver", one, "duckdb", rows(List.of(INTEGER), "1", "1")))
                .hasValueSatisfying(message -> assertThat(message).startsWith("quiver returns 1 row(s), duckdb 2"));
        assertThat(ResultComparison.checkAgainstOracle(
                        SortMode.NOSORT, "quiver", one, "duckdb", rows(List.of(INTEGER, INTEGER), "1\t1")))
                .hasValueSatisfying(message -> assertThat(message).startsWith("quiver returns 1 column(s), duckdb 2"));
    }

    @Test
    void sortModesArrangeValuesAsText() {
        List<List<String>> rows = List.of(List.of("9", "b"), List.of("10", "a"));

        assertThat(SortMode.NOSORT.arrange(rows, text -> text)).containsExactly("9", "b", "10", "a");
        assertThat(SortMode.ROWSORT.arrange(rows, text -> text)).containsExactly("10", "a", "9", "b");
        assertThat(SortMode.VALUESORT.arrange(rows, text -> text)).containsExactly("10", "9", "a", "b");
        assertThat(SortMode.fromWord("rowsort")).contains(SortMode.ROWSORT);
        assertThat(SortMode.fromWord("label")).isEmpty();
    }
}
