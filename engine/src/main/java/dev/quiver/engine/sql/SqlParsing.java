package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.parser.ParseException;
import dev.quiver.engine.sql.parser.QuiverSqlParserImpl;
import dev.quiver.engine.sql.parser.QuiverSqlParserImplConstants;
import dev.quiver.engine.sql.parser.QuiverSqlParserImplTokenManager;
import dev.quiver.engine.sql.parser.SimpleCharStream;
import dev.quiver.engine.sql.parser.Token;
import dev.quiver.engine.sql.parser.TokenMgrError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.dialect.AnsiSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * The one way into Quiver's SQL parser: text in, Calcite parse trees out, syntax errors as
 * {@link QuiverException}s with {@link ErrorCode#SYNTAX_ERROR}, a one-line message and the line and
 * column where the error is.
 *
 * <p>Lexical rules ({@link #CONFIG}), chosen to read like DuckDB and PostgreSQL:
 * <ul>
 *   <li>{@code "double quotes"} quote identifiers, which keep their case; {@code 'single quotes'}
 *       quote strings ({@code ''} is a quote), as do {@code $$dollars$$};
 *   <li>identifiers keep their case, quoted or not, and names match case-insensitively (as DuckDB);
 *   <li>conformance {@link SqlConformanceEnum#LENIENT}: {@code LIMIT n OFFSET m}, {@code !=},
 *       {@code SELECT 1} without FROM, GROUP BY aliases and ordinals, {@code %}.
 * </ul>
 * Thread-safe: every call makes its own parser.
 */
public final class SqlParsing {
    static {
        CalciteDefaults.install(); // before any Calcite class reads its defaults
    }

    /** The conformance the parser uses; the validator should use the same. */
    public static final SqlConformance CONFORMANCE = SqlConformanceEnum.LENIENT;

    /** Quiver's parser configuration: its own grammar with the lexical rules above. */
    public static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(QuiverSqlParserImpl.FACTORY)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(false)
            .withConformance(CONFORMANCE);

    /** Unparses parse trees ({@code SqlNode.toSqlString}) into SQL that this parser reads back as they were. */
    public static final SqlDialect DIALECT = new AnsiSqlDialect(AnsiSqlDialect.DEFAULT_CONTEXT
            .withIdentifierQuoteString("\"")
            .withIdentifierEscapedQuoteString("\"\"")
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(false));

    /** How {@link #markIntegerDivisions} writes {@code //} for the lexer (token INTEGER_DIVIDE). */
    private static final String INTEGER_DIVIDE_MARK = "~/";

    /** The expected tokens are listed only when there are this few; longer lists do not help. */
    private static final int MAX_EXPECTED_SHOWN = 3;

    private static final Pattern AT_LINE_COLUMN = Pattern.compile("\\s*at line \\d+, column \\d+\\.?");
    private static final Pattern LEXICAL_CHARACTER =
            Pattern.compile("Lexical error .*Encountered: \"(?:.*)\" \\((\\d+)\\), after : .*");

    /** FUNCTION followed by a name and "(": where a reserved name makes CREATE FUNCTION fail. */
    private static final Pattern RESERVED_FUNCTION_NAME =
            Pattern.compile("(?i)FUNCTION\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

    private SqlParsing() {}

    /**
     * Parses a script of statements separated by semicolons (a trailing one is optional); a script of
     * nothing but blanks and comments has no statements. {@link StatementSplitter} finds where each
     * statement ends; each is parsed on its own, all before any runs. Positions are in the whole script.
     */
    public static List<SqlNode> parseScript(String sql) {
        StatementSplitter.Scan scan = StatementSplitter.scan(sql);
        String lexable = markIntegerDivisions(sql, scan.doubleSlashes());
        List<SqlNode> statements = new ArrayList<>();
        for (StatementSplitter.Piece piece : scan.pieces()) {
            String text = lexable.substring(
                    piece.offset(), piece.offset() + piece.text().length());
            statements.addAll(
                    parsePiece(sql, new StatementSplitter.Piece(text, piece.offset(), piece.line(), piece.column())));
        }
        return statements;
    }

    /** Parses one piece of {@code script} (with its own semicolon), its positions those in the script. */
    private static List<SqlNode> parsePiece(String script, StatementSplitter.Piece piece) {
        SqlNode prepared = PreparedCommands.recognize(piece.text(), piece.line(), piece.column());
        if (prepared != null) {
            return List.of(prepared); // PREPARE, EXECUTE, DEALLOCATE: not Calcite's grammar
        }
        SqlNode macro = MacroCommands.recognize(piece.text(), piece.line(), piece.column());
        if (macro != null) {
            return List.of(macro); // CREATE MACRO, DROP MACRO: their bodies stay text
        }
        try {
            // LATERAL f(x), f(TABLE(t)) and GROUP BY / ORDER BY ALL: Calcite reads them once rewritten in
            // place (LateralTableFunctions, TableArguments, DuckDbClauses)
            // USING SAMPLE, TABLESAMPLE and LIMIT p%: first, so that their errors point at the text as written
            String sampled = SampleClauses.rewrite(
                    LateralTableFunctions.blankLateralCalls(piece.text()), piece.line(), piece.column());
            String text = TableArguments.unwrap(
                    GroupsFrames.rewrite(DuckDbClauses.rewrite(AsofJoins.rewrite(PositionalJoins.rewrite(sampled)))));
            List<SqlNode> statements = SqlParser.create(text, configAt(piece.line(), piece.column()))
                    .parseStmtList()
                    .getList();
            if (StarModifiers.isMarked(text)) {
                statements.forEach(StarModifiers::attach); // SELECT * EXCLUDE / REPLACE, marked by DuckDbClauses
            }
            if (text.contains("\"*positional\"")) {
                statements.forEach(PositionalJoins::attach);
            }
            if (text.contains("\"*asof\"")) {
                statements.forEach(AsofJoins::attach);
            }
            if (text.contains(SampleClauses.SAMPLE_MARK)) {
                statements.forEach(SampleClauses::attach);
            }
            if (text.contains(",")) {
                statements.forEach(CommaJoins::regroup);
            }
            if (text.toLowerCase(Locale.ROOT).contains("escape")) {
                statements.forEach(LikeEscapes::rewrite);
            }
            return statements;
        } catch (SqlParseException e) {
            QuiverException reserved = reservedFunctionName(e, script);
            throw reserved != null ? reserved : unsupportedOrSyntaxError(e, script);
        } catch (StackOverflowError e) {
            throw tooDeep(e);
        }
    }

    /** {@link #CONFIG} with a lexer that counts lines and columns from {@code line} and {@code column}. */
    private static SqlParser.Config configAt(int line, int column) {
        if (line == 1 && column == 1) {
            return CONFIG;
        }
        return CONFIG.withParserFactory(reader -> {
            QuiverSqlParserImpl parser = (QuiverSqlParserImpl) QuiverSqlParserImpl.FACTORY.getParser(reader);
            parser.ReInit(new QuiverSqlParserImplTokenManager(new SimpleCharStream(reader, line, column) {
                {
                    setTabSize(1); // as SqlParser sets it on the stream this one replaces
                }
            }));
            return parser;
        });
    }

    /** "COPY statements are not supported yet" when the failing statement is of such a kind, else the syntax error. */
    private static QuiverException unsupportedOrSyntaxError(SqlParseException e, String sql) {
        SqlParserPos pos = e.getPos();
        QuiverException unsupported =
                pos == null ? null : UnsupportedStatements.at(sql, pos.getLineNum(), pos.getColumnNum());
        return unsupported != null ? unsupported : syntaxError(e);
    }

    /** The parser recurses once per nesting level: 100,000 parentheses overflow its stack. */
    private static QuiverException tooDeep(Throwable e) {
        return new QuiverException(
                ErrorCode.SYNTAX_ERROR,
                "Syntax error: the statement is nested too deeply to parse"
                        + " (for example, thousands of nested parentheses or subqueries); simplify it",
                0,
                0,
                e);
    }

    /**
     * "CREATE FUNCTION upper(...)" fails at FUNCTION, because UPPER (like SUM, COUNT, COLLECT...)
     * is a reserved word that cannot name a function: say that instead of "expected TABLE".
     */
    private static QuiverException reservedFunctionName(SqlParseException e, String sql) {
        if (!(e.getCause() instanceof ParseException parse)
                || parse.currentToken == null
                || parse.currentToken.next == null
                || !parse.currentToken.next.image.equalsIgnoreCase("FUNCTION")) {
            return null;
        }
        Token function = parse.currentToken.next;
        int offset = offsetOf(sql, function.beginLine, function.beginColumn);
        Matcher name = RESERVED_FUNCTION_NAME.matcher(sql);
        if (offset < 0 || !name.find(offset) || name.start() != offset) {
            return null;
        }
        return new QuiverException(
                ErrorCode.SYNTAX_ERROR,
                "Syntax error: cannot create a function named "
                        + name.group(1) + ": " + name.group(1).toUpperCase(java.util.Locale.ROOT)
                        + " is a reserved word or"
                        + " the name of a built-in function; choose another name (for example py_" + name.group(1)
                        + ")",
                function.beginLine,
                function.beginColumn,
                e);
    }

    /** The index in {@code sql} of a 1-based line and column, or -1. */
    private static int offsetOf(String sql, int line, int column) {
        int index = 0;
        for (int current = 1; current < line; current++) {
            index = sql.indexOf('\n', index) + 1;
            if (index == 0) {
                return -1;
            }
        }
        int offset = index + column - 1;
        return offset < sql.length() ? offset : -1;
    }

    /** Parses one expression (as the only item of a select list: the text must be nothing more). */
    public static SqlNode parseExpression(String expression) {
        SqlNode statement = parseStatement("SELECT " + expression);
        if (!(statement instanceof SqlSelect select)
                || select.getFrom() != null
                || select.getSelectList().size() != 1) {
            throw new QuiverException(ErrorCode.SYNTAX_ERROR, "not one expression: " + expression);
        }
        return select.getSelectList().get(0);
    }

    /** Parses exactly one statement; a trailing semicolon is allowed. */
    public static SqlNode parseStatement(String sql) {
        List<SqlNode> statements = parseScript(sql);
        if (statements.size() != 1) {
            SqlParserPos pos =
                    statements.isEmpty() ? SqlParserPos.ZERO : statements.get(1).getParserPosition();
            throw new QuiverException(
                    ErrorCode.SYNTAX_ERROR,
                    "Syntax error: expected one statement, found " + statements.size(),
                    pos.getLineNum(),
                    pos.getColumnNum(),
                    null);
        }
        return statements.getFirst();
    }

    /**
     * The script with each {@code //} outside literals and comments (at {@code indexes}) written
     * {@code ~/}, the token the grammar reads as DuckDB's integer division: Calcite's lexer would
     * read {@code //} as the start of a comment, so {@code 10 // i} would silently become {@code 10}.
     * The length stays, so positions in errors are those of the text as written.
     */
    static String markIntegerDivisions(String sql, List<Integer> indexes) {
        if (indexes.isEmpty()) {
            return sql;
        }
        char[] text = sql.toCharArray();
        for (int index : indexes) {
            text[index] = INTEGER_DIVIDE_MARK.charAt(0);
        }
        return new String(text);
    }

    /** Turns Calcite's multi-line parse error into Quiver's one-line one, keeping the position. */
    static QuiverException syntaxError(SqlParseException e) {
        SqlParserPos pos = e.getPos();
        int line = pos == null ? 0 : pos.getLineNum();
        int column = pos == null ? 0 : pos.getColumnNum();
        return new QuiverException(ErrorCode.SYNTAX_ERROR, message(e), line, column, e);
    }

    private static String message(SqlParseException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                return tooDeep(cause).getMessage();
            }
        }
        if (e.getCause() instanceof ParseException parse && parse.currentToken != null) {
            Token token = parse.currentToken.next;
            return switch (token.kind) {
                case QuiverSqlParserImplConstants.EOF -> "Syntax error at end of input" + expected(e);
                case QuiverSqlParserImplConstants.QUOTE -> "Syntax error: unterminated string";
                case QuiverSqlParserImplConstants.DOUBLE_QUOTE ->
                    "Syntax error: unterminated or empty quoted identifier";
                case QuiverSqlParserImplConstants.LONE_DOUBLE_DOLLAR ->
                    "Syntax error: unterminated $$ string (it ends at the next $$)";
                case QuiverSqlParserImplConstants.INTEGER_DIVIDE -> "Syntax error at or near \"//\"" + expected(e);
                default -> "Syntax error at or near \"" + token.image + "\"" + expected(e);
            };
        }
        if (e.getCause() instanceof TokenMgrError) {
            Matcher character = LEXICAL_CHARACTER.matcher(firstLine(e.getMessage()));
            if (character.matches()) {
                String text = Character.toString(Integer.parseInt(character.group(1)));
                return "Syntax error: unexpected character '" + text + "'";
            }
            // Every token but a comment has a fallback, so only a comment can run into the end.
            return "Syntax error: unterminated /* comment";
        }
        // Raised by a grammar action (ours or Calcite's), already a sentence.
        String message = AT_LINE_COLUMN.matcher(firstLine(e.getMessage())).replaceAll("");
        if (message.startsWith("Non-query expression encountered in illegal context")) {
            // Calcite's words for "selec 1": a statement that starts like an expression.
            message = "an expression stands where a query or statement is expected";
        }
        return "Syntax error: " + message;
    }

    /** "; expected X or Y" when the parser knows a short list, else "". */
    private static String expected(SqlParseException e) {
        Set<String> names = new LinkedHashSet<>();
        for (String image : e.getExpectedTokenNames()) {
            names.add(describeToken(image));
        }
        if (names.isEmpty() || names.size() > MAX_EXPECTED_SHOWN) {
            return "";
        }
        List<String> list = new ArrayList<>(names);
        String last = list.removeLast();
        return "; expected " + (list.isEmpty() ? last : String.join(", ", list) + " or " + last);
    }

    /** A JavaCC token image such as {@code "FROM"} or {@code <QUOTED_STRING>} in words. */
    private static String describeToken(String image) {
        if (image.startsWith("\"") && image.endsWith("\"") && image.length() > 2) {
            String text = image.substring(1, image.length() - 1);
            return Character.isLetter(text.charAt(0)) ? text : image;
        }
        if (image.equals("<EOF>")) {
            return "end of input";
        }
        if (image.endsWith("IDENTIFIER>")) {
            return "an identifier";
        }
        if (image.endsWith("STRING>") || image.endsWith("STRING_LITERAL>")) {
            return "a string";
        }
        if (image.endsWith("NUMERIC_LITERAL>") || image.endsWith("INTEGER_LITERAL>")) {
            return "a number";
        }
        return image;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
