package dev.quiver.bench.tpch;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.source.DuckDb;
import dev.quiver.engine.source.DuckDbWriter;
import dev.quiver.engine.source.TpchGenerator;
import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/**
 * TPC-H (or TPC-DS) on Quiver and on DuckDB in the same process, over the same generated rows and
 * with the same number of threads: each query warmed up, then timed {@code repeat} times per engine
 * (runs alternate between the engines, so load from elsewhere hits both), median reported. A query
 * that fails on either engine, or returns a different number of rows, is reported and left out of
 * the geomean.
 */
public final class TpchBenchmark {
    /** One query's medians; rows are checked equal between the engines. */
    public record Result(String query, long rows, double quiverSeconds, double duckdbSeconds) {
        public double ratio() {
            return quiverSeconds / duckdbSeconds;
        }
    }

    /** Generates a benchmark's tables into Quiver's storage allocator. */
    @FunctionalInterface
    public interface TableGenerator {
        List<MemoryTable> generate(double scaleFactor, int batchRows, int threads, BufferAllocator allocator);
    }

    private final String benchmark;
    private final TableGenerator generator;
    private final double scaleFactor;
    private final int threads;
    private final int repeat;

    /** The TPC-H benchmark. */
    public TpchBenchmark(double scaleFactor, int threads, int repeat) {
        this("TPC-H", TpchGenerator::generate, scaleFactor, threads, repeat);
    }

    /** The benchmark called {@code benchmark} (e.g. TPC-DS) over the tables {@code generator} makes. */
    public TpchBenchmark(String benchmark, TableGenerator generator, double scaleFactor, int threads, int repeat) {
        this.benchmark = benchmark;
        this.generator = generator;
        this.scaleFactor = scaleFactor;
        this.threads = threads;
        this.repeat = repeat;
    }

    public List<Result> run(List<TpchQueries.Query> queries, PrintWriter out) throws SQLException {
        try (Quiver quiver = Quiver.open(QuiverConfig.defaults().withThreads(threads));
                Session session = quiver.newSession();
                DuckDBConnection duckdb = DuckDb.openInMemory()) {
            long start = System.nanoTime();
            List<MemoryTable> tables =
                    generator.generate(scaleFactor, quiver.config().batchRows(), threads, quiver.storageAllocator());
            tables.forEach(quiver.catalog()::createOrReplace);
            out.printf(Locale.ROOT, "generated %s SF %s in %.1f s%n", benchmark, scaleFactor, seconds(start));
            start = System.nanoTime();
            DuckDbWriter.createTables(duckdb, tables, quiver.storageAllocator());
            try (Statement statement = duckdb.createStatement()) {
                statement.execute("SET threads = " + threads);
            }
            out.printf(
                    Locale.ROOT,
                    "loaded into DuckDB in %.1f s; %d threads each, %d timed runs per query%n%n",
                    seconds(start),
                    threads,
                    repeat);
            out.printf(Locale.ROOT, "%-5s %10s %12s %12s %8s%n", "query", "rows", "quiver (s)", "duckdb (s)", "ratio");
            out.flush();
            List<Result> results = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (TpchQueries.Query query : queries) {
                long quiverRows;
                long duckdbRows;
                try {
                    quiverRows = runQuiver(session, query.sql());
                    duckdbRows = runDuckDb(duckdb, query.sql());
                } catch (QuiverException | SQLException e) {
                    failed.add(query.name());
                    out.printf(Locale.ROOT, "%-5s failed: %s%n", query.name(), firstLine(e.getMessage()));
                    out.flush();
                    continue;
                }
                if (quiverRows != duckdbRows) {
                    failed.add(query.name());
                    out.printf(
                            Locale.ROOT,
                            "%-5s failed: Quiver returned %d rows, DuckDB %d%n",
                            query.name(),
                            quiverRows,
                            duckdbRows);
                    out.flush();
                    continue;
                }
                double[] quiverTimes = new double[repeat];
                double[] duckdbTimes = new double[repeat];
                for (int run = 0; run < repeat; run++) {
                    long begin = System.nanoTime();
                    runQuiver(session, query.sql());
                    quiverTimes[run] = seconds(begin);
                    begin = System.nanoTime();
                    runDuckDb(duckdb, query.sql());
                    duckdbTimes[run] = seconds(begin);
                }
                Result result = new Result(query.name(), quiverRows, median(quiverTimes), median(duckdbTimes));
                results.add(result);
                out.printf(
                        Locale.ROOT,
                        "%-5s %10d %12.4f %12.4f %8.2f%n",
                        result.query(),
                        result.rows(),
                        result.quiverSeconds(),
                        result.duckdbSeconds(),
                        result.ratio());
                out.flush();
            }
            if (!failed.isEmpty()) {
                out.printf(
                        Locale.ROOT,
                        "%n%d of %d queries failed and are not in the geomean: %s%n",
                        failed.size(),
                        queries.size(),
                        String.join(", ", failed));
            }
            out.printf(
                    Locale.ROOT, "%ngeomean ratio Quiver/DuckDB: %.2f (goal <= 2.0, stretch 1.2)%n", geomean(results));
            return results;
        }
    }

    /** Runs a query to the end (the result is materialised as Arrow batches) and returns its row count. */
    private static long runQuiver(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rowCount();
        }
    }

    /** Runs a query and reads every row, as a client would. */
    private static long runDuckDb(DuckDBConnection duckdb, String sql) throws SQLException {
        try (Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            long count = 0;
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    rows.getObject(column);
                }
                count++;
            }
            return count;
        }
    }

    private static String firstLine(String text) {
        String message = String.valueOf(text);
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** The results as a JSON array, one object per query, as {@code --json} writes them. */
    public static String json(List<Result> results, double scaleFactor, int threads) {
        return results.stream()
                .map(result -> String.format(
                        Locale.ROOT,
                        "  {\"query\": \"%s\", \"sf\": %s, \"threads\": %d, \"rows\": %d, \"quiver_seconds\": %.6f, "
                                + "\"duckdb_seconds\": %.6f, \"ratio\": %.4f}",
                        result.query(),
                        scaleFactor,
                        threads,
                        result.rows(),
                        result.quiverSeconds(),
                        result.duckdbSeconds(),
                        result.ratio()))
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    }

    public static double geomean(List<Result> results) {
        return Math.exp(results.stream()
                .mapToDouble(result -> Math.log(result.ratio()))
                .average()
                .orElse(0));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
