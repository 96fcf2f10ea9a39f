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
import java.util.stream.Collectors;

/** Prints a {@link Report} as a table with the goal ratios, and writes it as JSON. */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** The results table, the ratios the goals ask for, and pool start-up and memory. */
    public static void printTable(Report report, PrintStream out) {
        int workers = report.settings().workers();
        out.println();
        out.printf("%-8s %-16s %7s %11s %9s %14s%n", "workload", "mode", "workers", "rows", "seconds", "rows/s");
        for (Result result : report.results()) {
            out.printf(Locale.ROOT, "%-8s %-16s %7d %11d %9.3f %,14.0f%n", result.workload().label(), result.mode().label(),
                    result.workers(), result.rows(), result.seconds(), result.rowsPerSecond());
        }
        out.println();
        out.println("Ratios of rows/s (goal in brackets):");
        for (Workload workload : report.settings().workloads()) {
            List<Result> results = report.results();
            double speedup = ratio(results, workload, Mode.OWN_GIL, Mode.ONE_INTERPRETER);
            ratioLine(out, workload, "own-gil N / one-interpreter", speedup, 0.95 * workers,
                    String.format(Locale.ROOT, ">= 0.95 x N = %.2f", 0.95 * workers));
            ratioLine(out, workload, "bare-loop-n / bare-loop", ratio(results, workload, Mode.BARE_LOOP_N, Mode.BARE_LOOP),
                    Double.NaN, "the machine's own N-core speedup");
            ratioLine(out, workload, "one-interpreter / bare-loop", ratio(results, workload, Mode.ONE_INTERPRETER,
                    Mode.BARE_LOOP), 0.90, ">= 0.90, within 10%");
            ratioLine(out, workload, "own-gil N / bare-loop-n", ratio(results, workload, Mode.OWN_GIL, Mode.BARE_LOOP_N),
                    Double.NaN, "Quiver on N cores vs N bare processes");
            ratioLine(out, workload, "own-gil N / process-pool N", ratio(results, workload, Mode.OWN_GIL, Mode.PROCESS_POOL),
                    workload == Workload.LIGHT ? 1.5 : Double.NaN, workload == Workload.LIGHT ? ">= 1.5" : "no goal");
            ratioLine(out, workload, "own-gil N / shared-gil N", ratio(results, workload, Mode.OWN_GIL, Mode.SHARED_GIL),
                    Double.NaN, "no goal");
            double ceiling = ratio(results, workload, Mode.BARE_LOOP_N, Mode.BARE_LOOP);
            if (ceiling < 0.9 * workers) {
                out.printf(Locale.ROOT, "  %-6s WARNING: %d plain python processes got only %.2fx of one: the machine did not "
                        + "give this run %d free cores (other load?), so no parallel figure above can reach its goal%n",
                        workload.label(), workers, ceiling, workers);
            }
        }
        out.println();
        out.printf("Python %s; runtime start (load libpython, main interpreter) %.1f ms%n",
                report.pythonVersion().split(" ")[0], millis(report.runtimeStartup()));
        for (PoolStartup startup : report.poolStartups()) {
            List<Duration> creates = startup.interpreterCreateTimes();
            out.printf(Locale.ROOT, "Pool start %-16s %2d interpreters: %7.1f ms wall; per interpreter %s ms%s%n",
                    startup.mode().label(), startup.workers(), millis(startup.startup()),
                    creates.stream().map(d -> String.format(Locale.ROOT, "%.1f", millis(d))).collect(Collectors.joining(", ")),
                    startup.rssPerInterpreter() < 0 ? ""
                            : String.format(Locale.ROOT, "; RSS +%.1f MB per interpreter", startup.rssPerInterpreter() / 1e6));
        }
    }

    /**
     * Writes one JSON object per (workload, mode) — fields workload, mode, workers, rows, seconds
     * (the median pass), rows_per_second — as a JSON array.
     */
    public static void writeJson(Report report, Path file) throws IOException {
        String json = report.results().stream()
                .map(result -> String.format(Locale.ROOT,
                        "  {\"workload\": \"%s\", \"mode\": \"%s\", \"workers\": %d, \"rows\": %d, \"seconds\": %.6f, "
                                + "\"rows_per_second\": %.1f}",
                        result.workload().label(), result.mode().label(), result.workers(), result.rows(),
                        result.seconds(), result.rowsPerSecond()))
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    private static double ratio(List<Result> results, Workload workload, Mode numerator, Mode denominator) {
        Result top = UdfBenchmark.find(results, workload, numerator);
        Result bottom = UdfBenchmark.find(results, workload, denominator);
        return top == null || bottom == null ? Double.NaN : top.rowsPerSecond() / bottom.rowsPerSecond();
    }

    private static void ratioLine(PrintStream out, Workload workload, String what, double value, double goal, String goalText) {
        String verdict = Double.isNaN(goal) ? "" : value >= goal ? "  met" : "  NOT met";
        out.printf(Locale.ROOT, "  %-6s %-28s %6.2fx  [%s]%s%n", workload.label(), what, value, goalText, verdict);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
