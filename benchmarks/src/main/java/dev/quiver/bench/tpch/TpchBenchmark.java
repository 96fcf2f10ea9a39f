package dev.quiver.bench.tpch;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QueryPlanner;
import dev.quiver.engine.source.DuckDb;
import dev.quiver.engine.source.DuckDbWriter;
import dev.quiver.engine.source.TpchGenerator;
import dev.quiver.engine.sql.SqlParsing;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.sql.SqlNode;
import org.duckdb.DuckDBConnection;

/**
 * TPC-H (or TPC-DS) on Quiver and on DuckDB in the same process, over the same generated rows and
 * with the same number of threads: each query warmed up, then timed {@code repeat} times per engine
 * (runs alternate between the engines, so load from elsewhere hits both), median reported. A query
 * that fails on either engine, or returns a different number of rows, is reported and left out of
 * the geomean. Quiver's
 * planning time (parse to runnable operators, warm) is timed on its own as well, {@code repeat}
 * times; with {@code planOnly} it is the only thing timed and DuckDB is not used.
 */
public final class TpchBenchmark {
    /**
     * One query's medians; rows are checked equal between the engines. {@code planningSeconds} is
     * part of {@code quiverSeconds}; in a plan-only run the other times and the rows are 0.
     */
    public record Result(String query, long rows, double planningSeconds, double quiverSeconds, double duckdbSeconds) {
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
    private final boolean planOnly;
    /** Rounds of planning every query before a plan-only run times any (see {@link #warmUpRounds}). */
    private int warmUpRounds = WARM_UP_ROUNDS;

    /** The TPC-H benchmark; with {@code planOnly} Quiver's planning alone is timed. */
    public TpchBenchmark(double scaleFactor, int threads, int repeat, boolean planOnly) {
        this("TPC-H", TpchGenerator::generate, scaleFactor, threads, repeat, planOnly);
    }

    /** The benchmark called {@code benchmark} (e.g. TPC-DS) over the tables {@code generator} makes. */
    public TpchBenchmark(
            String benchmark, TableGenerator generator, double scaleFactor, int threads, int repeat, boolean planOnly) {
        this.benchmark = benchmark;
        this.generator = generator;
        this.scaleFactor = scaleFactor;
        this.threads = threads;
        this.repeat = repeat;
        this.planOnly = planOnly;
    }

    /**
     * Sets how many rounds of planning every query a plan-only run does before timing (default 10):
     * 0 times planning as a freshly started process meets it (the JIT has compiled little of the
     * planner yet), which is closer to what a full run's plan column and a user's first queries see.
     */
    public TpchBenchmark warmUpRounds(int rounds) {
        if (rounds < 0) {
            throw new IllegalArgumentException("warm-up rounds must be 0 or more, not " + rounds);
        }
        this.warmUpRounds = rounds;
        return this;
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
            if (planOnly) {
                return planOnly(quiver, session, queries, out);
            }
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
            out.printf(
                    Locale.ROOT,
                    "%-5s %10s %10s %12s %12s %8s%n",
                    "query",
                    "rows",
                    "plan (ms)",
                    "quiver (s)",
                    "duckdb (s)",
                    "ratio");
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
                Result result = new Result(
                        query.name(),
                        quiverRows,
                        planningSeconds(session, query.sql()),
                        median(quiverTimes),
                        median(duckdbTimes));
                results.add(result);
                out.printf(
                        Locale.ROOT,
                        "%-5s %10d %10.2f %12.4f %12.4f %8.2f%n",
                        result.query(),
                        result.rows(),
                        result.planningSeconds() * 1e3,
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
                    Locale.ROOT,
                    "%ngeomean ratio Quiver/DuckDB: %.2f (goals: TPC-H <= 1.5, TPC-DS <= 2.0)%n",
                    geomean(results));
            return results;
        }
    }

    /**
     * Plans each query (after warm-up plans) and prints the median, fastest and slowest planning
     * time (wall clock, and CPU time of the planning thread, which load from elsewhere inflates
     * less), then where the median plan's time went, phase by phase.
     */
    private List<Result> planOnly(Quiver quiver, Session session, List<TpchQueries.Query> queries, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "planning only, %d rounds of planning every query first, then %d timed plans per query%n%n",
                warmUpRounds,
                repeat);
        out.printf(Locale.ROOT, "%-5s %10s %10s %10s %10s%n", "query", "plan (ms)", "min (ms)", "max (ms)", "cpu (ms)");
        // every query several times first: the planner's code is shared, and the JIT compiles it
        // only after many calls (under load, later still), so one query's own warm-up is not enough
        for (int round = 0; round < warmUpRounds; round++) {
            for (TpchQueries.Query query : queries) {
                session.resultFields(query.sql(), List.of());
            }
        }
        List<Result> results = new ArrayList<>();
        List<Double> cpuMedians = new ArrayList<>();
        for (TpchQueries.Query query : queries) {
            double[] cpuTimes = new double[repeat];
            double[] times = planningTimes(session, query.sql(), cpuTimes);
            Result result = new Result(query.name(), 0, median(times), 0, 0);
            results.add(result);
            cpuMedians.add(median(cpuTimes));
            out.printf(
                    Locale.ROOT,
                    "%-5s %10.2f %10.2f %10.2f %10.2f%n",
                    result.query(),
                    result.planningSeconds() * 1e3,
                    Arrays.stream(times).min().orElse(0) * 1e3,
                    Arrays.stream(times).max().orElse(0) * 1e3,
                    median(cpuTimes) * 1e3);
            out.println("      " + phases(quiver, query.sql()));
            out.flush();
        }
        double[] medians = results.stream().mapToDouble(Result::planningSeconds).toArray();
        double[] cpu = cpuMedians.stream().mapToDouble(Double::doubleValue).toArray();
        out.printf(
                Locale.ROOT,
                "%nplanning (wall): median query %.2f ms, slowest query %.2f ms (goal <= 10 ms each)%n"
                        + "planning (cpu):  median query %.2f ms, slowest query %.2f ms%n",
                median(medians) * 1e3,
                Arrays.stream(medians).max().orElse(0) * 1e3,
                median(cpu) * 1e3,
                Arrays.stream(cpu).max().orElse(0) * 1e3);
        return results;
    }

    /**
     * Where planning {@code sql} spends its time: the median CPU time over {@code repeat} plans of
     * each phase, parsing included, with a planner made as a session makes one.
     */
    private String phases(Quiver quiver, String sql) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, double[]> phaseMillis = new LinkedHashMap<>();
        for (int run = 0; run < repeat; run++) {
            long begin = threads.getCurrentThreadCpuTime();
            SqlNode parsed = SqlParsing.parseStatement(sql);
            long parseNanos = threads.getCurrentThreadCpuTime() - begin;
            PlannedQuery plan = new QueryPlanner(
                            quiver.catalog(),
                            quiver::files,
                            quiver.config().batchRows(),
                            quiver.config().sourcePushdown())
                    .plan(parsed);
            int index = run;
            phaseMillis.computeIfAbsent("parse", name -> new double[repeat])[index] = parseNanos / 1e6;
            plan.phases()
                    .cpuNanos()
                    .forEach((name, nanos) ->
                            phaseMillis.computeIfAbsent(name, key -> new double[repeat])[index] = nanos / 1e6);
        }
        return phaseMillis.entrySet().stream()
                .map(phase -> String.format(Locale.ROOT, "%s %.2f", phase.getKey(), median(phase.getValue())))
                .collect(Collectors.joining(", ", "cpu per phase (ms): ", ""));
    }

    /** Default rounds of planning every query before timing any: class loading and JIT compilation are not counted. */
    private static final int WARM_UP_ROUNDS = 10;

    /** The median time to plan {@code sql} (parse to runnable operators), warm. */
    private double planningSeconds(Session session, String sql) {
        return median(planningTimes(session, sql, new double[repeat]));
    }

    /** Plans {@code sql} {@code repeat} times: the wall-clock seconds of each, its CPU seconds into {@code cpu}. */
    private double[] planningTimes(Session session, String sql, double[] cpu) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] times = new double[repeat];
        for (int run = 0; run < repeat; run++) {
            long cpuBegin = threads.getCurrentThreadCpuTime();
            long begin = System.nanoTime();
            session.resultFields(sql, List.of());
            times[run] = seconds(begin);
            cpu[run] = (threads.getCurrentThreadCpuTime() - cpuBegin) / 1e9;
        }
        return times;
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
    public static String json(List<Result> results, double scaleFactor, int threads, boolean planOnly) {
        return results.stream()
                .map(result -> String.format(
                        Locale.ROOT,
                        "  {\"query\": \"%s\", \"sf\": %s, \"threads\": %d, \"rows\": %d, \"quiver_seconds\": %.6f, "
                                + "\"duckdb_seconds\": %.6f, \"ratio\": %.4f, \"planning_seconds\": %.6f}",
                        result.query(),
                        scaleFactor,
                        threads,
                        result.rows(),
                        result.quiverSeconds(),
                        result.duckdbSeconds(),
                        planOnly ? 0 : result.ratio(),
                        result.planningSeconds()))
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    }

    public static double geomean(List<Result> results) {
        return Math.exp(results.stream()
                .mapToDouble(result -> Math.log(result.ratio()))
                .average()
                .orElse(0));
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
