package dev.quiver.server.pg;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQL text as PostgreSQL clients send it: a simple query split into its statements, {@code $n}
 * parameters turned into the engine's {@code ?}, and the command tag a statement completes with.
 * Quotes ({@code '…'}, {@code "…"}, {@code $tag$…$tag$}) and comments are skipped, so a {@code ;}
 * or {@code $1} inside them stays.
 */
final class PgSql {
    private PgSql() {}

    /** A statement with {@code ?} parameters: {@code parameterNumbers.get(i)} is the {@code $n} of the i-th. */
    record Rewritten(String sql, List<Integer> parameterNumbers) {
        /** The highest {@code $n} (0 when there is none). */
        int parameterCount() {
            return parameterNumbers.stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    /** The statements of a simple query, without their semicolons; blank ones dropped. */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        int position = 0;
        while (position < script.length()) {
            char character = script.charAt(position);
            int skipped = skip(script, position);
            if (skipped > position) {
                position = skipped;
            } else if (character == ';') {
                add(statements, script.substring(start, position));
                start = ++position;
            } else {
                position++;
            }
        }
        add(statements, script.substring(start));
        return statements;
    }

    private static void add(List<String> statements, String statement) {
        if (!isBlank(statement)) {
            statements.add(statement.strip());
        }
    }

    /** Whether {@code sql} holds nothing but white space and comments. */
    static boolean isBlank(String sql) {
        int position = 0;
        while (position < sql.length()) {
            int skipped = skipComment(sql, position);
            if (skipped > position) {
                position = skipped;
            } else if (Character.isWhitespace(sql.charAt(position))) {
                position++;
            } else {
                return false;
            }
        }
        return true;
    }

    /** {@code sql} with each {@code $n} outside quotes and comments replaced by {@code ?}. */
    static Rewritten rewriteParameters(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<Integer> numbers = new ArrayList<>();
        int position = 0;
        while (position < sql.length()) {
            int skipped = skip(sql, position);
            if (skipped > position) {
                out.append(sql, position, skipped);
                position = skipped;
                continue;
            }
            char character = sql.charAt(position);
            if (character == '$'
                    && position + 1 < sql.length()
                    && Character.isDigit(sql.charAt(position + 1))
                    && (position == 0 || !Character.isLetterOrDigit(sql.charAt(position - 1)))) {
                int end = position + 1;
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                int number = Integer.parseInt(sql.substring(position + 1, end));
                if (number < 1 || number > 65_535) {
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT,
                            "there is no parameter $" + number + " (parameters start at $1)");
                }
                numbers.add(number);
                out.append('?');
                position = end;
            } else {
                out.append(character);
                position++;
            }
        }
        return new Rewritten(out.toString(), List.copyOf(numbers));
    }

    /** The end of the quote or comment that starts at {@code position}, or {@code position} when none does. */
    private static int skip(String sql, int position) {
        char character = sql.charAt(position);
        if (character == '\'' || character == '"') {
            return quoteEnd(sql, position);
        }
        if (character == '$' && (position == 0 || !Character.isLetterOrDigit(sql.charAt(position - 1)))) {
            int tagEnd = position + 1;
            while (tagEnd < sql.length() && (Character.isLetter(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
                tagEnd++;
            }
            if (tagEnd < sql.length() && sql.charAt(tagEnd) == '$') {
                String tag = sql.substring(position, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                return close < 0 ? sql.length() : close + tag.length();
            }
            return position;
        }
        return skipComment(sql, position);
    }

    /** The end of the quoted string or identifier that starts at {@code position} (after its closing quote). */
    static int quoteEnd(String sql, int position) {
        char quote = sql.charAt(position);
        int end = position + 1;
        while (end < sql.length()) {
            if (sql.charAt(end) == quote) {
                if (end + 1 < sql.length() && sql.charAt(end + 1) == quote) {
                    end += 2; // a doubled quote inside
                    continue;
                }
                return end + 1;
            }
            end++;
        }
        return sql.length();
    }

    private static int skipComment(String sql, int position) {
        if (sql.startsWith("--", position)) {
            int end = sql.indexOf('\n', position);
            return end < 0 ? sql.length() : end + 1;
        }
        if (sql.startsWith("/*", position)) {
            int end = sql.indexOf("*/", position + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        return position;
    }

    /** The statement's leading keywords, upper case: {@code CREATE TABLE}, {@code INSERT}. */
    static List<String> keywords(String sql, int count) {
        List<String> words = new ArrayList<>();
        int position = 0;
        while (position < sql.length() && words.size() < count) {
            int skipped = skipComment(sql, position);
            if (skipped > position) {
                position = skipped;
                continue;
            }
            char character = sql.charAt(position);
            if (Character.isLetter(character)) {
                int end = position;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                words.add(sql.substring(position, end).toUpperCase(Locale.ROOT));
                position = end;
            } else if (Character.isWhitespace(character) || character == '(') {
                position++;
            } else {
                break;
            }
        }
        return words;
    }

    /**
     * The CommandComplete tag of a finished statement: {@code SELECT 3}, {@code INSERT 0 2},
     * {@code UPDATE 1}, {@code CREATE TABLE}.
     */
    static String commandTag(String sql, boolean hasRows, long count) {
        List<String> words = keywords(sql, 3);
        String first = words.isEmpty() ? "" : words.getFirst();
        if (hasRows) {
            return "SELECT " + count;
        }
        return switch (first) {
            case "INSERT" -> "INSERT 0 " + count;
            case "UPDATE", "DELETE", "MERGE", "COPY" -> first + " " + count;
            case "CREATE", "DROP", "ALTER" -> {
                // CREATE [OR REPLACE] [TEMP] TABLE: the object's kind is the last keyword read
                String object = words.size() > 1 ? words.get(1) : "";
                if (object.equals("OR") && words.size() > 2) {
                    object = words.get(2);
                }
                yield (first + " " + object).strip();
            }
            case "START" -> "BEGIN";
            case "END" -> "COMMIT";
            default -> first.isEmpty() ? "OK" : first;
        };
    }
}
