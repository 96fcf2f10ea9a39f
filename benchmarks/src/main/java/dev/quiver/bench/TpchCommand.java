package dev.quiver.bench;

import dev.quiver.bench.tpch.PreparedTpch;
import dev.quiver.bench.tpch.TpchBenchmark;
import dev.quiver.bench.tpch.TpchQueries;
import dev.quiver.engine.cli.VersionInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "--prepared runs each query with its date and string literals as ? parameters, re-planned",
            "vs prepared once (paired rounds, no DuckDB): what plan reuse saves.",
            "With --json, also draws the per-query ratios as SVG next to the JSON."
        })
final class TpchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ComparisonOptions options;

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
            names = "--warm-up-rounds",
            paramLabel = "N",
            description = "With --plan-only: rounds of planning every query before timing (default: 10; 0 times"
                    + " planning as a fresh process meets it, before the JIT has compiled the planner).")
    private Integer warmUpRounds;

    @Option(
            names = "--prepared",
            description = "Time each query re-planned vs prepared once (parameters for its literals; no DuckDB).")
    private boolean prepared;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!options.valid(spec.commandLine().getErr())) {
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
        if (warmUpRounds != null && (!planOnly || warmUpRounds < 0)) {
            spec.commandLine().getErr().println("--warm-up-rounds takes a number of 0 or more, with --plan-only");
            return 2;
        }
        if (prepared) {
            new PreparedTpch(options.scaleFactor, options.threadCount(), options.repeat).run(selected, out);
            return 0;
        }
        TpchBenchmark benchmark =
                new TpchBenchmark(options.scaleFactor, options.threadCount(), options.repeat, planOnly);
        if (warmUpRounds != null) {
            benchmark.warmUpRounds(warmUpRounds);
        }
        List<TpchBenchmark.Result> results = benchmark.run(selected, out);
        options.writeJson("tpch", results, planOnly, out);
        return 0;
    }
}
