package dev.quiver.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.ddl.SqlCreateFunction;
import dev.quiver.engine.sql.ddl.SqlCreateTable;
import dev.quiver.engine.sql.ddl.SqlDropTable;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

class SqlParsingTest {

    @Test
    void identifiersKeepTheirCaseQuotedOrNot() {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement("SELECT Abc, \"MiXed\", \"a\"\"b\" FROM My_Table");

        assertThat(select.getSelectList())
                .extracting(node -> ((SqlIdentifier) node).getSimple())
                .containsExactly("Abc", "MiXed", "a\"b");
        assertThat(((SqlIdentifier) select.getFrom()).getSimple()).isEqualTo("My_Table");
    }

    @Test
    void bangEqualLimitOffsetAndSelectWithoutFromAreAccepted() {
        SqlOrderBy query = (SqlOrderBy) SqlParsing.parseStatement("SELECT * FROM t WHERE a != 1 LIMIT 10 OFFSET 5");

        assertThat(((SqlNumericLiteral) query.fetch).intValue(true)).isEqualTo(10);
        assertThat(((SqlNumericLiteral) query.offset).intValue(true)).isEqualTo(5);
        assertThat(((SqlSelect) query.query).getWhere().getKind()).isEqualTo(SqlKind.NOT_EQUALS);

        SqlSelect noFrom = (SqlSelect) SqlParsing.parseStatement("select 1");
        assertThat(noFrom.getFrom()).isNull();
    }

    @Test
    void scriptSplitsIntoStatementsAtSemicolons() {
        List<SqlNode> statements = SqlParsing.parseScript("""
                CREATE TABLE t (a INTEGER);
                -- a comment; with a semicolon
                INSERT INTO t VALUES (1), (2);
                SELECT ';' AS semicolon, $$;$$ AS dollar FROM t; /* ; */
                DROP TABLE t;
                """);

        assertThat(statements)
                .extracting(SqlNode::getKind)
                .containsExactly(SqlKind.CREATE_TABLE, SqlKind.INSERT, SqlKind.SELECT, SqlKind.DROP_TABLE);
        assertThat(statements.get(0)).isInstanceOf(SqlCreateTable.class);
        assertThat(statements.get(3)).isInstanceOf(SqlDropTable.class);
        // Positions are in the script, not in the statement.
        assertThat(statements.get(2).getParserPosition().getLineNum()).isEqualTo(4);
    }

    @Test
    void scriptMayEndWithoutSemicolonAndMayBeEmpty() {
        assertThat(SqlParsing.parseScript("select 1; select 2")).hasSize(2);
        assertThat(SqlParsing.parseScript("")).isEmpty();
        assertThat(SqlParsing.parseScript("  -- nothing but a comment\n")).isEmpty();
    }

    @Test
    void errorsInALaterStatementArePlacedInTheWholeScript() {
        QuiverException error = org.assertj.core.api.Assertions.catchThrowableOfType(
                QuiverException.class, () -> SqlParsing.parseScript("SELECT 1;\n\tSELECT 2; SELECT 3 +;"));

        assertThat(error.getMessage()).contains("\"+\"");
        assertThat(error.line()).isEqualTo(2);
        assertThat(error.column()).isEqualTo(21);
    }

    @Test
    void parseStatementAcceptsOneTrailingSemicolon() {
        assertThat(SqlParsing.parseStatement("select 1;")).isInstanceOf(SqlSelect.class);
    }

    @Test
    void functionBodyMayContainSemicolonsWithoutSplittingTheScript() {
        List<SqlNode> statements = SqlParsing.parseScript("""
                CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$
                y = x; return y
                $$;
                SELECT f(1);
                """);

        assertThat(statements).hasSize(2);
        assertThat(((SqlCreateFunction) statements.get(0)).body()).isEqualTo("\ny = x; return y\n");
    }

    @Test
    void joinsAndSubqueriesParse() {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement("""
                SELECT c.name, sum(o.total) AS total
                FROM customer c
                JOIN orders o ON c.id = o.customer_id
                LEFT OUTER JOIN nation n USING (nation_id)
                WHERE o.total > (SELECT avg(total) FROM orders)
                  AND c.id IN (SELECT customer_id FROM vip)
                  AND NOT EXISTS (SELECT 1 FROM blocked b WHERE b.id = c.id)
                GROUP BY c.name
                HAVING count(*) > 1
                """);

        assertThat(select.getFrom()).isInstanceOf(SqlJoin.class);
        assertThat(select.getGroup()).hasSize(1);
        assertThat(select.getHaving()).isNotNull();
    }

    @Test
    void insertValuesAndInsertSelectParse() {
        SqlInsert values = (SqlInsert) SqlParsing.parseStatement("INSERT INTO t VALUES (1, 'a'), (2, NULL)");
        SqlInsert select = (SqlInsert) SqlParsing.parseStatement("INSERT INTO t (a, b) SELECT x, y FROM u");

        assertThat(values.getSource().getKind()).isEqualTo(SqlKind.VALUES);
        assertThat(select.getSource()).isInstanceOf(SqlSelect.class);
        assertThat(select.getTargetColumnList()).hasSize(2);
    }

    @Test
    void rangeIsATableFunctionNameAndStillAWindowFrameKeyword() {
        assertThat(SqlParsing.parseStatement("SELECT * FROM range(10)").getKind())
                .isEqualTo(SqlKind.SELECT);
        assertThat(SqlParsing.parseStatement("SELECT * FROM range(1, 10, 2) AS r(x)")
                        .getKind())
                .isEqualTo(SqlKind.SELECT);
        assertThat(SqlParsing.parseStatement(
                                "SELECT sum(x) OVER (ORDER BY x RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t")
                        .getKind())
                .isEqualTo(SqlKind.SELECT);
    }

    @Test
    void callParses() {
        SqlBasicCall call = (SqlBasicCall) SqlParsing.parseStatement("CALL tpch(0.01)");

        assertThat(call.getKind()).isEqualTo(SqlKind.PROCEDURE_CALL);
        SqlBasicCall tpch = call.operand(0);
        assertThat(tpch.getOperator().getName()).isEqualTo("tpch");
        assertThat(tpch.getOperandList()).singleElement().hasToString("0.01");
    }

    @Test
    void explainParsesInDuckDbAndCalciteForms() {
        SqlExplain duckDb = (SqlExplain) SqlParsing.parseStatement("EXPLAIN SELECT * FROM t");
        SqlExplain calcite = (SqlExplain) SqlParsing.parseStatement("EXPLAIN PLAN FOR SELECT * FROM t");
        SqlExplain ofInsert = (SqlExplain) SqlParsing.parseStatement("EXPLAIN INSERT INTO t VALUES (1)");

        assertThat(duckDb.getExplicandum()).isInstanceOf(SqlSelect.class);
        assertThat(duckDb.getDetailLevel()).isEqualTo(calcite.getDetailLevel());
        assertThat(duckDb.getDepth()).isEqualTo(calcite.getDepth());
        assertThat(duckDb.getFormat()).isEqualTo(calcite.getFormat());
        assertThat(ofInsert.getExplicandum()).isInstanceOf(SqlInsert.class);
    }

    @Test
    void dollarQuotedStringIsALiteralAnywhere() {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement("SELECT $$it's \"here\"$$, $$$$");

        assertThat(select.getSelectList())
                .extracting(node -> ((SqlCharStringLiteral) node).getValueAs(String.class))
                .containsExactly("it's \"here\"", "");
    }

    @Test
    void newKeywordsStayUsableAsNames() {
        SqlSelect select = (SqlSelect) SqlParsing.parseStatement(
                "SELECT kind, handler, strict, stable, volatile, immutable, raise, vectorized, tables, functions,"
                        + " if(x, 1, 2) FROM text");

        assertThat(select.getSelectList()).hasSize(11);
        assertThat(((SqlIdentifier) select.getFrom()).getSimple()).isEqualTo("text");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(SqlParsing.parseStatement("cReAtE tAbLe T (A iNt NoT nUlL)")).isInstanceOf(SqlCreateTable.class);
    }
}
