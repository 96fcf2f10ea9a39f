package dev.quiver.engine.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the arguments of {@code quiver sql} in their common forms without picocli, which costs a
 * third of a {@code quiver sql -c "SELECT 1"} run: its classes are Java 5 bytecode that the JDK's
 * start-up cache cannot hold, so they are loaded and verified at every start, and it builds its
 * command model by reflection.
 *
 * <p>It only accepts what picocli would read the same way: each option of {@link SqlCommand} at
 * most once, as {@code --name VALUE} or {@code --name=VALUE} ({@code -c}/{@code -f} as {@code -c
 * VALUE}), exactly one of {@code -c} and {@code -f}, integers as picocli converts them. Anything
 * else — {@code --help}, {@code --version}, an unknown or repeated option, a value that starts
 * with {@code -} or {@code @} (picocli might read it as an option or an argument file), an invalid
 * number — gives null, and picocli reads the arguments instead, with its help and its messages.
 */
final class SqlArgumentParser {
    private SqlArgumentParser() {}

    private static final Set<String> OPTIONS = Set.of(
            "--command",
            "--file",
            "--format",
            "--threads",
            "--interpreters",
            "--db",
            "--python-memory-limit",
            "--python-query-memory-limit",
            "--python-path",
            "--worker-python");

    private static final Map<String, String> SHORT_NAMES = Map.of("-c", "--command", "-f", "--file");

    /**
     * The options of {@code args} when they are {@code sql} followed by options this parser reads
     * exactly as picocli would; null otherwise (picocli must read them).
     */
    static SqlOptions parse(String[] args) {
        if (args.length == 0 || !args[0].equals("sql")) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        for (int index = 1; index < args.length; index++) {
            String argument = args[index];
            String name;
            String value;
            int equals = argument.indexOf('=');
            if (argument.startsWith("--") && equals > 0) {
                name = argument.substring(0, equals);
                value = argument.substring(equals + 1);
            } else {
                name = SHORT_NAMES.getOrDefault(argument, argument);
                if (index + 1 == args.length) {
                    return null; // a missing value: picocli's message
                }
                value = args[++index];
            }
            if (!OPTIONS.contains(name)
                    || values.containsKey(name)
                    || value.isEmpty()
                    || value.startsWith("-")
                    || value.startsWith("@")) {
                return null;
            }
            values.put(name, value);
        }
        String command = values.get("--command");
        String file = values.get("--file");
        if ((command == null) == (file == null)) {
            return null; // neither or both: picocli's message
        }
        try {
            return new SqlOptions(
                    command,
                    path(file),
                    values.getOrDefault("--format", SqlOptions.DEFAULT_FORMAT),
                    integer(values.get("--threads")),
                    integer(values.get("--interpreters")),
                    path(values.get("--db")),
                    values.get("--python-memory-limit"),
                    values.get("--python-query-memory-limit"),
                    values.get("--python-path"),
                    path(values.get("--worker-python")));
        } catch (NumberFormatException | InvalidPathException e) {
            return null; // picocli's conversion message
        }
    }

    /** As picocli converts an {@code Integer} option. */
    private static Integer integer(String text) {
        return text == null ? null : Integer.valueOf(text);
    }

    /** As picocli converts a {@code Path} option. */
    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }
}
