package dev.quiver.engine.cli;

import dev.quiver.engine.QuiverConfig;
import picocli.CommandLine.Option;

/** The {@code --python-memory-limit SIZE} option that {@code sql} and {@code shell} share. */
public final class PythonMemoryLimitOption {
    @Option(
            names = "--python-memory-limit",
            paramLabel = "SIZE",
            description = "Stop running Python calls (MEMORY_LIMIT) when the process's resident memory passes SIZE,"
                    + " e.g. 8GB or 6GiB; 0 for no cap (default: 80% of the machine's or container's memory).")
    private String size;

    /** {@code config} with the option's limit, if given; an unreadable size names the option. */
    QuiverConfig apply(QuiverConfig config) {
        if (size == null) {
            return config;
        }
        try {
            return config.withPythonMemoryLimit(QuiverConfig.parseByteSize(size));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--python-memory-limit: " + e.getMessage(), e);
        }
    }
}
