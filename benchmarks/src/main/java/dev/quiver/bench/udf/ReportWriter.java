package dev.quiver.bench.udf;

import dev.quiver.bench.udf.UdfBenchmark.PoolStartup;
import dev.quiver.bench.udf.UdfBenchmark.Report;
import dev.quiver.bench.udf.UdfBenchmark.Result;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Prints a {@link Report} as a table with the goal ratios, and writes it as JSON. */
public final class ReportWriter {
    private ReportWriter() {}

    /** The results table, the ratios the goals ask for, and pool start-up and memory. */
    public static void printTable(Report report, PrintStream out) {
        int workers = report.settings().workers();
        out.println();
        out.printf(
                "%-8s %-16s %7s %11s %9s %14s %9s%n",
                "workload", "mode", "workers", "rows", "seconds", "rows/s", "best s");
        for (Result result : report.results()) {
            out.printf(
                    Locale.ROOT,
                    "%-8s %-16s %7d %11d %9.3f %,14.0f %9.3f%n",
                    result.workload().label(),
                    result.mode().label(),
                    result.workers(),
                    result.rows(),
                    result.seconds(),
                    result.rowsPerSecond(),
                    result.bestSeconds());
        }
        out.println();
        out.println("Ratios of rows/s: of the median passes (the verdict), and of the best passes");
        out.printf("  %-8s %-28s %7s %7s  %s%n", "workload", "ratio", "median", "best", "goal");
        for (Workload workload : report.settings().workloads()) {
            List<Ratio> ratios = List.of(
                    new Ratio(
                            Mode.OWN_GIL,
                            Mode.ONE_INTERPRETER,
                            0.95 * workers,
                            String.format(Locale.ROOT, ">= 0.95 x N = %.2f", 0.95 * workers)),
                    new Ratio(
                            Mode.BARE_LOOP_N,
                            Mode.BARE_LOOP,
                            Double.NaN,
                            "(control: the machine's own N-core speedup)"),
                    new Ratio(Mode.ONE_INTERPRETER, Mode.BARE_LOOP, 0.90, ">= 0.90 (within 10%)"),
                    new Ratio(Mode.OWN_GIL, Mode.BARE_LOOP_N, Double.NaN, "(Quiver on N cores vs N bare processes)"),
                    workload == Workload.LIGHT
                            ? new Ratio(Mode.OWN_GIL, Mode.PROCESS_POOL, 1.5, ">= 1.5")
                            : new Ratio(Mode.OWN_GIL, Mode.PROCESS_POOL, Double.NaN, "(goal only for light)"),
                    new Ratio(Mode.OWN_GIL, Mode.SHARED_GIL, Double.NaN, ""));
            for (Ratio ratio : ratios) {
                double median = ratio.of(report.results(), workload, Result::rowsPerSecond);
                double best = ratio.of(report.results(), workload, result -> result.rows() / result.bestSeconds());
                String verdict = Double.isNaN(ratio.goal()) || Double.isNaN(median)
                        ? ""
                        : median >= ratio.goal() ? "  met" : "  NOT met";
                out.printf(
                        Locale.ROOT,
                        "  %-8s %-28s %6.2fx %6.2fx  %s%s%n",
                        workload.label(),
                        ratio.label(),
                        median,
                        best,
                        ratio.goalText(),
                        verdict);
            }
            double ceiling = new Ratio(Mode.BARE_LOOP_N, Mode.BARE_LOOP, 0, "")
                    .of(report.results(), workload, Result::rowsPerSecond);
            if (ceiling < 0.9 * workers) {
                out.printf(
                        Locale.ROOT,
                        "  %-8s WARNING: %d plain python processes got only %.2fx of one: this run did not "
                                + "have %d free cores (other load?), which caps every parallel figure above%n",
                        workload.label(),
                        workers,
                        ceiling,
                        workers);
            }
        }
        out.println();
        out.printf(
                "Python %s; runtime start (load libpython, main interpreter) %.1f ms%n",
                report.pythonVersion().split(" ")[0], millis(report.runtimeStartup()));
        for (PoolStartup startup : report.poolStartups()) {
            List<Duration> creates = startup.interpreterCreateTimes();
            out.printf(
                    Locale.ROOT,
                    "Pool start %-16s %2d interpreters: %7.1f ms wall; per interpreter %s ms%s%n",
                    startup.mode().label(),
                    startup.workers(),
                    millis(startup.startup()),
                    creates.stream()
                            .map(d -> String.format(Locale.ROOT, "%.1f", millis(d)))
                            .collect(Collectors.joining(", ")),
                    startup.rssPerInterpreter() < 0
                            ? ""
                            : String.format(
                                    Locale.ROOT, "; RSS +%.1f MB per interpreter", startup.rssPerInterpreter() / 1e6));
        }
    }

    /**
     * Writes one JSON object per (workload, mode, workers) — fields workload, mode, workers, rows,
     * seconds (the median pass), rows_per_second — as a JSON array.
     */
    public static void writeJson(List<Result> results, Path file) throws IOException {
        String json = results.stream()
                .map(result -> String.format(
                        Locale.ROOT,
                        "  {\"workload\": \"%s\", \"mode\": \"%s\", \"workers\": %d, \"rows\": %d, \"seconds\": %.6f, "
                                + "\"rows_per_second\": %.1f}",
                        result.workload().label(),
                        result.mode().label(),
                        result.workers(),
                        result.rows(),
                        result.seconds(),
                        result.rowsPerSecond()))
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    /** A ratio of two modes' throughput, with its goal (NaN for none). */
    private record Ratio(Mode numerator, Mode denominator, double goal, String goalText) {
        String label() {
            String top = numerator.label() + (numerator == Mode.OWN_GIL ? " N" : "");
            String bottom = denominator.label()
                    + (denominator == Mode.PROCESS_POOL || denominator == Mode.SHARED_GIL ? " N" : "");
            return top + " / " + bottom;
        }

        double of(List<Result> results, Workload workload, ToDoubleFunction<Result> rowsPerSecond) {
            Result top = UdfBenchmark.find(results, workload, numerator);
            Result bottom = UdfBenchmark.find(results, workload, denominator);
            return top == null || bottom == null
                    ? Double.NaN
                    : rowsPerSecond.applyAsDouble(top) / rowsPerSecond.applyAsDouble(bottom);
        }
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
