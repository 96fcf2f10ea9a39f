package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.parser.QuiverSqlParserImplConstants;
import dev.quiver.engine.sql.parser.QuiverSqlParserImplTokenManager;
import dev.quiver.engine.sql.parser.SimpleCharStream;
import dev.quiver.engine.sql.parser.Token;
import dev.quiver.engine.sql.parser.TokenMgrError;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names the statement kinds Quiver does not run (DuckDB does): when a statement fails to parse and
 * starts with such a kind's words ({@code PRAGMA}, {@code CREATE SEQUENCE} …),
 * the error says "PRAGMA statements are not supported yet" instead of the parser's message about the
 * token it stumbled on. Statements that parse are never affected; the kinds Calcite parses but
 * Quiver does not run (MERGE) are named by the statement executor.
 */
final class UnsupportedStatements {
    /** Statements named by their first word, with a hint where there is an obvious alternative. */
    private static final Map<String, String> FIRST_WORD = Map.ofEntries(
            Map.entry("MERGE", ""),
            Map.entry("PRAGMA", ""),
            Map.entry("VACUUM", ""),
            Map.entry("CHECKPOINT", ""),
            Map.entry("EXPORT", ""),
            Map.entry("IMPORT", ""),
            Map.entry("INSTALL", ""),
            Map.entry("LOAD", ""),
            Map.entry("USE", ""),
            Map.entry("ALTER", ""));
    /** Words between CREATE/DROP and the kind of object ({@code CREATE OR REPLACE AGGREGATE FUNCTION}). */
    private static final Set<String> MODIFIERS =
            Set.of("OR", "REPLACE", "TEMP", "TEMPORARY", "UNIQUE", "IF", "NOT", "EXISTS", "PERSISTENT", "AGGREGATE");
    /** The objects CREATE and DROP handle: TABLE, FUNCTION and VIEW; anything else is named. */
    private static final Set<String> SUPPORTED_OBJECTS = Set.of("TABLE", "FUNCTION", "VIEW");

    private static final int WORDS_LOOKED_AT = 8;

    private UnsupportedStatements() {}

    /**
     * The UNSUPPORTED error for the statement of {@code sql} that holds the parse failure at
     * {@code line}/{@code column}, or null when that statement is not of an unsupported kind.
     */
    static QuiverException at(String sql, int line, int column) {
        List<Token> statement = statementAt(sql, line, column);
        if (statement.isEmpty()) {
            return null;
        }
        String first = statement.getFirst().image.toUpperCase(Locale.ROOT);
        String name = null;
        String hint = "";
        boolean alterTable = first.equals("ALTER")
                && statement.size() > 1
                && statement.get(1).image.equalsIgnoreCase("TABLE");
        if (alterTable) {
            return null; // ALTER TABLE runs: a parse failure in it is a syntax error like any other
        }
        if (FIRST_WORD.containsKey(first)) {
            name = first.equals("ALTER") && statement.size() > 1
                    ? "ALTER " + statement.get(1).image.toUpperCase(Locale.ROOT)
                    : first;
            hint = FIRST_WORD.get(first);
        } else if (first.equals("CREATE") || first.equals("DROP")) {
            for (Token token : statement.subList(1, statement.size())) {
                String word = token.image.toUpperCase(Locale.ROOT);
                if (!MODIFIERS.contains(word)) {
                    if (!SUPPORTED_OBJECTS.contains(word) && Character.isLetter(word.charAt(0))) {
                        name = first + " " + word;
                        hint = "";
                    }
                    break;
                }
            }
        }
        if (name == null) {
            return null;
        }
        Token start = statement.getFirst();
        return new QuiverException(
                ErrorCode.UNSUPPORTED,
                name + " statements are not supported yet" + hint,
                start.beginLine,
                start.beginColumn,
                null);
    }

    /** The first words of the statement (between semicolons) that holds line/column. */
    private static List<Token> statementAt(String sql, int line, int column) {
        var tokens = new QuiverSqlParserImplTokenManager(new SimpleCharStream(new StringReader(sql)));
        List<Token> statement = new ArrayList<>();
        try {
            for (Token token = tokens.getNextToken();
                    token.kind != QuiverSqlParserImplConstants.EOF;
                    token = tokens.getNextToken()) {
                boolean past = token.beginLine > line || (token.beginLine == line && token.beginColumn > column);
                if (token.kind == QuiverSqlParserImplConstants.SEMICOLON) {
                    if (past) {
                        break; // the end of the failing statement
                    }
                    statement.clear();
                } else if (statement.size() < WORDS_LOOKED_AT) {
                    statement.add(token); // words after the failure too: CREATE OR REPLACE TEMP | VIEW
                } else if (past) {
                    break;
                }
            }
        } catch (TokenMgrError e) {
            return List.of(); // the parser's own message says what is wrong with the text
        }
        return statement;
    }
}
