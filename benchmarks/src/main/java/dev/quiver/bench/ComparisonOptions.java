package dev.quiver.bench;

import dev.quiver.bench.tpch.TpchBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options {@code bench tpch} and {@code bench tpcds} share: scale, threads, repeats and the JSON file. */
final class ComparisonOptions {
    @Option(names = "--sf", defaultValue = "1", description = "Scale factor (default: ${DEFAULT-VALUE}).")
    double scaleFactor;

    @Option(names = "--threads", description = "Threads for each engine (default: available processors).")
    Integer threads;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "Timed runs per query and engine (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    /** Whether the numbers make sense; if not, says why on {@code err}. */
    boolean valid(PrintWriter err) {
        if (scaleFactor <= 0 || repeat < 1 || (threads != null && threads < 1)) {
            err.println("--sf must be positive, --repeat and --threads at least 1");
            return false;
        }
        return true;
    }

    int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Writes the results to the {@code --json} file, if one was given. */
    void writeJson(List<TpchBenchmark.Result> results) throws IOException {
        if (json != null) {
            Files.writeString(json, TpchBenchmark.json(results, scaleFactor, threadCount()));
        }
    }
}
