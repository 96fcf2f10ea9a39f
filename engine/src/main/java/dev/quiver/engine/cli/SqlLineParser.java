package dev.quiver.engine.cli;

import dev.quiver.engine.sql.StatementSplitter;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * The shell's JLine parser: Enter runs the typed text only once it ends a statement (a {@code ;}
 * outside strings, comments and {@code $$} bodies, as {@link StatementSplitter} decides) or is a dot
 * command; otherwise JLine keeps reading into the same buffer, so a statement over several lines is
 * one history entry. For Tab completion the word is the identifier before the cursor.
 */
final class SqlLineParser implements Parser {

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE
                && !line.isBlank()
                && !isDotCommand(line)
                && !StatementSplitter.isComplete(line)) {
            throw new EOFError(-1, -1, "the statement goes on until ';'");
        }
        int start = cursor;
        while (start > 0 && isWordPart(line.charAt(start - 1))) {
            start--;
        }
        return new Word(line, cursor, line.substring(start, cursor));
    }

    /** A dot command is one line that starts with '.' (after blanks). */
    static boolean isDotCommand(String text) {
        return text.strip().startsWith(".");
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The identifier being completed, up to the cursor. */
    private record Word(String line, int cursor, String word) implements CompletingParsedLine {
        @Override
        public int wordCursor() {
            return word.length();
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word);
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return word.length();
        }

        @Override
        public int rawWordLength() {
            return word.length();
        }
    }
}
