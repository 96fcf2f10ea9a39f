package dev.quiver.bench;

import dev.quiver.bench.udf.ReportWriter;
import dev.quiver.bench.udf.UdfBenchmark;
import dev.quiver.bench.udf.Workload;
import java.nio.file.Path;
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
            "time and RSS per interpreter.",
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
            description = "Also write the results as a JSON array, one object per workload and mode with the fields "
                    + "workload, mode, workers, rows, seconds (median pass), rows_per_second.")
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
        UdfBenchmark.Settings settings;
        try {
            settings = new UdfBenchmark.Settings(rows, workers, batchRows, warmup, repeat, workloads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        UdfBenchmark.Report report = UdfBenchmark.run(settings, System.out);
        ReportWriter.printTable(report, System.out);
        if (json != null) {
            ReportWriter.writeJson(report, json);
            System.out.println("\nWrote " + json);
        }
        return 0;
    }
}
