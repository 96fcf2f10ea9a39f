package dev.quiver.bench.tpch;

import dev.quiver.engine.PreparedQuery;
import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.source.TpchGenerator;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepared TPC-H queries against re-planning, in one run: each query's date and string literals
 * become {@code ?} parameters; per round the same values run once as a statement with its values
 * bound as literals (parsed and planned every time, as before prepared plans) and once through a
 * {@link PreparedQuery} (planned once), the order alternating between rounds. Medians per side and
 * their ratio; the answers are checked equal.
 */
public final class PreparedTpch {
    /** A literal the query keeps (an interval's amount), a DATE literal, or a string literal. */
    private static final Pattern LITERAL =
            Pattern.compile("(?i)(interval\\s+'[^']*')|(date\\s+'(\\d{4}-\\d{2}-\\d{2})')|('([^']*)')");

    /** One query's medians over the timed rounds. */
    public record Result(String query, int parameters, double replanSeconds, double preparedSeconds, long plansMade) {
        /** How many times faster the prepared query ran. */
        public double speedUp() {
            return replanSeconds / preparedSeconds;
        }
    }

    /** A query's text with {@code ?} for its date and string literals, and their values in order. */
    record Parameterized(String sql, List<Object> values) {
        static Parameterized of(String sql) {
            Matcher matcher = LITERAL.matcher(sql);
            StringBuilder text = new StringBuilder();
            List<Object> values = new ArrayList<>();
            while (matcher.find()) {
                String replacement;
                if (matcher.group(1) != null) {
                    replacement = matcher.group(1);
                } else if (matcher.group(2) != null) {
                    values.add(LocalDate.parse(matcher.group(3)));
                    replacement = "?";
                } else {
                    values.add(matcher.group(5));
                    replacement = "?";
                }
                matcher.appendReplacement(text, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(text);
            return new Parameterized(text.toString(), values);
        }
    }

    private static final int WARM_UP_ROUNDS = 5;

    private final double scaleFactor;
    private final int threads;
    private final int repeat;

    public PreparedTpch(double scaleFactor, int threads, int repeat) {
        this.scaleFactor = scaleFactor;
        this.threads = threads;
        this.repeat = repeat;
    }

    public List<Result> run(List<TpchQueries.Query> queries, PrintWriter out) {
        try (Quiver quiver = Quiver.open(QuiverConfig.defaults().withThreads(threads));
                Session session = quiver.newSession()) {
            List<MemoryTable> tables = TpchGenerator.generate(
                    scaleFactor, quiver.config().batchRows(), threads, quiver.storageAllocator());
            tables.forEach(quiver.catalog()::createOrReplace);
            out.printf(
                    Locale.ROOT,
                    "TPC-H SF %s, %d threads: each query re-planned vs prepared, %d paired rounds%n%n",
                    scaleFactor,
                    threads,
                    repeat);
            out.printf(
                    Locale.ROOT,
                    "%-5s %6s %12s %14s %8s %6s%n",
                    "query",
                    "params",
                    "replan (ms)",
                    "prepared (ms)",
                    "speedup",
                    "plans");
            out.flush();
            List<Result> results = new ArrayList<>();
            for (TpchQueries.Query query : queries) {
                Result result = measure(session, query);
                results.add(result);
                out.printf(
                        Locale.ROOT,
                        "%-5s %6d %12.2f %14.2f %8.2f %6d%n",
                        result.query(),
                        result.parameters(),
                        result.replanSeconds() * 1e3,
                        result.preparedSeconds() * 1e3,
                        result.speedUp(),
                        result.plansMade());
                out.flush();
            }
            double[] speedUps = results.stream().mapToDouble(Result::speedUp).toArray();
            out.printf(
                    Locale.ROOT,
                    "%ngeomean speed-up of prepared over re-planned: %.2fx (plans: times a prepared query was"
                            + " planned in all its runs)%n",
                    Math.exp(Arrays.stream(speedUps).map(Math::log).average().orElse(0)));
            return results;
        }
    }

    private Result measure(Session session, TpchQueries.Query query) {
        Parameterized parameterized = Parameterized.of(query.sql());
        PreparedQuery prepared = session.prepare(parameterized.sql());
        List<List<Object>> expected = rows(session.execute(parameterized.sql(), parameterized.values()));
        List<List<Object>> actual = rows(session.execute(prepared, parameterized.values()));
        if (!expected.equals(actual)) {
            throw new IllegalStateException(query.name() + ": the prepared query's answer differs");
        }
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            timeReplanned(session, parameterized);
            timePrepared(session, prepared, parameterized.values());
        }
        double[] replanned = new double[repeat];
        double[] reused = new double[repeat];
        for (int round = 0; round < repeat; round++) {
            if (round % 2 == 0) {
                replanned[round] = timeReplanned(session, parameterized);
                reused[round] = timePrepared(session, prepared, parameterized.values());
            } else {
                reused[round] = timePrepared(session, prepared, parameterized.values());
                replanned[round] = timeReplanned(session, parameterized);
            }
        }
        return new Result(
                query.name(),
                parameterized.values().size(),
                TpchBenchmark.median(replanned),
                TpchBenchmark.median(reused),
                prepared.plansMade());
    }

    private static double timeReplanned(Session session, Parameterized query) {
        long begin = System.nanoTime();
        session.execute(query.sql(), query.values()).close();
        return (System.nanoTime() - begin) / 1e9;
    }

    private static double timePrepared(Session session, PreparedQuery prepared, List<Object> values) {
        long begin = System.nanoTime();
        session.execute(prepared, values).close();
        return (System.nanoTime() - begin) / 1e9;
    }

    private static List<List<Object>> rows(QueryResult result) {
        try (result) {
            return result.rows();
        }
    }
}
