package dev.quiver.engine.cli;

import dev.quiver.engine.QuiverConfig;
import picocli.CommandLine.Option;

/** The Python memory options ({@code --python-memory-limit}, {@code --python-query-memory-limit}) commands share. */
public final class PythonMemoryLimitOption {
    @Option(
            names = "--python-memory-limit",
            paramLabel = "SIZE",
            description = "Stop running Python calls (MEMORY_LIMIT) when the process's resident memory passes SIZE,"
                    + " e.g. 8GB or 6GiB; 0 for no cap (default: 80%% of the machine's or container's memory).")
    private String size;

    @Option(
            names = "--python-query-memory-limit",
            paramLabel = "SIZE",
            description = "Fail a query (MEMORY_LIMIT) whose Python functions hold more than SIZE of Python memory,"
                    + " e.g. 2GB; 0 for no cap (default: 50%% of the machine's or container's memory).")
    private String querySize;

    /** {@code config} with the options' limits, if given; an unreadable size names its option. */
    QuiverConfig apply(QuiverConfig config) {
        return apply(config, size, querySize);
    }

    /**
     * {@code config} with the limits {@code size} and {@code querySize} (the options' texts, null
     * when not given); an unreadable size names its option.
     */
    static QuiverConfig apply(QuiverConfig config, String size, String querySize) {
        QuiverConfig result = config;
        if (size != null) {
            result = result.withPythonMemoryLimit(parse("--python-memory-limit", size));
        }
        if (querySize != null) {
            result = result.withPythonQueryMemoryLimit(parse("--python-query-memory-limit", querySize));
        }
        return result;
    }

    /** The text of {@code --python-memory-limit}, or null. */
    String size() {
        return size;
    }

    /** The text of {@code --python-query-memory-limit}, or null. */
    String querySize() {
        return querySize;
    }

    private static long parse(String option, String text) {
        try {
            return QuiverConfig.parseByteSize(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
