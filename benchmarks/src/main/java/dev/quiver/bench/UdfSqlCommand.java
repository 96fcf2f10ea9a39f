package dev.quiver.bench;

import dev.quiver.bench.chart.SvgChart;
import dev.quiver.bench.udfsql.Answers;
import dev.quiver.bench.udfsql.DuckDbPythonSide;
import dev.quiver.bench.udfsql.LineitemParquet;
import dev.quiver.bench.udfsql.ProcessTierSide;
import dev.quiver.bench.udfsql.QuiverSide;
import dev.quiver.bench.udfsql.UdfSqlQueries;
import dev.quiver.bench.udfsql.UdfSqlQuery;
import dev.quiver.engine.cli.VersionInfo;
import dev.quiver.udf.pool.InterpreterPool;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./quiver bench udf-sql}: Python UDFs in SQL over TPC-H lineitem on Quiver with 1 and N
 * interpreters, and the same functions through DuckDB's Python {@code create_function}.
 */
@Command(
        name = "udf-sql",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        header = "Python UDFs in SQL over TPC-H lineitem: Quiver on 1 and N interpreters vs DuckDB.",
        description = {
            "Write TPC-H lineitem as Parquet, load it into two Quiver databases",
            "(1 and N interpreters) and into DuckDB in a separate Python process,",
            "register the same Python functions in all three (DuckDB: create_function,",
            "type 'arrow', and 'native' over a sample) and time the same SQL. Answers",
            "must agree. Python aggregate (median-few: GROUP BY l_returnflag, median-many:",
            "GROUP BY l_orderkey, both heavy in finish; digest-few: GROUP BY l_returnflag,",
            "heavy in accumulate) and table (tokens: LATERAL over l_comment) functions run on",
            "DuckDB as its documented workaround: list() per group, or unnest of a returned",
            "list, with a Python scalar function of type 'arrow'. The DuckDB columns need",
            "DuckDB's Python client (else they are skipped with a message). With --json,",
            "also draws the seconds per function on each engine as SVG next to the JSON."
        })
final class UdfSqlCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--sf", defaultValue = "1", description = "Scale factor of lineitem (default: ${DEFAULT-VALUE}).")
    private double scaleFactor;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "Timed runs per query and engine; the median counts (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(
            names = "--interpreters",
            description =
                    "N, Quiver's interpreters in the parallel run, and DuckDB's threads (default: available processors).")
    private Integer interpreters;

    @Option(
            names = "--queries",
            split = ",",
            description = "Queries to run, of: light, heavy, string, vectorized, median-few, median-many, digest-few,"
                    + " tokens"
                    + " (default: all).")
    private List<String> queries;

    @Option(
            names = "--native-rows",
            defaultValue = "50000",
            description =
                    "Rows DuckDB's per-row 'native' UDF type runs over, once (default: ${DEFAULT-VALUE}; 0 skips it).")
    private long nativeRows;

    @Option(
            names = "--duckdb-python",
            defaultValue = "python3",
            description = "Python with the duckdb package for the DuckDB side (default: ${DEFAULT-VALUE}).")
    private String duckdbPython;

    @Option(names = "--no-duckdb", description = "Time Quiver only.")
    private boolean noDuckdb;

    @Option(
            names = "--no-process-tier",
            description = "Skip the process tier's comparisons (light function on both tiers, numpy on 1 vs N workers"
                    + " and against DuckDB's arrow UDF).")
    private boolean noProcessTier;

    @Option(
            names = "--worker-python",
            paramLabel = "PATH",
            description = "Python (with numpy) for the process tier's workers (default: $QUIVER_WORKER_PYTHON,"
                    + " else the embedded CPython's executable).")
    private Path workerPython;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    private Path json;

    /** One printed line: Quiver's timing and, when the DuckDB side ran, its two UDF types. */
    private record Row(
            QuiverSide.Timing quiver,
            boolean workaround,
            Optional<DuckDbPythonSide.Timing> arrow,
            Optional<DuckDbPythonSide.Timing> nativeSample) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int cores = Runtime.getRuntime().availableProcessors();
        int parallel = interpreters != null ? interpreters : cores;
        if (!(scaleFactor > 0) || repeat < 1 || parallel < 1 || nativeRows < 0) {
            err.println("--sf must be positive, --repeat and --interpreters at least 1, --native-rows not negative");
            return 2;
        }
        List<UdfSqlQuery> selected = select();
        if (selected == null) {
            err.println("--queries takes names of: "
                    + UdfSqlQueries.ALL.stream().map(UdfSqlQuery::name).collect(Collectors.joining(", ")));
            return 2;
        }
        Path directory = Files.createTempDirectory("quiver-udf-sql-");
        Path parquet = directory.resolve("lineitem.parquet");
        try {
            long start = System.nanoTime();
            LineitemParquet.write(scaleFactor, parquet);
            out.printf(
                    Locale.ROOT,
                    "lineitem SF %s written to %s (%.1f MB) in %.1f s; %s%n",
                    scaleFactor,
                    parquet,
                    Files.size(parquet) / 1e6,
                    (System.nanoTime() - start) / 1e9,
                    load());
            out.flush();

            List<QuiverSide.Timing> quiver = new QuiverSide(parallel, repeat).run(parquet, selected, timing -> {
                out.printf(
                        Locale.ROOT,
                        "Quiver %-10s 1 interpreter %.3f s, %d interpreters %.3f s (%.2f cores busy; %s)%n",
                        timing.query(),
                        timing.oneSeconds(),
                        parallel,
                        timing.manySeconds(),
                        timing.manyCoresUsed(),
                        load());
                out.flush();
            });
            if (!noDuckdb) {
                out.println("DuckDB: running " + duckdbPython + " duckdb_udf_runner.py ('native' over " + nativeRows
                        + " rows)...");
                out.flush();
            }
            DuckDbPythonSide.Outcome duckdb = noDuckdb
                    ? new DuckDbPythonSide.Outcome(List.of(), "--no-duckdb given", null)
                    : new DuckDbPythonSide(duckdbPython)
                            .run(parquet, selected, parallel, repeat, nativeRows, directory);
            if (duckdb.skipped()) {
                out.println("DuckDB side skipped: " + duckdb.skipReason());
            } else {
                out.println("DuckDB side: " + duckdb.versions() + "; " + parallel + " threads; " + load());
            }
            List<Row> rows = new ArrayList<>();
            for (QuiverSide.Timing timing : quiver) {
                Optional<DuckDbPythonSide.Timing> arrow = find(duckdb, timing.query(), "arrow");
                Optional<DuckDbPythonSide.Timing> nativeSample = find(duckdb, timing.query(), "native");
                if (arrow.isPresent()
                        && !Answers.agree(timing.answer(), arrow.get().answer())) {
                    throw new IllegalStateException("query " + timing.query() + ": Quiver answers " + timing.answer()
                            + " but DuckDB answers " + arrow.get().answer());
                }
                boolean workaround = selected.stream()
                        .anyMatch(query -> query.name().equals(timing.query()) && query.workaround() != null);
                rows.add(new Row(timing, workaround, arrow, nativeSample));
            }
            print(rows, parallel, cores, out);
            if (!noProcessTier) {
                if (workerPython != null) {
                    System.setProperty(
                            InterpreterPool.WORKER_PYTHON_PROPERTY,
                            workerPython.toAbsolutePath().toString());
                }
                out.println("Process tier (one run each on a loaded machine: ratios, not speeds):");
                DuckDbPythonSide numpyOnDuckdb = noDuckdb ? null : new DuckDbPythonSide(duckdbPython);
                new ProcessTierSide(parallel, repeat, numpyOnDuckdb).run(parquet, directory, line -> {
                    out.println(line);
                    out.flush();
                });
            }
            if (json != null) {
                writeJson(rows, parallel, cores);
                Path chart = SvgChart.nextTo(json, "");
                chart(rows, scaleFactor, parallel).write(chart);
                out.println("Wrote " + json + " and " + chart);
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return 0;
    }

    /** The machine's load average now: ratios on a shared machine mean little without it. */
    private static String load() {
        double average = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return average < 0 ? "load average unknown" : String.format(Locale.ROOT, "load average %.2f", average);
    }

    private List<UdfSqlQuery> select() {
        if (queries == null) {
            return UdfSqlQueries.ALL;
        }
        List<UdfSqlQuery> selected = UdfSqlQueries.ALL.stream()
                .filter(query -> queries.contains(query.name()))
                .toList();
        return selected.size() == queries.size() ? selected : null;
    }

    private static Optional<DuckDbPythonSide.Timing> find(DuckDbPythonSide.Outcome duckdb, String query, String type) {
        return duckdb.timings().stream()
                .filter(timing -> timing.query().equals(query) && timing.type().equals(type))
                .findFirst();
    }

    private void print(List<Row> rows, int parallel, int cores, PrintWriter out) {
        String many = "quiver " + parallel;
        out.printf(
                Locale.ROOT,
                "%n%-11s %10s %11s %11s %7s %6s %13s %14s %14s%n",
                "query",
                "rows",
                "quiver 1 s",
                many + " s",
                "N / 1",
                "cores",
                "duckdb arrow s",
                many + " / arrow",
                "native µs/row");
        for (Row row : rows) {
            QuiverSide.Timing quiver = row.quiver();
            out.printf(
                    Locale.ROOT,
                    "%-11s %,10d %11.3f %11.3f %6.2fx %6.2f %13s %14s %14s%n",
                    quiver.query(),
                    quiver.rows(),
                    quiver.oneSeconds(),
                    quiver.manySeconds(),
                    quiver.oneSeconds() / quiver.manySeconds(),
                    quiver.manyCoresUsed(),
                    row.arrow()
                            .map(arrow -> String.format(Locale.ROOT, "%.3f", arrow.seconds()))
                            .orElse("-"),
                    row.arrow()
                            .map(arrow -> String.format(Locale.ROOT, "%.2fx", arrow.seconds() / quiver.manySeconds()))
                            .orElse("-"),
                    row.nativeSample()
                            .map(sample -> String.format(Locale.ROOT, "%.2f", microsPerRow(sample)))
                            .orElse("-"));
        }
        out.println("(cores: process CPU time / wall time during the median Quiver " + parallel + " run; below "
                + parallel + " the machine did not give the query " + parallel + " cores)");
        if (rows.stream().anyMatch(row -> row.arrow().isPresent() && row.workaround())) {
            out.println("(median-*, tokens: DuckDB's 'arrow' column is its workaround for Python aggregate and"
                    + " table functions: list() per group / unnest of a returned list)");
        }
        double goal = 0.95 * cores;
        List<Row> compared =
                rows.stream().filter(row -> row.arrow().isPresent()).toList();
        if (!compared.isEmpty()) {
            long met = compared.stream().filter(row -> ratio(row) >= goal).count();
            out.printf(
                    Locale.ROOT,
                    "%nGoal: Quiver %d at least %.2fx (0.95 x %d cores) as fast as DuckDB's Python UDFs"
                            + " ('arrow' type, the fastest): met for %d of %d queries%n",
                    parallel,
                    goal,
                    cores,
                    met,
                    compared.size());
            out.println("Answers agree between Quiver 1, Quiver " + parallel + " and DuckDB for every query.");
        } else {
            out.println("\nAnswers agree between Quiver 1 and Quiver " + parallel + " for every query.");
        }
        out.flush();
    }

    /** The chart of the printed rows. */
    private static SvgChart chart(List<Row> rows, double scaleFactor, int parallel) {
        return chart(
                rows.stream().map(row -> row.quiver().query()).toList(),
                rows.stream().map(row -> row.quiver().oneSeconds()).toList(),
                rows.stream().map(row -> row.quiver().manySeconds()).toList(),
                rows.stream()
                        .map(row -> row.arrow()
                                .map(DuckDbPythonSide.Timing::seconds)
                                .orElse(Double.NaN))
                        .toList(),
                scaleFactor,
                parallel);
    }

    /**
     * Seconds per query on Quiver (1 and N interpreters) and with DuckDB's 'arrow' UDFs (NaN: not
     * run; a run without DuckDB draws no DuckDB bars), as grouped bars.
     */
    static SvgChart chart(
            List<String> queries,
            List<Double> quiverOne,
            List<Double> quiverMany,
            List<Double> duckdb,
            double scaleFactor,
            int parallel) {
        List<SvgChart.Series> series = new ArrayList<>(List.of(
                new SvgChart.Series("Quiver, 1 interpreter", quiverOne),
                new SvgChart.Series("Quiver, " + parallel + " interpreters", quiverMany)));
        if (duckdb.stream().anyMatch(seconds -> !seconds.isNaN())) {
            series.add(new SvgChart.Series("DuckDB, " + parallel + " threads", duckdb));
        }
        return SvgChart.of(
                SvgChart.Style.BARS,
                "bench udf-sql, lineitem SF " + scaleFactor + ": seconds per query",
                "query (Python function)",
                "seconds (lower is better)",
                queries,
                series);
    }

    private static double ratio(Row row) {
        return row.arrow().orElseThrow().seconds() / row.quiver().manySeconds();
    }

    private static double microsPerRow(DuckDbPythonSide.Timing sample) {
        return sample.seconds() * 1e6 / Math.max(1, sample.rows());
    }

    private void writeJson(List<Row> rows, int parallel, int cores) throws IOException {
        String objects = rows.stream()
                .map(row -> {
                    QuiverSide.Timing quiver = row.quiver();
                    StringBuilder object = new StringBuilder(String.format(
                            Locale.ROOT,
                            "  {\"query\": \"%s\", \"sf\": %s, \"rows\": %d, \"cores\": %d, \"interpreters\": %d,"
                                    + " \"quiver_1_seconds\": %.6f, \"quiver_n_seconds\": %.6f, \"speedup_n_vs_1\": %.4f,"
                                    + " \"quiver_n_cores_busy\": %.3f",
                            quiver.query(),
                            scaleFactor,
                            quiver.rows(),
                            cores,
                            parallel,
                            quiver.oneSeconds(),
                            quiver.manySeconds(),
                            quiver.oneSeconds() / quiver.manySeconds(),
                            quiver.manyCoresUsed()));
                    row.arrow()
                            .ifPresent(arrow -> object.append(String.format(
                                    Locale.ROOT,
                                    ", \"duckdb_arrow_seconds\": %.6f, \"duckdb_workaround\": %s,"
                                            + " \"quiver_n_vs_duckdb_arrow\": %.4f, \"goal_met\": %s",
                                    arrow.seconds(),
                                    row.workaround(),
                                    ratio(row),
                                    ratio(row) >= 0.95 * cores)));
                    row.nativeSample()
                            .ifPresent(sample -> object.append(String.format(
                                    Locale.ROOT,
                                    ", \"duckdb_native_sample_rows\": %d, \"duckdb_native_sample_seconds\": %.6f,"
                                            + " \"duckdb_native_us_per_row\": %.4f",
                                    sample.rows(),
                                    sample.seconds(),
                                    microsPerRow(sample))));
                    return object.append('}').toString();
                })
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
        Files.writeString(json, objects);
    }
}
