package dev.quiver.bench;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.cli.VersionInfo;
import dev.quiver.engine.source.DuckDb;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.duckdb.DuckDBConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./quiver bench asof}: ASOF joins of a trades table with a prices table on Quiver and on
 * DuckDB (in memory, same threads), checking that both give the same answer.
 */
@Command(
        name = "asof",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        header = "ASOF JOIN of trades (default 1 M rows) with prices (100 K rows) on Quiver and DuckDB.",
        description = {
            "Create trades(sym, ts) and prices(sym, ts, price) with range() in both engines,",
            "time an ASOF JOIN on a key and an ASOF LEFT JOIN without keys (one warm-up, then",
            "the median of several runs) and print the ratio Quiver/DuckDB and the load",
            "average. The answers must be equal."
        })
final class AsofCommand implements Callable<Integer> {
    private static final String[][] QUERIES = {
        {
            "keyed, 100 syms",
            "SELECT count(*), sum(p.price), sum(t.ts - p.ts) FROM trades t"
                    + " ASOF JOIN prices p ON t.sym = p.sym AND t.ts >= p.ts"
        },
        {
            "no keys, LEFT",
            "SELECT count(*), count(p.price), sum(p.price) FROM trades t ASOF LEFT JOIN prices p ON t.ts >= p.ts"
        }
    };

    @Spec
    private CommandSpec spec;

    @Option(names = "--trades", defaultValue = "1000000", description = "Rows of trades (default: ${DEFAULT-VALUE}).")
    private long trades;

    @Option(names = "--prices", defaultValue = "100000", description = "Rows of prices (default: ${DEFAULT-VALUE}).")
    private long prices;

    @Option(names = "--threads", description = "Threads of each engine (default: available processors).")
    private Integer threads;

    @Option(names = "--repeat", defaultValue = "5", description = "Timed runs per query (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (trades < 1 || prices < 1 || repeat < 1 || (threads != null && threads < 1)) {
            spec.commandLine().getErr().println("--trades, --prices, --repeat and --threads must be at least 1");
            return 2;
        }
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        List<String> setup = List.of(
                "CREATE TABLE trades AS SELECT range % 100 AS sym, range * 7 AS ts FROM range(" + trades + ")",
                "CREATE TABLE prices AS SELECT range % 100 AS sym, range * 70 + 3 AS ts, range AS price FROM range("
                        + prices + ")");
        try (Quiver quiver = Quiver.open(QuiverConfig.defaults().withThreads(threadCount));
                Session session = quiver.newSession();
                DuckDBConnection duckdb = DuckDb.openInMemory();
                Statement statement = duckdb.createStatement()) {
            statement.execute("SET threads = " + threadCount);
            for (String sql : setup) {
                session.execute(sql).close();
                statement.execute(sql);
            }
            out.printf(
                    Locale.ROOT,
                    "trades %d rows, prices %d rows, %d threads each, load average %s%n",
                    trades,
                    prices,
                    threadCount,
                    loadAverage());
            out.printf(Locale.ROOT, "%-16s %12s %12s %8s%n", "query", "quiver (ms)", "duckdb (ms)", "ratio");
            for (String[] query : QUERIES) {
                String quiverAnswer = quiverRun(session, query[1]);
                String duckdbAnswer = duckdbRun(statement, query[1]);
                if (!quiverAnswer.equals(duckdbAnswer)) {
                    throw new IllegalStateException(
                            "answers differ for " + query[0] + ": " + quiverAnswer + " vs " + duckdbAnswer);
                }
                double[] quiverTimes = new double[repeat];
                double[] duckdbTimes = new double[repeat];
                for (int run = 0; run < repeat; run++) { // interleaved, so that load changes hit both
                    long start = System.nanoTime();
                    quiverRun(session, query[1]);
                    quiverTimes[run] = (System.nanoTime() - start) / 1e6;
                    start = System.nanoTime();
                    duckdbRun(statement, query[1]);
                    duckdbTimes[run] = (System.nanoTime() - start) / 1e6;
                }
                double quiverMedian = median(quiverTimes);
                double duckdbMedian = median(duckdbTimes);
                out.printf(
                        Locale.ROOT,
                        "%-16s %12.1f %12.1f %7.2fx%n",
                        query[0],
                        quiverMedian,
                        duckdbMedian,
                        quiverMedian / duckdbMedian);
                out.flush();
            }
            out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
        }
        return 0;
    }

    private static String quiverRun(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            List<String> values = new ArrayList<>();
            for (Object value : result.rows().getFirst()) {
                values.add(String.valueOf(value));
            }
            return String.join(",", values);
        }
    }

    private static String duckdbRun(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            List<String> values = new ArrayList<>();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                values.add(String.valueOf(result.getObject(column)));
            }
            return String.join(",", values);
        }
    }

    private static double median(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(
                Locale.ROOT, "%.2f (%d cores)", load, Runtime.getRuntime().availableProcessors());
    }
}
