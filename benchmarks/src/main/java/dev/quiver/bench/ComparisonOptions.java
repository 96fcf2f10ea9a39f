package dev.quiver.bench;

import dev.quiver.bench.chart.SvgChart;
import dev.quiver.bench.tpch.TpchBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the results as JSON, and next to it a chart of the per-query ratios (FILE"
                    + " with .svg for .json).")
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

    /**
     * Writes the results to the {@code --json} file, if one was given, and the chart of the per-query
     * ratios next to it (not for a plan-only run, which has no ratios).
     */
    void writeJson(String command, List<TpchBenchmark.Result> results, boolean planOnly, PrintWriter out)
            throws IOException {
        if (json == null) {
            return;
        }
        Files.writeString(json, TpchBenchmark.json(results, scaleFactor, threadCount(), planOnly));
        if (planOnly) {
            out.println("Wrote " + json);
            return;
        }
        Path chart = SvgChart.nextTo(json, "");
        chart(command, results, scaleFactor, threadCount()).write(chart);
        out.println("Wrote " + json + " and " + chart);
    }

    /** Per-query time ratio Quiver/DuckDB as bars, with the line where both are equally fast. */
    static SvgChart chart(String command, List<TpchBenchmark.Result> results, double scaleFactor, int threads) {
        return SvgChart.of(
                        SvgChart.Style.BARS,
                        String.format(
                                Locale.ROOT,
                                "bench %s SF %s, %d threads: time Quiver / DuckDB (geomean %.2f)",
                                command,
                                scaleFactor,
                                threads,
                                TpchBenchmark.geomean(results)),
                        "query",
                        "Quiver time / DuckDB time (lower is better)",
                        results.stream().map(TpchBenchmark.Result::query).toList(),
                        List.of(new SvgChart.Series(
                                "Quiver / DuckDB",
                                results.stream()
                                        .map(TpchBenchmark.Result::ratio)
                                        .toList())))
                .withReferenceLine(1, "as fast as DuckDB");
    }
}
