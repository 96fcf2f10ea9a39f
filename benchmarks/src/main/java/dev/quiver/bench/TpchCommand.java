package dev.quiver.bench;

import dev.quiver.bench.chart.SvgChart;
import dev.quiver.bench.tpch.TpchBenchmark;
import dev.quiver.bench.tpch.TpchQueries;
import dev.quiver.engine.cli.VersionInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./quiver bench tpch}: the 22 TPC-H queries on Quiver and on DuckDB, with the geomean ratio. */
@Command(
        name = "tpch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        header = "The TPC-H queries on Quiver and on DuckDB: per-query times and the geomean ratio.",
        description = {
            "Generate TPC-H once, load it into Quiver and into DuckDB (in memory, same threads),",
            "run the queries on both (warm-up, then the median of several runs) and print per-query",
            "times, Quiver's warm planning time and the geomean ratio Quiver/DuckDB. The query text",
            "is the sqllogictest files'. --plan-only times planning alone (no DuckDB, no execution).",
            "With --json, also draws the per-query ratios as SVG next to the JSON."
        })
final class TpchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--sf", defaultValue = "1", description = "Scale factor (default: ${DEFAULT-VALUE}).")
    private double scaleFactor;

    @Option(names = "--threads", description = "Threads for each engine (default: available processors).")
    private Integer threads;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "Timed runs per query and engine (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(names = "--queries", split = ",", description = "Query numbers to run, e.g. 1,6,19 (default: all 22).")
    private List<Integer> queries;

    @Option(
            names = "--window",
            description = "Run six window function queries over lineitem instead of the TPC-H queries.")
    private boolean window;

    @Option(
            names = "--plan-only",
            description = "Only plan the queries (no DuckDB, no execution): warm planning time per query.")
    private boolean planOnly;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the results as JSON, and next to it a chart of the per-query ratios (FILE"
                    + " with .svg for .json).")
    private Path json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (scaleFactor <= 0 || repeat < 1 || (threads != null && threads < 1)) {
            spec.commandLine().getErr().println("--sf must be positive, --repeat and --threads at least 1");
            return 2;
        }
        List<Integer> numbers =
                queries != null ? queries : IntStream.rangeClosed(1, 22).boxed().toList();
        if (numbers.stream().anyMatch(number -> number < 1 || number > 22)) {
            spec.commandLine().getErr().println("--queries takes numbers from 1 to 22");
            return 2;
        }
        Path root = Path.of(System.getProperty("quiver.home", "."));
        List<TpchQueries.Query> selected = window ? TpchQueries.windowQueries() : TpchQueries.load(root, numbers);
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        List<TpchBenchmark.Result> results =
                new TpchBenchmark(scaleFactor, threadCount, repeat, planOnly).run(selected, out);
        if (json != null) {
            writeJson(results, threadCount);
            Path chart = SvgChart.nextTo(json, "");
            chart(results, scaleFactor, threadCount).write(chart);
            out.println("Wrote " + json + " and " + chart);
        }
        return 0;
    }

    /** Per-query time ratio Quiver/DuckDB as bars, with the line where both are equally fast. */
    static SvgChart chart(List<TpchBenchmark.Result> results, double scaleFactor, int threads) {
        return SvgChart.of(
                        SvgChart.Style.BARS,
                        String.format(
                                Locale.ROOT,
                                "bench tpch SF %s, %d threads: time Quiver / DuckDB (geomean %.2f)",
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

    private void writeJson(List<TpchBenchmark.Result> results, int threadCount) throws IOException {
        String rows = results.stream()
                .map(result -> String.format(
                        Locale.ROOT,
                        "  {\"query\": \"%s\", \"sf\": %s, \"threads\": %d, \"rows\": %d, \"quiver_seconds\": %.6f, "
                                + "\"duckdb_seconds\": %.6f, \"ratio\": %.4f, \"planning_seconds\": %.6f}",
                        result.query(),
                        scaleFactor,
                        threadCount,
                        result.rows(),
                        result.quiverSeconds(),
                        result.duckdbSeconds(),
                        planOnly ? 0 : result.ratio(),
                        result.planningSeconds()))
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
        Files.writeString(json, rows);
    }
}
