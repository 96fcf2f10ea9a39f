package dev.quiver.server.pg;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's {@code COPY … FROM STDIN} and {@code COPY … TO STDOUT} (psql's {@code \copy},
 * psycopg's {@code cursor.copy}, the JDBC driver's CopyManager), in PostgreSQL's text and CSV
 * formats: the statement's parts, each outgoing row as a line, and incoming lines turned into the CSV
 * that Quiver's own COPY reads (see {@link #loadOptions}).
 */
final class PgCopy {
    private static final Pattern STATEMENT = Pattern.compile(
            "\\s*COPY\\s+(.+?)\\s+(FROM\\s+STDIN|TO\\s+STDOUT)\\b(.*?)[\\s;]*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    /** A table, maybe qualified, maybe with a column list: nothing else may stand where COPY names a table. */
    private static final Pattern TABLE = Pattern.compile(
            NAME + "(?:\\s*\\.\\s*" + NAME + ")*(?:\\s*\\(\\s*" + NAME + "(?:\\s*,\\s*" + NAME + ")*\\s*\\))?");

    private static final Pattern TOKEN = Pattern.compile("E?'((?:[^']|'')*)'|[A-Za-z_][A-Za-z0-9_]*|[(),]");
    /** What Quiver's COPY reads as NULL in the CSV made from text-format lines. */
    private static final String NULL_MARK = "\\N";

    /** A COPY with STDIN or STDOUT: what it copies and how the lines look. */
    record Request(String target, boolean fromClient, Format format) {
        /** The query whose rows COPY … TO STDOUT sends. */
        String query() {
            if (target.startsWith("(")) {
                return target.substring(1, target.lastIndexOf(')'));
            }
            int columns = target.indexOf('(');
            return columns < 0
                    ? "SELECT * FROM " + target
                    : "SELECT " + target.substring(columns + 1, target.lastIndexOf(')')) + " FROM "
                            + target.substring(0, columns).strip();
        }
    }

    /** PostgreSQL's text or CSV format, with its options. */
    record Format(boolean csv, boolean header, char delimiter, String nullText, char quote, char escape) {}

    private PgCopy() {}

    /** The request when {@code sql} is a COPY from STDIN or to STDOUT; null for any other statement. */
    static Request parse(String sql) {
        Matcher matcher = STATEMENT.matcher(sql);
        if (!matcher.matches()) {
            return null;
        }
        String target = matcher.group(1).strip();
        boolean fromClient = matcher.group(2).toUpperCase(Locale.ROOT).startsWith("FROM");
        if (fromClient && target.startsWith("(")) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "COPY FROM STDIN copies into a table, not a query");
        }
        if (target.startsWith("(")
                ? !target.endsWith(")")
                : !TABLE.matcher(target).matches()) {
            throw new QuiverException(
                    ErrorCode.SYNTAX_ERROR,
                    "COPY names a table (with an optional column list) or a query in parentheses, not " + target);
        }
        return new Request(target, fromClient, format(tokens(matcher.group(3))));
    }

    /** Options as PostgreSQL has them: {@code WITH (FORMAT csv, HEADER true)} and the older {@code CSV HEADER}. */
    private static Format format(List<String> tokens) {
        boolean csv = false;
        Boolean header = null;
        String delimiter = null;
        String nullText = null;
        String quote = null;
        String escape = null;
        for (int index = 0; index < tokens.size(); index++) {
            String word = tokens.get(index).toUpperCase(Locale.ROOT);
            switch (word) {
                case "WITH", "(", ")", ",", "AS" -> {}
                case "CSV" -> csv = true;
                case "TEXT" -> csv = false;
                case "BINARY" -> throw unsupported("the binary format");
                case "FORMAT" -> {
                    String name = value(tokens, ++index, "FORMAT").toUpperCase(Locale.ROOT);
                    switch (name) {
                        case "CSV" -> csv = true;
                        case "TEXT" -> csv = false;
                        case "BINARY" -> throw unsupported("the binary format");
                        default ->
                            throw new QuiverException(
                                    ErrorCode.INVALID_ARGUMENT, "COPY format \"" + name + "\" not recognized");
                    }
                }
                case "HEADER" -> {
                    header = true;
                    if (index + 1 < tokens.size() && isBoolean(tokens.get(index + 1))) {
                        header = booleanValue(tokens.get(++index));
                    }
                }
                case "DELIMITER" -> delimiter = value(tokens, ++index, "DELIMITER");
                case "NULL" -> nullText = value(tokens, ++index, "NULL");
                case "QUOTE" -> quote = value(tokens, ++index, "QUOTE");
                case "ESCAPE" -> escape = value(tokens, ++index, "ESCAPE");
                case "ENCODING" -> {
                    String encoding =
                            value(tokens, ++index, "ENCODING").replace("-", "").toUpperCase(Locale.ROOT);
                    if (!encoding.equals("UTF8")) {
                        throw unsupported("the encoding " + encoding + " (only UTF8)");
                    }
                }
                default -> throw unsupported("the option " + word);
            }
        }
        char delimiterChar = single(delimiter, csv ? ',' : '\t', "DELIMITER");
        char quoteChar = single(quote, '"', "QUOTE");
        return new Format(
                csv,
                header != null && header,
                delimiterChar,
                nullText != null ? nullText : csv ? "" : NULL_MARK,
                quoteChar,
                single(escape, quoteChar, "ESCAPE"));
    }

    private static List<String> tokens(String options) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(options);
        int position = 0;
        while (matcher.find()) {
            if (!options.substring(position, matcher.start()).isBlank()) {
                throw new QuiverException(
                        ErrorCode.SYNTAX_ERROR,
                        "COPY options: cannot read \""
                                + options.substring(position).strip() + "\"");
            }
            tokens.add(matcher.group(1) != null ? "'" + matcher.group(1).replace("''", "'") : matcher.group());
            position = matcher.end();
        }
        if (!options.substring(position).isBlank()) {
            throw new QuiverException(
                    ErrorCode.SYNTAX_ERROR,
                    "COPY options: cannot read \"" + options.substring(position).strip() + "\"");
        }
        return tokens;
    }

    /** The value after an option's name: a quoted string (kept with its leading quote mark) or a word. */
    private static String value(List<String> tokens, int index, String option) {
        if (index < tokens.size() && tokens.get(index).equalsIgnoreCase("AS")) {
            index++;
        }
        if (index >= tokens.size() || "(),".contains(tokens.get(index))) {
            throw new QuiverException(ErrorCode.SYNTAX_ERROR, "COPY option " + option + " needs a value");
        }
        String token = tokens.get(index);
        return token.startsWith("'") ? token.substring(1) : token;
    }

    private static boolean isBoolean(String token) {
        return List.of("TRUE", "FALSE", "ON", "OFF", "MATCH", "'1", "'0", "'true", "'false")
                .contains(token.toUpperCase(Locale.ROOT).startsWith("'") ? token : token.toUpperCase(Locale.ROOT));
    }

    private static boolean booleanValue(String token) {
        String value = token.startsWith("'") ? token.substring(1) : token;
        return !(value.equalsIgnoreCase("false") || value.equalsIgnoreCase("off") || value.equals("0"));
    }

    private static char single(String value, char otherwise, String option) {
        if (value == null) {
            return otherwise;
        }
        if (value.length() != 1) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "COPY " + option + " must be a single one-byte character");
        }
        return value.charAt(0);
    }

    private static QuiverException unsupported(String what) {
        return new QuiverException(
                ErrorCode.UNSUPPORTED, "COPY with " + what + " is not supported over the PostgreSQL protocol yet");
    }

    // ---- COPY … TO STDOUT ----

    /** The header line of COPY … TO STDOUT in CSV with HEADER: the column names. */
    static String headerLine(List<String> names, Format format) {
        List<String> cells = new ArrayList<>();
        for (String name : names) {
            cells.add(csvCell(name, format));
        }
        return String.join(String.valueOf(format.delimiter()), cells) + "\n";
    }

    /** One row as a line, the values already in PostgreSQL's text form (null for NULL). */
    static String line(List<String> values, Format format) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < values.size(); column++) {
            if (column > 0) {
                line.append(format.delimiter());
            }
            String value = values.get(column);
            if (value == null) {
                line.append(format.nullText());
            } else if (format.csv()) {
                line.append(csvCell(value, format));
            } else {
                appendTextEscaped(line, value, format.delimiter());
            }
        }
        return line.append('\n').toString();
    }

    private static String csvCell(String value, Format format) {
        boolean quote = value.isEmpty()
                || value.equals(format.nullText())
                || value.indexOf(format.delimiter()) >= 0
                || value.indexOf(format.quote()) >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        if (!quote) {
            return value;
        }
        StringBuilder cell = new StringBuilder().append(format.quote());
        for (int index = 0; index < value.length(); index++) {
            char c = value.charAt(index);
            if (c == format.quote() || c == format.escape()) {
                cell.append(format.escape());
            }
            cell.append(c);
        }
        return cell.append(format.quote()).toString();
    }

    private static void appendTextEscaped(StringBuilder line, String value, char delimiter) {
        for (int index = 0; index < value.length(); index++) {
            char c = value.charAt(index);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c == delimiter) {
                        line.append('\\');
                    }
                    line.append(c);
                }
            }
        }
    }

    // ---- COPY … FROM STDIN ----

    /**
     * Turns the client's lines into CSV that Quiver's COPY reads with {@link #loadOptions}: CSV passes
     * through as it is; text-format lines are unescaped and written as quoted CSV cells, NULL as an
     * unquoted {@code \N}. Lines may arrive split across CopyData messages, so partial lines wait.
     */
    static final class Loader {
        private final Format format;
        private final OutputStream file;
        private final StringBuilder pending = new StringBuilder();
        private long lines;

        Loader(Format format, OutputStream file) {
            this.format = format;
            this.file = file;
        }

        /** The bytes of one CopyData message. */
        void accept(byte[] data) throws IOException {
            if (format.csv()) {
                file.write(data);
                return;
            }
            pending.append(new String(data, StandardCharsets.UTF_8));
            int end;
            while ((end = pending.indexOf("\n")) >= 0) {
                textLine(pending.substring(0, end));
                pending.delete(0, end + 1);
            }
        }

        /** After CopyDone: the last line if it had no line break. */
        void finish() throws IOException {
            if (!format.csv() && !pending.isEmpty()) {
                textLine(pending.toString());
                pending.setLength(0);
            }
            file.flush();
        }

        private void textLine(String raw) throws IOException {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            lines++;
            if (line.equals("\\.")) {
                return; // the old end-of-data marker
            }
            if (lines == 1 && format.header()) {
                return;
            }
            StringBuilder csv = new StringBuilder();
            int start = 0;
            boolean first = true;
            for (int index = 0; index <= line.length(); index++) {
                boolean atEnd = index == line.length();
                if (!atEnd && line.charAt(index) == '\\') {
                    index++; // an escaped character, the delimiter included, never ends a field
                    continue;
                }
                if (atEnd || line.charAt(index) == format.delimiter()) {
                    if (!first) {
                        csv.append(',');
                    }
                    first = false;
                    String field = line.substring(start, index);
                    if (field.equals(format.nullText())) {
                        csv.append(NULL_MARK);
                    } else {
                        csv.append('"')
                                .append(unescape(field).replace("\"", "\"\""))
                                .append('"');
                    }
                    start = index + 1;
                }
            }
            file.write(csv.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }

        private static String unescape(String field) {
            if (field.indexOf('\\') < 0) {
                return field;
            }
            StringBuilder value = new StringBuilder();
            for (int index = 0; index < field.length(); index++) {
                char c = field.charAt(index);
                if (c != '\\' || index + 1 == field.length()) {
                    value.append(c);
                    continue;
                }
                char next = field.charAt(++index);
                value.append(
                        switch (next) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case 'v' -> '\u000B';
                            default -> next;
                        });
            }
            return value.toString();
        }
    }

    /** The options of Quiver's COPY … FROM for the file a {@link Loader} wrote. */
    static String loadOptions(Format format) {
        if (!format.csv()) {
            return "(FORMAT csv, HEADER false, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NULL '\\N', ALLOW_QUOTED_NULLS false)";
        }
        return "(FORMAT csv, HEADER " + format.header() + ", DELIMITER " + literal(format.delimiter()) + ", QUOTE "
                + literal(format.quote()) + ", ESCAPE " + literal(format.escape()) + ", NULL "
                + literal(format.nullText()) + ", ALLOW_QUOTED_NULLS false)";
    }

    private static String literal(Object value) {
        return "'" + String.valueOf(value).replace("'", "''") + "'";
    }
}
