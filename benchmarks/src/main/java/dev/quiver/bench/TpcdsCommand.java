package dev.quiver.bench;

import dev.quiver.bench.tpch.TpchBenchmark;
import dev.quiver.bench.tpch.TpchQueries;
import dev.quiver.engine.cli.VersionInfo;
import dev.quiver.engine.source.TpcdsGenerator;
import dev.quiver.sqltest.tpcds.TpcdsQueries;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./quiver bench tpcds}: the 99 TPC-DS queries on Quiver and on DuckDB, with the geomean ratio. */
@Command(
        name = "tpcds",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        header = "The TPC-DS queries on Quiver and on DuckDB: per-query times and the geomean ratio.",
        description = {
            "Generate TPC-DS once (io.trino.tpcds), load it into Quiver and into DuckDB (in memory,",
            "same threads), run the 103 query texts of the 99 queries on both (warm-up, then the",
            "median of several runs) and print per-query times and the geomean ratio Quiver/DuckDB.",
            "A query that fails on either engine is listed and left out of the geomean. The texts",
            "are those the test suite checks (TpcdsQueries: Spark's, with documented rewrites)."
        })
final class TpcdsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ComparisonOptions options;

    @Option(
            names = "--queries",
            split = ",",
            description = "Queries to run, e.g. q3,q14a,q98 (default: all 103 texts).")
    private List<String> queries;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!options.valid(spec.commandLine().getErr())) {
            return 2;
        }
        List<String> names = queries != null ? queries : TpcdsQueries.names();
        if (!TpcdsQueries.names().containsAll(names)) {
            spec.commandLine().getErr().println("--queries takes names among " + TpcdsQueries.names());
            return 2;
        }
        List<TpchQueries.Query> selected = new ArrayList<>();
        for (TpcdsQueries.Query query : TpcdsQueries.load(names)) {
            selected.add(new TpchQueries.Query(selected.size() + 1, query.sql(), query.name()));
        }
        List<TpchBenchmark.Result> results = new TpchBenchmark(
                        "TPC-DS",
                        TpcdsGenerator::generate,
                        options.scaleFactor,
                        options.threadCount(),
                        options.repeat,
                        false)
                .run(selected, out);
        options.writeJson("tpcds", results, false, out);
        return 0;
    }
}
