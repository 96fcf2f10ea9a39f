package dev.quiver.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.junit.jupiter.api.Test;

/** Every syntax error is a one-line SYNTAX_ERROR at the right line and column. */
class SyntaxErrorTest {

    @Test
    void misplacedWordIsReportedWhereItStands() {
        QuiverException error = syntaxError("SELECT a b c FROM t");

        assertThat(error.getMessage()).isEqualTo("Syntax error at or near \"c\"");
        assertPosition(error, 1, 12);
    }

    @Test
    void positionCountsLinesAndColumnsOfTheWholeScript() {
        QuiverException error = syntaxError("SELECT 1;\nSELECT 2;\n  SELECT count(* FROM t");

        assertThat(error.getMessage()).isEqualTo("Syntax error at or near \"FROM\"; expected \")\"");
        assertPosition(error, 3, 18);
    }

    @Test
    void shortListOfExpectedTokensIsNamed() {
        assertThat(syntaxError("SELECT * FROM t ORDER x").getMessage())
                .isEqualTo("Syntax error at or near \"x\"; expected BY");
        assertThat(syntaxError("DROP TABLE").getMessage())
                .isEqualTo("Syntax error at end of input; expected an identifier");
        assertThat(syntaxError("CREATE TABLE t a INT").getMessage())
                .isEqualTo("Syntax error at or near \"a\"; expected \"(\" or AS");
    }

    @Test
    void messageIsOneLineWithoutCalcitesListOfExpectedTokens() {
        QuiverException error = syntaxError("SELECT * FROM t WHERE");

        assertThat(error.getMessage()).isEqualTo("Syntax error at end of input").doesNotContain("\n");
        assertThat(error.describe()).isEqualTo("Syntax error at end of input (line 1, column 21)");
    }

    @Test
    void misspelledStatementKeyword() {
        QuiverException error = syntaxError("SELEC 1");

        assertThat(error.getMessage()).isEqualTo(
                "Syntax error: an expression stands where a query or statement is expected");
        assertPosition(error, 1, 1);
    }

    @Test
    void unterminatedStringIsReportedAtItsOpeningQuote() {
        QuiverException error = syntaxError("SELECT 1;\nSELECT 'abc FROM t");

        assertThat(error.getMessage()).isEqualTo("Syntax error: unterminated string");
        assertPosition(error, 2, 8);
    }

    @Test
    void unterminatedQuotedIdentifier() {
        QuiverException error = syntaxError("SELECT \"abc FROM t");

        assertThat(error.getMessage()).isEqualTo("Syntax error: unterminated or empty quoted identifier");
        assertPosition(error, 1, 8);
    }

    @Test
    void unterminatedDollarString() {
        QuiverException error = syntaxError(
                "CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE PYTHON AS $$\nreturn x\n");

        assertThat(error.getMessage()).isEqualTo("Syntax error: unterminated $$ string (it ends at the next $$)");
        assertPosition(error, 1, 57);
    }

    @Test
    void unterminatedComment() {
        QuiverException error = syntaxError("SELECT 1 /* no end");

        assertThat(error.getMessage()).isEqualTo("Syntax error: unterminated /* comment");
        assertThat(error.line()).isEqualTo(1);
    }

    @Test
    void characterOutsideTheLanguage() {
        QuiverException error = syntaxError("SELECT 1 # 2");

        assertThat(error.getMessage()).isEqualTo("Syntax error: unexpected character '#'");
        assertPosition(error, 1, 10);
    }

    @Test
    void missingReturnsInCreateFunction() {
        QuiverException error = syntaxError("CREATE FUNCTION f(x INT)\n  LANGUAGE PYTHON AS 'return x'");

        assertThat(error.getMessage()).isEqualTo("Syntax error at or near \"LANGUAGE\"; expected RETURNS");
        assertPosition(error, 2, 3);
    }

    @Test
    void missingLanguageOrBodyIsReportedAfterTheStatement() {
        QuiverException noLanguage = syntaxError("CREATE FUNCTION f() RETURNS INT AS 'return 1'; SELECT 1");
        QuiverException noBody = syntaxError("CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON;");

        assertThat(noLanguage.getMessage()).isEqualTo("Syntax error: CREATE FUNCTION needs LANGUAGE PYTHON");
        assertPosition(noLanguage, 1, 46);
        assertThat(noBody.getMessage()).isEqualTo(
                "Syntax error: CREATE FUNCTION needs AS followed by the Python source as a string");
        assertPosition(noBody, 1, 48);
    }

    @Test
    void unknownFunctionOptionIsNamed() {
        QuiverException error = syntaxError("CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON\n  DETERMINISTIC_ish AS 'x'");

        assertThat(error.getMessage()).startsWith(
                "Syntax error: unknown CREATE FUNCTION option 'DETERMINISTIC_ish'; expected LANGUAGE, AS,");
        assertPosition(error, 2, 3);
    }

    @Test
    void unknownOrInvalidWithOption() {
        QuiverException unknown = syntaxError(
                "CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON WITH (handler = 'g', colour = 'red') AS 'x'");
        QuiverException badKind = syntaxError(
                "CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON WITH (kind = 'rowwise') AS 'x'");
        QuiverException badOnError = syntaxError(
                "CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON WITH (on_error = 'ignore') AS 'x'");

        assertThat(unknown.getMessage()).isEqualTo(
                "Syntax error: unknown option 'colour' in WITH (...); expected handler, kind or on_error");
        assertPosition(unknown, 1, 70);
        assertThat(badKind.getMessage()).isEqualTo(
                "Syntax error: invalid value 'rowwise' for option kind; expected 'scalar' or 'vectorized'");
        assertPosition(badKind, 1, 55);
        assertThat(badOnError.getMessage()).isEqualTo(
                "Syntax error: invalid value 'ignore' for option on_error; expected 'raise' or 'null'");
    }

    @Test
    void unsupportedLanguage() {
        QuiverException error = syntaxError("CREATE FUNCTION f() RETURNS INT LANGUAGE plpgsql AS 'x'");

        assertThat(error.getMessage()).isEqualTo(
                "Syntax error: unsupported language 'plpgsql'; Quiver functions are LANGUAGE PYTHON");
        assertPosition(error, 1, 42);
    }

    @Test
    void repeatedOrConflictingFunctionClauses() {
        QuiverException volatility = syntaxError(
                "CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON IMMUTABLE AS 'x' VOLATILE");
        QuiverException strictness = syntaxError(
                "CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON STRICT CALLED ON NULL INPUT AS 'x'");
        QuiverException handler = syntaxError(
                "CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON HANDLER 'g' WITH (handler = 'h') AS 'x'");
        QuiverException body = syntaxError("CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON AS 'x' AS 'y'");
        QuiverException language = syntaxError("CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON LANGUAGE PYTHON AS 'x'");

        assertThat(volatility.getMessage())
                .isEqualTo("Syntax error: conflicting or repeated volatility (IMMUTABLE, STABLE, VOLATILE)");
        assertPosition(volatility, 1, 66);
        assertThat(strictness.getMessage()).startsWith("Syntax error: conflicting or repeated NULL handling");
        assertPosition(strictness, 1, 56);
        assertThat(handler.getMessage()).isEqualTo("Syntax error: conflicting or repeated HANDLER");
        assertThat(body.getMessage()).isEqualTo("Syntax error: conflicting or repeated AS clause");
        assertThat(language.getMessage()).isEqualTo("Syntax error: conflicting or repeated LANGUAGE");
    }

    @Test
    void orReplaceWithIfNotExists() {
        QuiverException table = syntaxError("CREATE OR REPLACE TABLE IF NOT EXISTS t (a INT)");
        QuiverException function = syntaxError(
                "CREATE OR REPLACE FUNCTION IF NOT EXISTS f() RETURNS INT LANGUAGE PYTHON AS 'x'");

        assertThat(table.getMessage())
                .isEqualTo("Syntax error: OR REPLACE and IF NOT EXISTS cannot be used together");
        assertPosition(table, 1, 1);
        assertThat(function.getMessage()).isEqualTo(table.getMessage());
    }

    @Test
    void createTableNeedsColumnsOrQuery() {
        assertThat(syntaxError("CREATE TABLE t").getMessage())
                .isEqualTo("Syntax error at end of input; expected \"(\" or AS");
        assertThat(syntaxError("CREATE TABLE t ()").code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThat(syntaxError("CREATE TABLE t (a INT) AS SELECT 1").code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    }

    @Test
    void parseStatementRejectsTwoStatements() {
        QuiverException error = catchThrowableOfType(QuiverException.class,
                () -> SqlParsing.parseStatement("SELECT 1; SELECT 2"));

        assertThat(error.getMessage()).isEqualTo("Syntax error: expected one statement, found 2");
        assertPosition(error, 1, 11);
    }

    private static QuiverException syntaxError(String sql) {
        QuiverException error = catchThrowableOfType(QuiverException.class, () -> SqlParsing.parseScript(sql));
        assertThat(error).as("parse error for: %s", sql).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThat(error.getMessage()).doesNotContain("\n", "Was expecting", "Exception");
        return error;
    }

    private static void assertPosition(QuiverException error, int line, int column) {
        assertThat(error.line()).as("line of: %s", error.getMessage()).isEqualTo(line);
        assertThat(error.column()).as("column of: %s", error.getMessage()).isEqualTo(column);
    }

    @Test
    void doubleSlashIsRefusedNotReadAsAComment() {
        QuiverException error = catchThrowableOfType(QuiverException.class,
                () -> SqlParsing.parseStatement("SELECT 1,\n  10 // i FROM t"));
        assertThat(error.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThat(error.line()).isEqualTo(2);
        assertThat(error.column()).isEqualTo(6);
        assertThat(SqlParsing.parseScript(
                "SELECT '//' AS a, \"x//y\" FROM t -- a // comment\n/* // */; SELECT $$ // $$")).hasSize(2);
    }
}
