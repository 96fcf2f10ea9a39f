package dev.quiver.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** The names DuckDB 1.5.6 gives unaliased expressions (checked with its Python client). */
class ColumnNamesTest {

    private static String nameOf(String expression) {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement("SELECT " + expression + " FROM t");
        ColumnNames.name(select);
        SqlNode item = select.getSelectList().getFirst();
        if (item instanceof SqlIdentifier identifier) {
            return identifier.names.getLast();
        }
        assertThat(item.getKind()).isEqualTo(SqlKind.AS);
        return ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple();
    }

    @Test
    void aggregatesAndFunctionCalls() {
        assertThat(nameOf("count(*)")).isEqualTo("count_star()");
        assertThat(nameOf("count(x)")).isEqualTo("count(x)");
        assertThat(nameOf("count(DISTINCT x)")).isEqualTo("count(DISTINCT x)");
        assertThat(nameOf("sum(x)")).isEqualTo("sum(x)");
        assertThat(nameOf("sum(x + 1)")).isEqualTo("sum((x + 1))");
        assertThat(nameOf("upper(s)")).isEqualTo("upper(s)");
        assertThat(nameOf("round(x, 2)")).isEqualTo("round(x, 2)");
        assertThat(nameOf("coalesce(x, 1)")).isEqualTo("COALESCE(x, 1)");
        assertThat(nameOf("avg(x) FILTER (WHERE x > 1)")).isEqualTo("avg(x) FILTER (WHERE (x > 1))");
        assertThat(nameOf("my_python_function(x, s)")).isEqualTo("my_python_function(x, s)");
    }

    @Test
    void windowFunctionsWriteTheirWindowInFull() {
        assertThat(nameOf("row_number() OVER (ORDER BY x)")).isEqualTo("row_number() OVER (ORDER BY x)");
        assertThat(nameOf("SUM(x) OVER (PARTITION BY k ORDER BY o ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)"))
                .isEqualTo("sum(x) OVER (PARTITION BY k ORDER BY o ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)");
        assertThat(nameOf("avg(x) OVER ()")).isEqualTo("avg(x) OVER ()");
        assertThat(nameOf("count(*) OVER (PARTITION BY k)")).isEqualTo("count() OVER (PARTITION BY k)");
        assertThat(nameOf("sum(DISTINCT x) OVER (ORDER BY k)")).isEqualTo("sum(DISTINCT x) OVER (ORDER BY k)");
        assertThat(nameOf("rank() OVER (PARTITION BY k, o ORDER BY x DESC NULLS FIRST)"))
                .isEqualTo("rank() OVER (PARTITION BY k, o ORDER BY x DESC NULLS FIRST)");
        assertThat(nameOf("lag(x, 2, 0) OVER (ORDER BY o)")).isEqualTo("lag(x, 2, 0) OVER (ORDER BY o)");
        assertThat(nameOf("first_value(x IGNORE NULLS) OVER (ORDER BY o RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING "
                        + "EXCLUDE CURRENT ROW)"))
                .isEqualTo("first_value(x IGNORE NULLS) OVER (ORDER BY o RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING "
                        + "EXCLUDE CURRENT ROW)");
        assertThat(nameOf("sum(x) FILTER (WHERE x > 1) OVER (ORDER BY o ROWS 1 PRECEDING)"))
                .isEqualTo("sum(x) FILTER (WHERE (x > 1)) OVER (ORDER BY o ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)");
        assertThat(nameOf("max(x + 1) OVER (ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"))
                .isEqualTo("max((x + 1)) OVER (ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)");
        // GROUPS frames reach Calcite as ROWS frames with marked offsets, but keep their name
        assertThat(nameOf("sum(x) OVER (ORDER BY o GROUPS BETWEEN 2 PRECEDING AND CURRENT ROW)"))
                .isEqualTo("sum(x) OVER (ORDER BY o GROUPS BETWEEN 2 PRECEDING AND CURRENT ROW)");
        assertThat(nameOf("sum(x) OVER (ORDER BY o GROUPS UNBOUNDED PRECEDING)"))
                .isEqualTo("sum(x) OVER (ORDER BY o GROUPS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
    }

    @Test
    void operatorsAreParenthesized() {
        assertThat(nameOf("a + b")).isEqualTo("(a + b)");
        assertThat(nameOf("a + b * 2")).isEqualTo("(a + (b * 2))");
        assertThat(nameOf("(a + b) * 2")).isEqualTo("((a + b) * 2)");
        assertThat(nameOf("x % 2")).isEqualTo("(x % 2)");
        assertThat(nameOf("x / 2")).isEqualTo("(x / 2)");
        assertThat(nameOf("x <> 1")).isEqualTo("(x != 1)");
        assertThat(nameOf("x = 1 AND a = 2")).isEqualTo("((x = 1) AND (a = 2))");
        assertThat(nameOf("NOT x")).isEqualTo("(NOT x)");
        assertThat(nameOf("-x")).isEqualTo("-(x)");
        assertThat(nameOf("s || s")).isEqualTo("(s || s)");
        assertThat(nameOf("s LIKE 'a%'")).isEqualTo("(s ~~ 'a%')");
        assertThat(nameOf("s NOT LIKE 'a'")).isEqualTo("(s !~~ 'a')");
        assertThat(nameOf("x IS NULL")).isEqualTo("(x IS NULL)");
        assertThat(nameOf("x IS NOT NULL")).isEqualTo("(x IS NOT NULL)");
        assertThat(nameOf("x BETWEEN 1 AND 2")).isEqualTo("(x BETWEEN 1 AND 2)");
        assertThat(nameOf("x IN (1, 2)")).isEqualTo("(x IN (1, 2))");
        assertThat(nameOf("x IS DISTINCT FROM a")).isEqualTo("(x IS DISTINCT FROM a)");
    }

    @Test
    void castsLiteralsAndCase() {
        assertThat(nameOf("CAST(x AS INTEGER)")).isEqualTo("CAST(x AS INTEGER)");
        assertThat(nameOf("x::BIGINT")).isEqualTo("CAST(x AS BIGINT)");
        assertThat(nameOf("CAST(x AS DOUBLE)")).isEqualTo("CAST(x AS \"DOUBLE\")");
        assertThat(nameOf("1")).isEqualTo("1");
        assertThat(nameOf("2.5")).isEqualTo("2.5");
        assertThat(nameOf("-1")).isEqualTo("-1");
        assertThat(nameOf("'it''s'")).isEqualTo("'it''s'");
        assertThat(nameOf("$$abc$$")).isEqualTo("'abc'");
        assertThat(nameOf("NULL")).isEqualTo("NULL");
        assertThat(nameOf("TRUE")).isEqualTo("CAST('t' AS BOOLEAN)");
        assertThat(nameOf("DATE '2020-01-01'")).isEqualTo("CAST('2020-01-01' AS \"DATE\")");
        assertThat(nameOf("CASE WHEN x = 1 THEN 1 ELSE 2 END")).isEqualTo("CASE  WHEN ((x = 1)) THEN (1) ELSE 2 END");
        assertThat(nameOf("CASE x WHEN 1 THEN 2 END")).isEqualTo("CASE  WHEN ((x = 1)) THEN (2) ELSE NULL END");
        assertThat(nameOf("(SELECT 1)")).isEqualTo("(SELECT 1)");
    }

    @Test
    void columnsAndAliasesKeepTheirNames() {
        assertThat(nameOf("t.x")).isEqualTo("x");
        assertThat(nameOf("x + 1 AS y")).isEqualTo("y");
    }

    @Test
    void everySelectOfAStatementIsNamedAndNamingTwiceChangesNothing() {
        SqlNode statement = SqlParsing.parseStatement(
                "SELECT sum(n) FROM (SELECT count(*) FROM t) WHERE 1 IN (SELECT a + 1 FROM u)");
        ColumnNames.name(statement);
        ColumnNames.name(statement);

        String sql = statement.toString();
        assertThat(sql).contains("`sum(n)`", "`count_star()`", "`(a + 1)`");
        assertThat(List.of(sql.split("count_star\\(\\)", -1))).hasSize(2);
    }
}
