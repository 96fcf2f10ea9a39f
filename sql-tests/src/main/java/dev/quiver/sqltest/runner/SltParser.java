package dev.quiver.sqltest.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses DuckDB's dialect of sqllogictest.
 *
 * <p>Records are separated by blank lines. Supported: {@code statement ok}, {@code statement error}
 * (optionally {@code ----} and a message substring or {@code <REGEX>:} pattern, see {@link ExpectedError}), {@code query <letters> [nosort|rowsort|valuesort]}
 * with {@code ----} and expected rows (an empty result is {@code ----} followed by a blank line),
 * {@code skipif}/{@code onlyif <engine>}, {@code fixture}, {@code mode skip}/{@code mode unskip}, {@code halt},
 * {@code require <what>}, {@code loop <var> <from> <to>} (to exclusive) and
 * {@code foreach <var> <values…>} up to {@code endloop} (nestable; {@code ${var}} is replaced in the
 * SQL and the expected text), and {@code #} comments between records. Anything else —
 * {@code statement maybe}, query labels, hashed results, {@code load}, {@code restart} — is a parse
 * error rather than a silently ignored line.
 */
public final class SltParser {
    private static final String SEPARATOR = "----";

    private final String path;
    private final String[] lines;
    private int lineIndex;
    private boolean halted;
    private boolean inModeSkip;
    private final List<String> requirements = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private SltParser(String path, String text) {
        this.path = path;
        this.lines = text.split("\r?\n", -1);
    }

    /** Parses the text of the file at {@code path} (used only in messages). */
    public static SltFile parse(String path, String text) {
        SltParser parser = new SltParser(path, text);
        List<SltRecord> records = parser.parseBlock(0);
        return new SltFile(path, records, parser.requirements, parser.headers);
    }

    /**
     * Parses records until the end of the file, {@code halt}, or — inside a loop that started on
     * {@code loopLine} (0 outside loops) — the matching {@code endloop}.
     */
    private List<SltRecord> parseBlock(int loopLine) {
        List<SltRecord> records = new ArrayList<>();
        List<Condition> pending = new ArrayList<>();
        while (lineIndex < lines.length && !halted) {
            int lineNumber = lineIndex + 1;
            String line = lines[lineIndex].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                if (!pending.isEmpty() && line.isEmpty()) {
                    throw error(lineNumber, "skipif/onlyif must be followed directly by the record it applies to");
                }
                readHeader(line);
                lineIndex++;
                continue;
            }
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "skipif", "onlyif" -> {
                    expectArguments(words, 1, lineNumber);
                    pending.add(words[0].equals("skipif") ? Condition.skipIf(words[1]) : Condition.onlyIf(words[1]));
                    lineIndex++;
                    continue;
                }
                case "fixture" -> {
                    pending.add(Condition.fixture());
                    lineIndex++;
                    continue;
                }
                case "statement" -> records.add(parseStatement(words, lineNumber, conditions(pending)));
                case "query" -> {
                    if (pending.stream().anyMatch(condition -> condition.kind() == Condition.Kind.FIXTURE)) {
                        throw error(lineNumber, "fixture applies only to statement records");
                    }
                    records.add(parseQuery(words, lineNumber, conditions(pending)));
                }
                case "halt" -> {
                    halted = true;
                    lineIndex++;
                }
                case "require" -> {
                    if (words.length < 2) {
                        throw error(lineNumber, "require needs an argument");
                    }
                    requirements.add(line.substring("require".length()).strip());
                    lineIndex++;
                }
                case "mode" -> {
                    expectArguments(words, 1, lineNumber);
                    inModeSkip = switch (words[1]) {
                        case "skip" -> true;
                        case "unskip" -> false;
                        default ->
                            throw error(lineNumber, "unsupported mode '" + words[1] + "' (only skip and unskip)");
                    };
                    lineIndex++;
                }
                case "loop", "foreach" -> records.addAll(parseLoop(words, lineNumber));
                case "endloop" -> {
                    if (loopLine == 0) {
                        throw error(lineNumber, "endloop without loop");
                    }
                    lineIndex++;
                    return records;
                }
                default -> throw error(lineNumber, "unknown or unsupported command '" + words[0] + "'");
            }
            if (!pending.isEmpty()) {
                throw error(lineNumber, "skipif/onlyif apply only to statement and query records");
            }
        }
        if (!pending.isEmpty()) {
            throw error(lines.length, "skipif/onlyif at the end of the file apply to nothing");
        }
        if (loopLine != 0 && !halted) {
            throw error(loopLine, "loop without endloop");
        }
        return records;
    }

    private List<Condition> conditions(List<Condition> pending) {
        List<Condition> conditions = new ArrayList<>(pending);
        if (inModeSkip) {
            conditions.add(Condition.modeSkip());
        }
        pending.clear();
        return conditions;
    }

    private void readHeader(String line) {
        for (String key : List.of("name", "description", "group")) {
            String prefix = "# " + key + ":";
            if (line.startsWith(prefix)) {
                headers.put(key, line.substring(prefix.length()).strip());
            }
        }
    }

    private StatementRecord parseStatement(String[] words, int lineNumber, List<Condition> conditions) {
        expectArguments(words, 1, lineNumber);
        boolean expectError = switch (words[1]) {
            case "ok" -> false;
            case "error" -> true;
            default -> throw error(lineNumber, "unsupported 'statement " + words[1] + "' (only ok and error)");
        };
        lineIndex++;
        String sql = readSql(lineNumber);
        String expectedError = "";
        if (atSeparator()) {
            if (!expectError) {
                throw error(lineNumber, "statement ok takes no ---- section");
            }
            lineIndex++;
            expectedError = String.join("\n", readUntilBlank()).strip();
            try {
                ExpectedError.parse(expectedError);
            } catch (IllegalArgumentException e) {
                throw error(lineNumber, e.getMessage());
            }
        }
        return new StatementRecord(lineNumber, sql, expectError, expectedError, conditions, "");
    }

    private QueryRecord parseQuery(String[] words, int lineNumber, List<Condition> conditions) {
        if (words.length < 2 || words.length > 3) {
            throw error(
                    lineNumber,
                    "expected 'query <type letters> [nosort|rowsort|valuesort]'"
                            + (words.length > 3 ? " (query labels are not supported)" : ""));
        }
        String letters = words[1];
        if (!letters.matches("[IRT]+")) {
            throw error(lineNumber, "type letters must be I, R or T, one per column; got '" + letters + "'");
        }
        SortMode sortMode = SortMode.NOSORT;
        if (words.length == 3) {
            Optional<SortMode> named = SortMode.fromWord(words[2]);
            sortMode = named.orElseThrow(
                    () -> error(lineNumber, "unknown sort mode '" + words[2] + "' (query labels are not supported)"));
        }
        lineIndex++;
        String sql = readSql(lineNumber);
        if (!atSeparator()) {
            throw error(lineNumber, "a query needs a ---- line and its expected rows (none for an empty result)");
        }
        lineIndex++;
        List<String> expected = readUntilBlank();
        if (expected.size() == 1 && expected.getFirst().matches("\\d+ values hashing to \\p{XDigit}+")) {
            throw error(lineNumber, "hashed results are not supported; write the rows out");
        }
        return new QueryRecord(lineNumber, sql, letters, sortMode, expected, conditions, "");
    }

    private List<SltRecord> parseLoop(String[] words, int lineNumber) {
        String variable;
        List<String> values = new ArrayList<>();
        if (words[0].equals("loop")) {
            expectArguments(words, 3, lineNumber);
            variable = words[1];
            try {
                int from = Integer.parseInt(words[2]);
                int to = Integer.parseInt(words[3]);
                for (int value = from; value < to; value++) {
                    values.add(Integer.toString(value));
                }
            } catch (NumberFormatException e) {
                throw error(lineNumber, "loop bounds must be integers: 'loop <var> <from> <to>'");
            }
        } else {
            if (words.length < 3) {
                throw error(lineNumber, "expected 'foreach <var> <value> [<value>…]'");
            }
            variable = words[1];
            values.addAll(List.of(words).subList(2, words.length));
        }
        lineIndex++;
        List<SltRecord> body = parseBlock(lineNumber);
        List<SltRecord> expanded = new ArrayList<>();
        for (String value : values) {
            for (SltRecord record : body) {
                expanded.add(record.bind(variable, value));
            }
        }
        return expanded;
    }

    /** Reads SQL lines up to a blank line, a {@code ----} line or the end; strips one trailing semicolon. */
    private String readSql(int recordLine) {
        List<String> sqlLines = new ArrayList<>();
        while (lineIndex < lines.length && !lines[lineIndex].isBlank() && !atSeparator()) {
            sqlLines.add(lines[lineIndex]);
            lineIndex++;
        }
        String sql = String.join("\n", sqlLines).strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty()) {
            throw error(recordLine, "the record has no SQL");
        }
        return sql;
    }

    private List<String> readUntilBlank() {
        List<String> read = new ArrayList<>();
        while (lineIndex < lines.length && !lines[lineIndex].isBlank()) {
            read.add(lines[lineIndex]);
            lineIndex++;
        }
        return read;
    }

    private boolean atSeparator() {
        return lineIndex < lines.length && lines[lineIndex].strip().equals(SEPARATOR);
    }

    private void expectArguments(String[] words, int count, int lineNumber) {
        if (words.length != count + 1) {
            throw error(lineNumber, "'" + words[0] + "' takes " + count + " argument" + (count == 1 ? "" : "s"));
        }
    }

    private SltParseException error(int lineNumber, String message) {
        return new SltParseException(path, lineNumber, message);
    }
}
