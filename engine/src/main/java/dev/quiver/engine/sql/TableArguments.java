package dev.quiver.engine.sql;

import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Spark's spelling of a table function's table argument, {@code f(TABLE(events) PARTITION BY k)} and
 * {@code f(TABLE(SELECT ...))}, which Calcite's grammar reads as {@code TABLE events} and {@code
 * (SELECT ...)}: before parsing, {@link #unwrap} blanks the parentheses around a table name and the
 * word TABLE in front of a parenthesized query, so every position in the text stays where it was.
 * {@code TABLE(f(x))} (a table function call) and {@code RETURNS TABLE (a INT)} are left alone.
 */
public final class TableArguments {
    private static final Set<String> QUERY_WORDS = Set.of("select", "with", "values");

    private TableArguments() {}

    /** Whether a validated statement passes a table argument ({@code TABLE t [PARTITION BY ...]}) anywhere. */
    public static boolean present(SqlNode statement) {
        boolean[] found = {false};
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.SET_SEMANTICS_TABLE) {
                    found[0] = true;
                    return null;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    /** The text with each {@code TABLE(name)} and {@code TABLE(SELECT ...)} rewritten; the same text when none. */
    public static String unwrap(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("table")) {
            return sql;
        }
        return LateralTableFunctions.editWords(sql, (text, start, end) -> {
            if (!new String(text, start, end - start).equalsIgnoreCase("table")) {
                return;
            }
            int open = LateralTableFunctions.skipBlanks(text, end);
            if (open >= text.length || text[open] != '(') {
                return;
            }
            int word = LateralTableFunctions.skipBlanks(text, open + 1);
            if (word >= text.length || !(Character.isLetter(text[word]) || text[word] == '_')) {
                return;
            }
            int wordEnd = LateralTableFunctions.wordEnd(text, word);
            if (QUERY_WORDS.contains(new String(text, word, wordEnd - word).toLowerCase(Locale.ROOT))) {
                for (int blank = start; blank < end; blank++) {
                    text[blank] = ' '; // TABLE(SELECT ...) -> (SELECT ...)
                }
                return;
            }
            int nameEnd = wordEnd;
            while (nameEnd < text.length && text[nameEnd] == '.') {
                nameEnd = LateralTableFunctions.wordEnd(text, nameEnd + 1);
            }
            int close = LateralTableFunctions.skipBlanks(text, nameEnd);
            if (close < text.length && text[close] == ')') {
                text[open] = ' '; // TABLE(events) -> TABLE events
                text[close] = ' ';
            }
        });
    }
}
