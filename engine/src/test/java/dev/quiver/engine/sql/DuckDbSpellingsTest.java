package dev.quiver.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.function.DuckDbOperators;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlStarExclude;
import org.apache.calcite.sql.SqlStarReplace;
import org.junit.jupiter.api.Test;

/** DuckDB's spellings that reach the grammar rewritten: FROM-first, // , * EXCLUDE / REPLACE, trailing commas. */
class DuckDbSpellingsTest {

    @Test
    void fromFirstQueriesBecomeSelectFirst() {
        assertThat(DuckDbClauses.fromFirst("FROM t SELECT a WHERE a > 1")).isEqualTo("SELECT a FROM t WHERE a > 1");
        assertThat(DuckDbClauses.fromFirst("FROM t")).isEqualTo("SELECT * FROM t");
        assertThat(DuckDbClauses.fromFirst("SELECT * FROM (FROM t SELECT b) AS x"))
                .isEqualTo("SELECT * FROM (SELECT b FROM t ) AS x");
        // TRIM(FROM s) and ordinary queries stay as they are
        assertThat(DuckDbClauses.fromFirst("SELECT trim(FROM s) FROM t")).isEqualTo("SELECT trim(FROM s) FROM t");
    }

    @Test
    void duckDbDateFunctionNamesAvoidCalcitesKeywords() {
        assertThat(DuckDbClauses.keywordFunctionNames("SELECT date_diff('day', a, b), DATE_SUB('month', a, b)"))
                .isEqualTo("SELECT datediff ('day', a, b), datesub ('month', a, b)");
        assertThat(DuckDbClauses.keywordFunctionNames("SELECT timezone_hour(ts) FROM t"))
                .isEqualTo("SELECT \"timezone_hour\"(ts) FROM t");
        // a column or a qualified name of the same spelling stays
        assertThat(DuckDbClauses.keywordFunctionNames("SELECT date_diff, t.date_sub(x) FROM t"))
                .isEqualTo("SELECT date_diff, t.date_sub(x) FROM t");
    }

    @Test
    void integerDivisionIsNoComment() {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement("SELECT 7 // 2, 1");

        assertThat(select.getSelectList()).hasSize(2);
        assertThat(((SqlBasicCall) select.getSelectList().get(0)).getOperator())
                .isSameAs(DuckDbOperators.INTEGER_DIVIDE);
    }

    @Test
    void misplacedIntegerDivisionIsReportedAsWritten() {
        assertThatThrownBy(() -> SqlParsing.parseStatement("SELECT // 2"))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("Syntax error at or near \"//\"")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.SYNTAX_ERROR);
    }

    @Test
    void starExcludeAndReplaceBecomeCalcitesItems() {
        SqlSelect exclude = (SqlSelect) SqlParsing.parseStatement("SELECT * EXCLUDE (a, b) FROM t");
        SqlSelect replace = (SqlSelect) SqlParsing.parseStatement("SELECT t.* REPLACE (CAST(a AS INT) AS a) FROM t");

        SqlNode excluded = exclude.getSelectList().getFirst();
        assertThat(excluded).isInstanceOf(SqlStarExclude.class);
        assertThat(((SqlStarExclude) excluded).getExcludeList()).hasSize(2);
        SqlNode replaced = replace.getSelectList().getFirst();
        assertThat(replaced).isInstanceOf(SqlStarReplace.class);
        assertThat(((SqlStarReplace) replaced).getReplaceList()).hasSize(1);
    }

    @Test
    void replaceWithoutAsIsASyntaxError() {
        assertThatThrownBy(() -> SqlParsing.parseStatement("SELECT * REPLACE (a) FROM t"))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("REPLACE takes a list of expression AS column");
    }

    @Test
    void aReplaceCallAfterAStarItemStaysACall() {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement("SELECT *, replace(b, 'x', 'y') FROM t");

        assertThat(select.getSelectList()).hasSize(2);
    }

    @Test
    void aTrailingCommaEndsTheSelectList() {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement("SELECT a, b, FROM t");

        assertThat(select.getSelectList()).hasSize(2);
    }
}
