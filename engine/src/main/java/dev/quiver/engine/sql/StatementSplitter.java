package dev.quiver.engine.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Where SQL statements end: at a {@code ;} that stands outside {@code 'strings'} ({@code ''} is a
 * quote), {@code E'escaped strings'} (backslash escapes), {@code "quoted identifiers"}, {@code --}
 * and {@code /* *}{@code /} comments and {@code $$ … $$} bodies. The one splitter behind scripts
 * ({@link SqlParsing#parseScript}: {@code quiver sql}, JDBC) and the shell, which also asks it
 * whether typed text is a finished statement and whether the cursor stands inside a {@code $$} body.
 *
 * <p>The rules follow Quiver's lexer, so the splitter and the parser agree: block comments do not
 * nest, a {@code $} inside a word belongs to the word ({@code a$$b} is an identifier), and only
 * {@code $$} (not {@code $tag$}) quotes. Unterminated input is not an error here: the last piece
 * runs to the end and {@link Scan#open} says what is still open, and the parser reports it.
 */
public final class StatementSplitter {
    private StatementSplitter() {}

    /** What the end of the text is inside of; {@link #NOTHING} when a statement could end there. */
    public enum Open {
        NOTHING,
        STRING,
        QUOTED_IDENTIFIER,
        DOLLAR_BODY,
        BLOCK_COMMENT
    }

    /**
     * One statement of a script: its text from just after the previous statement's {@code ;} up to and
     * including its own {@code ;} (if it has one), and where that text starts in the script.
     *
     * @param offset the index of {@code text} in the script
     * @param line 1-based line of the first character of {@code text}
     * @param column 1-based column of the first character of {@code text}
     */
    public record Piece(String text, int offset, int line, int column) {}

    /**
     * The result of one pass over a text.
     *
     * @param pieces the statements, without pieces holding only blanks and comments
     * @param open what the end of the text is inside of
     * @param complete whether the text ends a statement: it has one, its last token is a {@code ;}
     *     and nothing is open (only blanks and comments may follow)
     * @param doubleSlashes the indexes of each {@code //} (DuckDB's integer division) outside strings
     *     and comments
     */
    public record Scan(List<Piece> pieces, Open open, boolean complete, List<Integer> doubleSlashes) {}

    /** The statements of {@code script}, in order, skipping empty ones ({@code ;;}). */
    public static List<Piece> split(String script) {
        return scan(script).pieces();
    }

    /** Whether {@code text} ends with a finished statement, so the shell may run it. */
    public static boolean isComplete(String text) {
        return scan(text).complete();
    }

    /** What the end of {@code text} is inside of (the shell's Tab inserts spaces inside a $$ body). */
    public static Open openAt(String text) {
        return scan(text).open();
    }

    /** Scans {@code text} once. */
    public static Scan scan(String text) {
        List<Piece> pieces = new ArrayList<>();
        int length = text.length();
        int pieceStart = 0;
        int pieceLine = 1;
        int pieceColumn = 1;
        int line = 1;
        int lineStart = 0; // index of the first character of the current line
        boolean significant = false; // a token since the piece started
        boolean endsWithSemicolon = false;
        List<Integer> doubleSlashes = new ArrayList<>();
        Open open = Open.NOTHING;
        int index = 0;
        while (index < length) {
            char c = text.charAt(index);
            int next = index + 1; // where the scan goes on; past the whole token for tokens
            if (c == '\n') {
                line++;
                lineStart = next;
            } else if (c == '\'' || c == '"') {
                next = endOfQuoted(text, index, c, false);
                if (next < 0) {
                    open = c == '"' ? Open.QUOTED_IDENTIFIER : Open.STRING;
                    next = length;
                }
            } else if (isWordStart(c)) {
                next = index + 1;
                while (next < length && isWordPart(text.charAt(next))) {
                    next++;
                }
                if (next == index + 1 && (c == 'e' || c == 'E') && next < length && text.charAt(next) == '\'') {
                    next = endOfQuoted(text, next, '\'', true);
                    if (next < 0) {
                        open = Open.STRING;
                        next = length;
                    }
                }
            } else if (text.startsWith("$$", index)) {
                int close = text.indexOf("$$", index + 2);
                if (close < 0) {
                    open = Open.DOLLAR_BODY;
                    next = length;
                } else {
                    next = close + 2;
                }
            } else if (text.startsWith("//", index)) {
                doubleSlashes.add(index); // an operator; Calcite's lexer would read a comment (SqlParsing)
                next = index + 2;
            } else if (text.startsWith("--", index)) {
                int newline = text.indexOf('\n', index);
                next = newline < 0 ? length : newline; // the newline itself is counted above
            } else if (text.startsWith("/*", index)) {
                int close = text.indexOf("*/", index + 2);
                if (close < 0) {
                    open = Open.BLOCK_COMMENT;
                    next = length;
                } else {
                    next = close + 2;
                }
            } else if (c == ';') {
                if (significant) {
                    pieces.add(new Piece(text.substring(pieceStart, next), pieceStart, pieceLine, pieceColumn));
                }
                significant = false;
                endsWithSemicolon = true;
                pieceStart = next;
                pieceLine = line;
                pieceColumn = next - lineStart + 1;
                index = next;
                continue;
            }
            if (!Character.isWhitespace(c) && !isComment(text, index)) {
                significant = true;
                endsWithSemicolon = false;
            }
            // Newlines inside the token just skipped move the line on.
            for (int skipped = index + 1; skipped < next; skipped++) {
                if (text.charAt(skipped) == '\n') {
                    line++;
                    lineStart = skipped + 1;
                }
            }
            index = next;
        }
        if (significant || open != Open.NOTHING) { // an unterminated comment is left for the parser to report
            pieces.add(new Piece(text.substring(pieceStart), pieceStart, pieceLine, pieceColumn));
        }
        boolean complete = open == Open.NOTHING && endsWithSemicolon;
        return new Scan(List.copyOf(pieces), open, complete, List.copyOf(doubleSlashes));
    }

    private static boolean isComment(String text, int index) {
        return text.startsWith("--", index) || text.startsWith("/*", index);
    }

    /**
     * The index just past the quoted token that starts at {@code start} (a doubled quote is a quote;
     * with {@code backslashEscapes}, a backslash escapes the next character), or -1 if it never ends.
     */
    private static int endOfQuoted(String text, int start, char quote, boolean backslashEscapes) {
        int index = start + 1;
        while (index < text.length()) {
            char c = text.charAt(index);
            if (backslashEscapes && c == '\\') {
                index += 2;
            } else if (c == quote) {
                if (index + 1 < text.length() && text.charAt(index + 1) == quote) {
                    index += 2;
                } else {
                    return index + 1;
                }
            } else {
                index++;
            }
        }
        return -1;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    /** Calcite's identifiers take letters, digits, {@code _} and {@code $}. */
    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
