package dev.quiver.bench;

import dev.quiver.bench.chart.SvgChart;
import dev.quiver.bench.udfsql.Answers;
import dev.quiver.bench.udfsql.DuckDbPythonSide;
import dev.quiver.bench.udfsql.LineitemParquet;
import dev.quiver.bench.udfsql.Measured;
import dev.quiver.bench.udfsql.PairedRounds;
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
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
            "DuckDB's Python client (else they are skipped with a message). Each query runs",
            "in rounds, every side once a round and the first side rotating (N, 1, DuckDB;",
            "then 1, DuckDB, N; ...), so that load from elsewhere hits all alike; the table",
            "shows median seconds, the cores each side kept busy (CPU / wall time) and the",
            "range of the per-round ratios. With --json, also draws the seconds per function",
            "on each engine as SVG next to the JSON."
        })
final class UdfSqlCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--sf", defaultValue = "1", description = "Scale factor of lineitem (default: ${DEFAULT-VALUE}).")
    private double scaleFactor;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "Timed rounds per query (each runs every engine once); the median counts"
                    + " (default: ${DEFAULT-VALUE}).")
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

    /**
     * One printed line: a query's timed runs on each side (warm-ups left out; round r of every side ran
     * back to back), and DuckDB's per-row 'native' type over a sample when it ran.
     */
    private record Row(
            String query,
            long rows,
            boolean workaround,
            List<Measured> one,
            List<Measured> many,
            Optional<List<Measured>> duckdb,
            Optional<DuckDbPythonSide.Timing> nativeSample) {
        Measured oneMedian() {
            return Measured.median(one);
        }

        Measured manyMedian() {
            return Measured.median(many);
        }

        Optional<Measured> duckdbMedian() {
            return duckdb.map(Measured::median);
        }

        double speedup() {
            return oneMedian().seconds() / manyMedian().seconds();
        }

        double vsDuckdb() {
            return duckdbMedian().orElseThrow().seconds() / manyMedian().seconds();
        }

        /** The lowest and highest ratio of one round's runs, {@code slower} over {@code many}. */
        String roundRange(List<Measured> slower) {
            DoubleSummaryStatistics ratios = IntStream.range(0, many.size())
                    .mapToDouble(round ->
                            slower.get(round).seconds() / many.get(round).seconds())
                    .summaryStatistics();
            return String.format(Locale.ROOT, "%.2f-%.2f", ratios.getMin(), ratios.getMax());
        }
    }

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
            List<Row> rows = time(parquet, selected, parallel, directory, out);
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

    /**
     * Times every query in {@link PairedRounds} on Quiver N, Quiver 1 and (when its runner starts)
     * DuckDB; fails when their answers disagree.
     */
    private List<Row> time(Path parquet, List<UdfSqlQuery> selected, int parallel, Path directory, PrintWriter out)
            throws IOException {
        DuckDbPythonSide.Started started = noDuckdb
                ? new DuckDbPythonSide.Started(null, "--no-duckdb given")
                : new DuckDbPythonSide(duckdbPython).start(parquet, selected, parallel, nativeRows, directory);
        try (DuckDbPythonSide.Runner duckdb = started.runner();
                QuiverSide quiver = new QuiverSide(parallel, parquet)) {
            if (duckdb == null) {
                out.println("DuckDB side skipped: " + started.skipReason());
            } else {
                out.println("DuckDB side: " + duckdb.versions() + "; " + parallel + " threads");
            }
            out.println("Rounds: each runs every side once, the first side rotating (" + load() + "):");
            out.flush();
            List<Row> rows = new ArrayList<>();
            for (UdfSqlQuery query : selected) {
                quiver.create(query);
                List<PairedRounds.Side> sides = new ArrayList<>(List.of(quiver.many(), quiver.one()));
                boolean arrow = duckdb != null && duckdb.hasArrow();
                if (arrow) {
                    sides.add(duckdb.side("arrow"));
                }
                List<List<Measured>> runs = PairedRounds.run(query, sides, repeat, line -> {
                    out.println(line);
                    out.flush();
                });
                List<Double> expected = runs.getFirst().getFirst().answer();
                for (int side = 1; side < sides.size(); side++) {
                    List<Double> answer = runs.get(side).getFirst().answer();
                    if (!Answers.agree(expected, answer)) {
                        throw new IllegalStateException("query " + query.name() + " answers " + expected + " on "
                                + sides.getFirst().name() + " but " + answer + " on "
                                + sides.get(side).name());
                    }
                }
                Optional<DuckDbPythonSide.Timing> nativeSample =
                        duckdb != null && query.kind() == UdfSqlQuery.Kind.SCALAR && nativeRows > 0
                                ? Optional.of(duckdb.time(query.name(), "native"))
                                : Optional.empty();
                rows.add(new Row(
                        query.name(),
                        quiver.rows(),
                        query.workaround() != null,
                        PairedRounds.timed(runs.get(1)),
                        PairedRounds.timed(runs.get(0)),
                        arrow ? Optional.of(PairedRounds.timed(runs.get(2))) : Optional.empty(),
                        nativeSample));
            }
            return rows;
        }
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

    private void print(List<Row> rows, int parallel, int cores, PrintWriter out) {
        String many = "quiver " + parallel;
        out.printf(
                Locale.ROOT,
                "%n%-11s %10s %10s %5s %10s %5s %7s %6s %9s %10s %5s %8s %9s %9s%n",
                "query",
                "rows",
                "quiver 1 s",
                "cores",
                many + " s",
                "cores",
                "balance",
                "N / 1",
                "(rounds)",
                "duckdb s",
                "cores",
                "N / duck",
                "(rounds)",
                "native µs");
        for (Row row : rows) {
            Measured one = row.oneMedian();
            Measured manyRun = row.manyMedian();
            Optional<Measured> duckdb = row.duckdbMedian();
            out.printf(
                    Locale.ROOT,
                    "%-11s %,10d %10.3f %5.2f %10.3f %5.2f %7.2f %5.2fx %9s %10s %5s %8s %9s %9s%n",
                    row.query(),
                    row.rows(),
                    one.seconds(),
                    one.cores(),
                    manyRun.seconds(),
                    manyRun.cores(),
                    manyRun.balance(),
                    row.speedup(),
                    row.roundRange(row.one()),
                    duckdb.map(run -> String.format(Locale.ROOT, "%.3f", run.seconds()))
                            .orElse("-"),
                    duckdb.map(run -> String.format(Locale.ROOT, "%.2f", run.cores()))
                            .orElse("-"),
                    duckdb.map(run -> String.format(Locale.ROOT, "%.2fx", row.vsDuckdb()))
                            .orElse("-"),
                    row.duckdb().map(row::roundRange).orElse("-"),
                    row.nativeSample()
                            .map(sample -> String.format(Locale.ROOT, "%.2f", microsPerRow(sample)))
                            .orElse("-"));
        }
        out.println("(seconds: medians of " + repeat + " rounds; cores: the process's CPU time / wall time during"
                + " that run, below " + parallel + " on the N side the machine did not give the query " + parallel
                + " cores; balance: the " + parallel + " interpreters' CPU time summed over " + parallel
                + " x the busiest one's, 1.00 when none waited for another;"
                + " (rounds): the lowest and highest ratio of one round's runs)");
        if (rows.stream().anyMatch(row -> row.duckdb().isPresent() && row.workaround())) {
            out.println("(median-*, digest-few, tokens: DuckDB's column is its workaround for Python aggregate and"
                    + " table functions: list() per group / unnest of a returned list, with an 'arrow' UDF)");
        }
        List<Row> compared =
                rows.stream().filter(row -> row.duckdb().isPresent()).toList();
        if (!compared.isEmpty()) {
            // Scalar functions and issue 8's aggregate/table functions have different goals: the former
            // against DuckDB's own Python UDFs, the latter against its workaround and Quiver 1.
            List<Row> scalar =
                    compared.stream().filter(row -> !row.workaround()).toList();
            List<Row> workaround = compared.stream().filter(Row::workaround).toList();
            if (!scalar.isEmpty()) {
                double goal = 0.95 * cores;
                out.printf(
                        Locale.ROOT,
                        "%nGoal: Quiver %d at least %.2fx (0.95 x %d cores) as fast as DuckDB's Python UDFs"
                                + " ('arrow' type, the fastest): met for %d of %d queries%n",
                        parallel,
                        goal,
                        cores,
                        scalar.stream().filter(row -> row.vsDuckdb() >= goal).count(),
                        scalar.size());
            }
            if (!workaround.isEmpty()) {
                double goal = 0.9 * cores;
                out.printf(
                        Locale.ROOT,
                        "%sGoal: Python aggregate and table functions on Quiver %d at least %.2fx (0.9 x %d cores)"
                                + " as fast as Quiver 1 and as DuckDB's workaround: met for %d and %d of %d"
                                + " queries%n",
                        scalar.isEmpty() ? "\n" : "",
                        parallel,
                        goal,
                        cores,
                        workaround.stream().filter(row -> row.speedup() >= goal).count(),
                        workaround.stream()
                                .filter(row -> row.vsDuckdb() >= goal)
                                .count(),
                        workaround.size());
            }
            out.println("Answers agree between Quiver 1, Quiver " + parallel + " and DuckDB for every query.");
        } else {
            out.println("\nAnswers agree between Quiver 1 and Quiver " + parallel + " for every query.");
        }
        out.flush();
    }

    /** The chart of the printed rows. */
    private static SvgChart chart(List<Row> rows, double scaleFactor, int parallel) {
        return chart(
                rows.stream().map(Row::query).toList(),
                rows.stream().map(row -> row.oneMedian().seconds()).toList(),
                rows.stream().map(row -> row.manyMedian().seconds()).toList(),
                rows.stream()
                        .map(row -> row.duckdbMedian().map(Measured::seconds).orElse(Double.NaN))
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

    private static double microsPerRow(DuckDbPythonSide.Timing sample) {
        return sample.seconds() * 1e6 / Math.max(1, sample.rows());
    }

    private void writeJson(List<Row> rows, int parallel, int cores) throws IOException {
        String objects = rows.stream()
                .map(row -> {
                    Measured one = row.oneMedian();
                    Measured manyRun = row.manyMedian();
                    StringBuilder object = new StringBuilder(String.format(
                            Locale.ROOT,
                            "  {\"query\": \"%s\", \"sf\": %s, \"rows\": %d, \"cores\": %d, \"interpreters\": %d,"
                                    + " \"repeat\": %d, \"quiver_1_seconds\": %.6f, \"quiver_1_cores_busy\": %.3f,"
                                    + " \"quiver_n_seconds\": %.6f, \"quiver_n_cores_busy\": %.3f,"
                                    + " \"quiver_n_interpreter_cpu_seconds\": [%s], \"quiver_n_balance\": %.3f,"
                                    + " \"speedup_n_vs_1\": %.4f",
                            row.query(),
                            scaleFactor,
                            row.rows(),
                            cores,
                            parallel,
                            repeat,
                            one.seconds(),
                            one.cores(),
                            manyRun.seconds(),
                            manyRun.cores(),
                            manyRun.interpreterCpuText().replace('/', ','),
                            manyRun.balance(),
                            row.speedup()));
                    row.duckdbMedian()
                            .ifPresent(duckdb -> object.append(String.format(
                                    Locale.ROOT,
                                    ", \"duckdb_arrow_seconds\": %.6f, \"duckdb_arrow_cores_busy\": %.3f,"
                                            + " \"duckdb_workaround\": %s, \"quiver_n_vs_duckdb_arrow\": %.4f,"
                                            + " \"goal_met\": %s",
                                    duckdb.seconds(),
                                    duckdb.cores(),
                                    row.workaround(),
                                    row.vsDuckdb(),
                                    row.vsDuckdb() >= 0.95 * cores)));
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
