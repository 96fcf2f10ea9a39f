package dev.quiver.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.sql.StatementSplitter.Open;
import dev.quiver.engine.sql.StatementSplitter.Piece;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    private static List<String> texts(String script) {
        return StatementSplitter.split(script).stream().map(Piece::text).toList();
    }

    @Test
    void splitsAtSemicolonsAndKeepsEachStatementsOwnSemicolon() {
        assertThat(texts("SELECT 1; SELECT 2;")).containsExactly("SELECT 1;", " SELECT 2;");
        assertThat(texts("SELECT 1;\nSELECT 2")).containsExactly("SELECT 1;", "\nSELECT 2");
    }

    @Test
    void semicolonsInsideStringsIdentifiersAndCommentsDoNotSplit() {
        assertThat(texts("SELECT ';', 'it''s;' ; SELECT 2")).containsExactly("SELECT ';', 'it''s;' ;", " SELECT 2");
        assertThat(texts("SELECT 1 AS \"a;\"\"b\"; SELECT 2")).hasSize(2);
        assertThat(texts("SELECT 1 -- not here; nor here\n; SELECT 2")).hasSize(2);
        assertThat(texts("SELECT /* ; */ 1; SELECT 2")).containsExactly("SELECT /* ; */ 1;", " SELECT 2");
    }

    @Test
    void escapedStringsEndAtAnUnescapedQuote() {
        assertThat(texts("SELECT E'a\\';b'; SELECT 2")).containsExactly("SELECT E'a\\';b';", " SELECT 2");
        // a plain string ends at the first quote: a backslash is an ordinary character there
        assertThat(texts("SELECT 'a\\'; SELECT 2")).containsExactly("SELECT 'a\\';", " SELECT 2");
        // E as the end of a word is not a prefix
        assertThat(texts("SELECT some'a\\'; SELECT 2")).hasSize(2);
    }

    @Test
    void dollarBodiesHoldWholePythonFunctions() {
        String script = "CREATE FUNCTION f(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                + "def f(x):\n    y = x + 1; return y  # ';' -- /* '\n$$;\nSELECT f(1);";
        List<Piece> pieces = StatementSplitter.split(script);

        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(0).text()).endsWith("$$;");
        assertThat(pieces.get(1).text()).isEqualTo("\nSELECT f(1);");
        assertThat(pieces.get(1).line()).isEqualTo(4);
        assertThat(pieces.get(1).column()).isEqualTo(4);
    }

    @Test
    void aDollarInsideAWordBelongsToTheWord() {
        assertThat(texts("SELECT a$$b; SELECT 2")).hasSize(2);
        assertThat(StatementSplitter.openAt("SELECT a$$b")).isEqualTo(Open.NOTHING);
    }

    @Test
    void emptyStatementsAndCommentOnlyPiecesAreDropped() {
        assertThat(texts(";; SELECT 1;;  ;")).containsExactly(" SELECT 1;");
        assertThat(texts("SELECT 1; -- bye\n")).containsExactly("SELECT 1;");
        assertThat(texts("")).isEmpty();
        assertThat(texts("  /* only */ -- comments")).isEmpty();
    }

    @Test
    void piecesKnowWhereTheyStart() {
        List<Piece> pieces = StatementSplitter.split("SELECT 1;\n  SELECT 'x\ny'; SELECT 3");

        assertThat(pieces).extracting(Piece::line).containsExactly(1, 1, 3);
        assertThat(pieces).extracting(Piece::column).containsExactly(1, 10, 4);
        assertThat(pieces).extracting(Piece::offset).containsExactly(0, 9, 25);
    }

    @Test
    void unterminatedInputIsOpenAndRunsToTheEnd() {
        assertThat(StatementSplitter.openAt("SELECT 'abc; ")).isEqualTo(Open.STRING);
        assertThat(StatementSplitter.openAt("SELECT E'abc\\'")).isEqualTo(Open.STRING);
        assertThat(StatementSplitter.openAt("SELECT \"abc; ")).isEqualTo(Open.QUOTED_IDENTIFIER);
        assertThat(StatementSplitter.openAt("AS $$\ndef f(): ")).isEqualTo(Open.DOLLAR_BODY);
        assertThat(StatementSplitter.openAt("SELECT 1 /* ; ")).isEqualTo(Open.BLOCK_COMMENT);
        assertThat(StatementSplitter.openAt("SELECT 1 -- ; ")).isEqualTo(Open.NOTHING);
        assertThat(texts("SELECT 1; SELECT 'abc; SELECT 3")).containsExactly("SELECT 1;", " SELECT 'abc; SELECT 3");
        // an unterminated comment is kept, so the parser can say so
        assertThat(texts("SELECT 1; /* open")).containsExactly("SELECT 1;", " /* open");
    }

    @Test
    void aStatementIsCompleteWhenItsLastTokenIsASemicolonOutsideEverything() {
        assertThat(StatementSplitter.isComplete("SELECT 1;")).isTrue();
        assertThat(StatementSplitter.isComplete("SELECT 1;  -- done\n")).isTrue();
        assertThat(StatementSplitter.isComplete("SELECT 1; /* done */")).isTrue();
        assertThat(StatementSplitter.isComplete("SELECT 1")).isFalse();
        assertThat(StatementSplitter.isComplete("SELECT 1; SELECT")).isFalse();
        assertThat(StatementSplitter.isComplete("AS $$\nx = 1;")).isFalse();
        assertThat(StatementSplitter.isComplete("SELECT ';")).isFalse();
        assertThat(StatementSplitter.isComplete("")).isFalse();
        assertThat(StatementSplitter.isComplete("-- just a comment;")).isFalse();
    }

    @Test
    void doubleSlashOutsideStringsAndCommentsIsFound() {
        assertThat(StatementSplitter.scan("SELECT 7 // 2, 9 // 4").doubleSlashes())
                .containsExactly(9, 17);
        assertThat(StatementSplitter.scan("SELECT '//' -- //\n/* // */").doubleSlashes())
                .isEmpty();
        // an operator, not a comment: the ; after it ends the statement
        assertThat(StatementSplitter.split("SELECT 7 // 2; SELECT 1")).hasSize(2);
    }
}
