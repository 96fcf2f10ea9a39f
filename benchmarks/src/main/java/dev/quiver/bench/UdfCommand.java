package dev.quiver.bench;

import dev.quiver.bench.udf.ReportWriter;
import dev.quiver.bench.udf.UdfBenchmark;
import dev.quiver.bench.udf.UdfCharts;
import dev.quiver.bench.udf.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench udf}: UDF throughput in every execution mode, with the ratios the goals ask for. */
@Command(
        name = "udf",
        sortOptions = false,
        header = "UDF rows/s on 1 and N interpreters, shared GIL, processes, a bare loop.",
        description = {
            "Runs a light UDF (x * x + 1.0) and a CPU-heavy one (12 math calls per",
            "row) over the same DOUBLE rows in six modes, warmed up, then timed",
            "--repeat times (the median counts); prints rows/s and the goal ratios:",
            "  one-interpreter  1 own-GIL sub-interpreter (a Quiver pool of 1)",
            "  own-gil          N own-GIL sub-interpreters, all batches submitted at once",
            "  shared-gil       N sub-interpreters sharing one GIL (the legacy model)",
            "  process-pool     N python processes, each batch sent as Arrow IPC",
            "                   over a pipe (the workaround the field uses)",
            "  bare-loop        array('d', map(udf, data)) over all rows in one plain",
            "                   python process: the limit for one core",
            "  bare-loop-n      N such processes at once, 1/N of the rows each: what",
            "                   this machine gives on N cores (the speedup ceiling)",
            "Every mode's output is checked against the others' (bit-exact checksum),",
            "so a mode cannot silently compute nothing. Also prints pool start-up",
            "time and RSS per interpreter. With --json, also draws rows/s against N",
            "per workload as SVG next to the JSON; --sweep runs every N it lists.",
            ""
        })
final class UdfCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--rows", paramLabel = "N", description = "Input rows per workload (default: ${DEFAULT-VALUE}).")
    private long rows = 4_194_304;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description =
                    "N: interpreters or processes of the parallel modes (default: available processors, here ${DEFAULT-VALUE}).")
    private int workers = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--sweep",
            paramLabel = "N",
            split = ",",
            description = "Run the whole benchmark once per N listed (e.g. 1,2,4,8) instead of once with --workers,"
                    + " so the chart draws the curve of rows/s against N.")
    private List<Integer> sweep;

    @Option(names = "--batch-rows", paramLabel = "N", description = "Rows per Arrow batch (default: ${DEFAULT-VALUE}).")
    private int batchRows = 65_536;

    @Option(
            names = "--repeat",
            paramLabel = "K",
            description = "Timed passes per mode; the median is reported (default: ${DEFAULT-VALUE}).")
    private int repeat = 5;

    @Option(
            names = "--warmup",
            paramLabel = "K",
            description = "Untimed passes per mode before measuring (default: ${DEFAULT-VALUE}).")
    private int warmup = 1;

    @Option(
            names = "--workload",
            paramLabel = "light|heavy|all",
            description = "Which UDF to run (default: ${DEFAULT-VALUE}).")
    private String workload = "all";

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the results as a JSON array, one object per workload, mode and N with the "
                    + "fields workload, mode, workers, rows, seconds (median pass), rows_per_second; and, next to "
                    + "it, a chart per workload (FILE without .json, then -light.svg / -heavy.svg).")
    private Path json;

    @Override
    public Integer call() throws Exception {
        List<Workload> workloads = switch (workload) {
            case "light" -> List.of(Workload.LIGHT);
            case "heavy" -> List.of(Workload.HEAVY);
            case "all" -> List.of(Workload.LIGHT, Workload.HEAVY);
            default ->
                throw new ParameterException(
                        spec.commandLine(), "--workload must be light, heavy or all, not '" + workload + "'");
        };
        List<Integer> counts = sweep != null ? sweep : List.of(workers);
        List<UdfBenchmark.Settings> runs = new ArrayList<>();
        try {
            for (int count : counts) {
                runs.add(new UdfBenchmark.Settings(rows, count, batchRows, warmup, repeat, workloads));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<UdfBenchmark.Result> results = new ArrayList<>();
        for (UdfBenchmark.Settings settings : runs) {
            UdfBenchmark.Report report = UdfBenchmark.run(settings, System.out);
            ReportWriter.printTable(report, System.out);
            results.addAll(report.results());
        }
        if (json != null) {
            ReportWriter.writeJson(results, json);
            System.out.println("\nWrote " + json);
            for (Path chart : UdfCharts.write(results, json, rows + " rows")) {
                System.out.println("Wrote " + chart);
            }
        }
        return 0;
    }
}
