package dev.quiver.engine.sql;

import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * DuckDB's and PostgreSQL's lateral table function calls, which Calcite's grammar spells only as
 * {@code LATERAL TABLE(f(t.x))}: {@code LATERAL f(t.x)} and the implicit {@code FROM t, f(t.x)}.
 *
 * <p>Two steps. Before parsing, {@link #blankLateralCalls} turns the word LATERAL in front of a
 * function call into blanks (so every position in the text stays where it was), leaving a plain
 * table function call, which Calcite's grammar reads. After parsing, {@link #rewrite} marks every
 * table function call on the right side of a join whose arguments name a column as LATERAL, which
 * is what lets those arguments refer to the left side.
 */
public final class LateralTableFunctions {
    /** Words after LATERAL that Calcite's grammar handles itself. */
    private static final Set<String> GRAMMAR_WORDS = Set.of("table", "unnest", "select", "values", "with");

    private LateralTableFunctions() {}

    /**
     * The text with each {@code LATERAL name(} (outside literals, quoted names and comments) turned
     * into {@code        name(}, and DuckDB's {@code :=} of named arguments into Calcite's
     * {@code =>}; the same text when there is neither.
     */
    public static String blankLateralCalls(String sql) {
        if (!sql.toLowerCase(Locale.ROOT).contains("lateral") && !sql.contains(":=")) {
            return sql;
        }
        return editWords(sql, (text, start, end) -> {
            if (new String(text, start, end - start).equalsIgnoreCase("lateral") && beforeCall(text, end)) {
                for (int blank = start; blank < end; blank++) {
                    text[blank] = ' ';
                }
            }
        });
    }

    /** Edits the text in place at one word (its characters {@code [start, end)}) of the SQL text. */
    interface WordEdit {
        void at(char[] text, int start, int end);
    }

    /**
     * The text after {@code edit} saw each word outside literals, quoted names, {@code $$} bodies
     * and comments, in order; an edit must keep the length (blanks stand for what it removes).
     */
    static String editWords(String sql, WordEdit edit) {
        char[] text = sql.toCharArray();
        int length = text.length;
        int index = 0;
        while (index < length) {
            char current = text[index];
            if (current == '\'' || current == '"') {
                index = skipQuoted(text, index, current);
            } else if (current == '$' && index + 1 < length && text[index + 1] == '$') {
                int end = sql.indexOf("$$", index + 2);
                index = end < 0 ? length : end + 2;
            } else if (current == '-' && index + 1 < length && text[index + 1] == '-') {
                while (index < length && text[index] != '\n') {
                    index++;
                }
            } else if (current == '/' && index + 1 < length && text[index + 1] == '*') {
                int end = sql.indexOf("*/", index + 2);
                index = end < 0 ? length : end + 2;
            } else if (current == ':' && index + 1 < length && text[index + 1] == '=') {
                // DuckDB's named argument name := value is Calcite's name => value (same length)
                text[index] = '=';
                text[index + 1] = '>';
                index += 2;
            } else if (Character.isLetter(current) || current == '_') {
                int end = wordEnd(text, index);
                edit.at(text, index, end);
                index = end;
            } else {
                index++;
            }
        }
        return new String(text);
    }

    /** Whether a (possibly qualified) function name other than a grammar word, then "(", follows. */
    private static boolean beforeCall(char[] text, int from) {
        int index = skipBlanks(text, from);
        if (index >= text.length || !(Character.isLetter(text[index]) || text[index] == '_')) {
            return false;
        }
        int end = wordEnd(text, index);
        if (GRAMMAR_WORDS.contains(new String(text, index, end - index).toLowerCase(Locale.ROOT))) {
            return false;
        }
        while (end < text.length && text[end] == '.') {
            end = wordEnd(text, end + 1);
        }
        index = skipBlanks(text, end);
        return index < text.length && text[index] == '(';
    }

    static int wordEnd(char[] text, int from) {
        int index = from;
        while (index < text.length && (Character.isLetterOrDigit(text[index]) || text[index] == '_')) {
            index++;
        }
        return index;
    }

    static int skipBlanks(char[] text, int from) {
        int index = from;
        while (index < text.length && Character.isWhitespace(text[index])) {
            index++;
        }
        return index;
    }

    /** The index after a quoted string or name starting at {@code start} (a doubled quote escapes). */
    private static int skipQuoted(char[] text, int start, char quote) {
        int index = start + 1;
        while (index < text.length) {
            if (text[index] == quote) {
                if (index + 1 < text.length && text[index + 1] == quote) {
                    index += 2;
                    continue;
                }
                return index + 1;
            }
            index++;
        }
        return index;
    }

    /** Wraps correlated table function calls on the right side of joins in LATERAL, in place. */
    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlJoin join) {
                    join.setRight(lateral(join.getRight()));
                }
                return super.visit(call);
            }
        });
    }

    /** {@code f(t.x) [AS alias]} as {@code LATERAL f(t.x) [AS alias]}; anything else unchanged. */
    private static SqlNode lateral(SqlNode side) {
        if (side.getKind() == SqlKind.COLLECTION_TABLE && namesColumn(side)) {
            return SqlStdOperatorTable.LATERAL.createCall(side.getParserPosition(), side);
        }
        if (side instanceof SqlBasicCall as
                && as.getKind() == SqlKind.AS
                && as.operand(0).getKind() == SqlKind.COLLECTION_TABLE
                && namesColumn(as.operand(0))) {
            SqlNode function = as.operand(0); // a SqlNode, not an inferred SqlNodeList: createCall is overloaded
            as.setOperand(0, SqlStdOperatorTable.LATERAL.createCall(side.getParserPosition(), function));
        }
        return side;
    }

    /** Whether an identifier (a column reference) appears among the call's arguments. */
    private static boolean namesColumn(SqlNode call) {
        boolean[] found = {false};
        call.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier identifier) {
                found[0] = true;
                return null; // the function's own name is not an operand: this is an argument's
            }
        });
        return found[0];
    }
}
