package dev.quiver.sqltest.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The records whose answers differ from DuckDB's on purpose, read from {@code known-divergences.txt}.
 *
 * <p>FORMAT: one entry per line, {@code <file>:<line> <reason>}, where {@code <file>} is the path
 * below the suite root ({@code basics/select_literals.test}) and {@code <line>} the line of the
 * record's {@code statement}/{@code query} line; the reason is required. Blank lines and lines that
 * start with {@code #} are ignored.
 *
 * <p>The runner skips the oracle comparison for a listed record but still runs it on the oracle: a
 * listed record that agrees with DuckDB fails, so the list can only shrink.
 */
public final class KnownDivergences {
    private static final Pattern ENTRY = Pattern.compile("(\\S+):(\\d+)\\s+(\\S.*)");

    /** One listed record and why it may differ. {@code sourceLine} is the entry's line in the list. */
    public record Entry(String file, int line, String reason, int sourceLine) {
        public String key() {
            return file + ":" + line;
        }
    }

    private final Map<String, Entry> entries;

    private KnownDivergences(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static KnownDivergences none() {
        return new KnownDivergences(Map.of());
    }

    /**
     * Parses the list.
     *
     * @throws IllegalArgumentException for a malformed or duplicate entry, naming its line
     */
    public static KnownDivergences parse(String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n");
        for (int lineIndex = 0; lineIndex < lines.length; lineIndex++) {
            String line = lines[lineIndex].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = ENTRY.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("known-divergences.txt:" + (lineIndex + 1)
                        + ": expected '<file>:<line> <reason>', got: " + line);
            }
            Entry entry =
                    new Entry(matcher.group(1), Integer.parseInt(matcher.group(2)), matcher.group(3), lineIndex + 1);
            Entry previous = entries.put(entry.key(), entry);
            if (previous != null) {
                throw new IllegalArgumentException("known-divergences.txt:" + (lineIndex + 1) + ": " + entry.key()
                        + " is already listed on line " + previous.sourceLine());
            }
        }
        return new KnownDivergences(entries);
    }

    /** The entry for the record at {@code file}:{@code line}, if listed. */
    public Optional<Entry> find(String file, int line) {
        return Optional.ofNullable(entries.get(file + ":" + line));
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }
}
