package dev.quiver.bench;

import dev.quiver.bench.udfsql.LineitemParquet;
import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.cli.VersionInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./quiver bench pushdown}: queries over a Parquet file of TPC-H lineitem, timed with
 * projection and filter pushdown into DuckDB's scan and without (DuckDB returns every column and
 * row, Quiver filters), checking that both give the same answer.
 */
@Command(
        name = "pushdown",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        header = "Queries over a Parquet file of TPC-H lineitem, with and without source pushdown.",
        description = {
            "Write TPC-H lineitem as Parquet with DuckDB (in a temporary directory), then time",
            "queries over read_parquet on Quiver with source pushdown and without (warm-up, then the",
            "median of several runs). The answers must be equal."
        })
final class PushdownCommand implements Callable<Integer> {
    private static final List<String[]> QUERIES = List.of(
            new String[] {
                "sum before 1995",
                "SELECT sum(l_extendedprice) FROM read_parquet('%s')" + " WHERE l_shipdate < DATE '1995-01-01'"
            },
            new String[] {
                "TPC-H Q6",
                "SELECT sum(l_extendedprice * l_discount) AS revenue FROM read_parquet('%s')"
                        + " WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'"
                        + " AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24"
            },
            new String[] {
                "count one day", "SELECT count(*) FROM read_parquet('%s') WHERE l_shipdate = DATE '1996-03-13'"
            });

    @Spec
    private CommandSpec spec;

    @Option(names = "--sf", defaultValue = "1", description = "Scale factor of lineitem (default: ${DEFAULT-VALUE}).")
    private double scaleFactor;

    @Option(names = "--threads", description = "Quiver's worker threads (default: available processors).")
    private Integer threads;

    @Option(
            names = "--repeat",
            defaultValue = "5",
            description = "Timed runs per query and mode (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (scaleFactor <= 0 || repeat < 1 || (threads != null && threads < 1)) {
            spec.commandLine().getErr().println("--sf must be positive, --repeat and --threads at least 1");
            return 2;
        }
        Path directory = Files.createTempDirectory("quiver-pushdown-");
        Path parquet = directory.resolve("lineitem.parquet");
        try {
            long start = System.nanoTime();
            LineitemParquet.write(scaleFactor, parquet);
            out.printf(
                    Locale.ROOT,
                    "lineitem SF %s written to %s (%.1f MB) in %.1f s%n",
                    scaleFactor,
                    parquet,
                    Files.size(parquet) / 1e6,
                    (System.nanoTime() - start) / 1e9);
            QuiverConfig config = QuiverConfig.defaults();
            if (threads != null) {
                config = config.withThreads(threads);
            }
            try (Quiver pushing = Quiver.open(config);
                    Quiver notPushing = Quiver.open(config.withSourcePushdown(false));
                    Session withPushdown = pushing.newSession();
                    Session withoutPushdown = notPushing.newSession()) {
                out.printf(Locale.ROOT, "%-16s %14s %14s %8s%n", "query", "pushdown (ms)", "without (ms)", "speedup");
                for (String[] query : QUERIES) {
                    String sql = String.format(Locale.ROOT, query[1], parquet);
                    double[] with = time(withPushdown, sql);
                    double[] without = time(withoutPushdown, sql);
                    if (with[1] != without[1]) {
                        throw new IllegalStateException(
                                "answers differ for " + query[0] + ": " + with[1] + " vs " + without[1]);
                    }
                    out.printf(
                            Locale.ROOT,
                            "%-16s %14.1f %14.1f %7.2fx%n",
                            query[0],
                            with[0],
                            without[0],
                            without[0] / with[0]);
                    out.flush();
                }
            }
        } finally {
            Files.deleteIfExists(parquet);
            Files.deleteIfExists(directory);
        }
        return 0;
    }

    /** The median time in ms over {@code repeat} runs after one warm-up, and the answer (as a number). */
    private double[] time(Session session, String sql) {
        double answer = run(session, sql);
        List<Double> times = new ArrayList<>();
        for (int run = 0; run < repeat; run++) {
            long start = System.nanoTime();
            run(session, sql);
            times.add((System.nanoTime() - start) / 1e6);
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2], answer};
    }

    private static double run(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            Object value = result.rows().getFirst().getFirst();
            return value == null ? Double.NaN : ((Number) value).doubleValue();
        }
    }
}
