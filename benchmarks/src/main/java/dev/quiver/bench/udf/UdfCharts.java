package dev.quiver.bench.udf;

import dev.quiver.bench.chart.SvgChart;
import dev.quiver.bench.udf.UdfBenchmark.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code bench udf} chart: rows/s against the number of interpreters (or processes), one line
 * per way of running Python, one chart per workload.
 */
public final class UdfCharts {
    /** A line of the chart: the modes it draws from (the one-worker mode first). */
    private record Line(String name, List<Mode> modes) {}

    // One interpreter is the own-GIL pool at N = 1, and the bare loop is the bare loops at N = 1, so
    // each line starts at N = 1 even without --sweep.
    private static final List<Line> LINES = List.of(
            new Line("own-GIL interpreters", List.of(Mode.ONE_INTERPRETER, Mode.OWN_GIL)),
            new Line("shared GIL", List.of(Mode.SHARED_GIL)),
            new Line("process pool", List.of(Mode.PROCESS_POOL)),
            new Line("bare loops (ceiling)", List.of(Mode.BARE_LOOP, Mode.BARE_LOOP_N)));

    private UdfCharts() {}

    /**
     * Writes one chart per workload next to {@code json} ({@code NAME-light.svg}, {@code
     * NAME-heavy.svg}) and returns their paths.
     */
    public static List<Path> write(List<Result> results, Path json, String note) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Workload workload : Workload.values()) {
            List<Result> ofWorkload = results.stream()
                    .filter(result -> result.workload() == workload)
                    .toList();
            if (ofWorkload.isEmpty()) {
                continue;
            }
            Path file = SvgChart.nextTo(json, "-" + workload.label());
            chart(ofWorkload, workload, note).write(file);
            written.add(file);
        }
        return written;
    }

    /** The chart of one workload's results (any mix of worker counts). */
    static SvgChart chart(List<Result> results, Workload workload, String note) {
        List<Integer> workers =
                List.copyOf(new TreeSet<>(results.stream().map(Result::workers).toList()));
        List<SvgChart.Series> series = new ArrayList<>();
        for (Line line : LINES) {
            List<Double> values = new ArrayList<>();
            for (int count : workers) {
                // Several runs of a sweep measure the one-worker modes again: their median counts.
                List<Double> measured = results.stream()
                        .filter(result -> line.modes().contains(result.mode()) && result.workers() == count)
                        .map(Result::rowsPerSecond)
                        .toList();
                values.add(measured.isEmpty() ? Double.NaN : UdfBenchmark.median(measured));
            }
            series.add(new SvgChart.Series(line.name(), values));
        }
        return SvgChart.of(
                SvgChart.Style.LINES,
                "bench udf, " + workload.label() + " UDF: rows/s" + (note.isEmpty() ? "" : " (" + note + ")"),
                "interpreters or processes (N)",
                "rows per second",
                workers.stream().map(String::valueOf).toList(),
                series);
    }
}
