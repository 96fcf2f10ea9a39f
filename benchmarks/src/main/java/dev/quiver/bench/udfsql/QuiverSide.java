package dev.quiver.bench.udfsql;

import com.sun.management.OperatingSystemMXBean;
import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The Quiver half of {@code bench udf-sql}: two databases that differ only in their number of Python
 * interpreters (1 and N), each with lineitem loaded from the same Parquet file and the same functions.
 */
public final class QuiverSide {
    /**
     * The median seconds of one query on 1 and on N interpreters, its answer, lineitem's row count, and
     * the cores the process used during the median N run (process CPU time / wall time): on a shared
     * machine this says whether N cores were there to be had.
     */
    public record Timing(
            String query,
            long rows,
            double oneSeconds,
            double manySeconds,
            double manyCoresUsed,
            List<Double> answer) {}

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final int interpreters;
    private final int repeat;

    /** @param interpreters N, the interpreters of the parallel database; @param repeat timed runs per query and database */
    public QuiverSide(int interpreters, int repeat) {
        this.interpreters = interpreters;
        this.repeat = repeat;
    }

    /**
     * Times every query: one warm-up run on each database (starts Python, registers the function,
     * plans), then {@code repeat} rounds that run it once on each database, so that load from
     * elsewhere on the machine hits both alike; {@code progress} hears of each query as it is done.
     * Fails when the two databases disagree.
     */
    public List<Timing> run(Path parquet, List<UdfSqlQuery> queries, Consumer<Timing> progress) {
        QuiverConfig defaults = QuiverConfig.defaults();
        try (Quiver one = Quiver.open(defaults.withInterpreters(1));
                Quiver many = Quiver.open(defaults.withInterpreters(interpreters));
                Session oneSession = one.newSession();
                Session manySession = many.newSession()) {
            String load = "CREATE TABLE lineitem AS "
                    + String.format(
                            Locale.ROOT,
                            UdfSqlQueries.LOAD_COLUMNS,
                            parquet.toString().replace("'", "''"));
            oneSession.execute(load).close();
            manySession.execute(load).close();
            long rows = answer(oneSession, "SELECT count(*) FROM lineitem")
                    .getFirst()
                    .longValue();
            List<Timing> timings = new ArrayList<>();
            for (UdfSqlQuery query : queries) {
                oneSession.execute(query.createFunction()).close();
                manySession.execute(query.createFunction()).close();
                String sql = query.sqlOver("lineitem");
                List<Double> oneAnswer = answer(oneSession, sql);
                List<Double> manyAnswer = answer(manySession, sql);
                if (!Answers.agree(oneAnswer, manyAnswer)) {
                    throw new IllegalStateException("query " + query.name() + " answers " + oneAnswer
                            + " on 1 interpreter but " + manyAnswer + " on " + interpreters);
                }
                double[] oneTimes = new double[repeat];
                double[][] manyTimes = new double[repeat][];
                for (int round = 0; round < repeat; round++) {
                    oneTimes[round] = seconds(oneSession, sql)[0];
                    manyTimes[round] = seconds(manySession, sql);
                }
                Arrays.sort(manyTimes, (left, right) -> Double.compare(left[0], right[0]));
                double[] manyMedian = manyTimes[repeat / 2];
                Timing timing =
                        new Timing(query.name(), rows, median(oneTimes), manyMedian[0], manyMedian[1], manyAnswer);
                progress.accept(timing);
                timings.add(timing);
            }
            return timings;
        }
    }

    /** Wall seconds of one run, and the process's CPU seconds per wall second during it. */
    private static double[] seconds(Session session, String sql) {
        long cpuStart = OS.getProcessCpuTime();
        long start = System.nanoTime();
        session.execute(sql).close();
        long wall = System.nanoTime() - start;
        return new double[] {wall / 1e9, (OS.getProcessCpuTime() - cpuStart) / (double) wall};
    }

    private static List<Double> answer(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows().getFirst().stream()
                    .map(value -> value == null ? Double.NaN : ((Number) value).doubleValue())
                    .toList();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
