package dev.quiver.bench.udfsql;

import com.sun.management.OperatingSystemMXBean;
import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.udf.pool.InterpreterStatus;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Quiver half of {@code bench udf-sql}: two databases that differ only in their number of Python
 * interpreters (1 and N), each with lineitem loaded from the same Parquet file and the same functions.
 */
public final class QuiverSide implements AutoCloseable {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final int interpreters;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Quiver oneDatabase;
    private final Quiver manyDatabase;
    private final Session oneSession;
    private final Session manySession;
    private final long rows;

    /**
     * Opens both databases and loads lineitem from {@code parquet} into each.
     *
     * @param interpreters N, the interpreters of the parallel database
     */
    public QuiverSide(int interpreters, Path parquet) {
        this.interpreters = interpreters;
        QuiverConfig defaults = QuiverConfig.defaults();
        try {
            oneDatabase = Quiver.open(defaults.withInterpreters(1));
            resources.add(oneDatabase);
            oneSession = session(oneDatabase);
            manyDatabase = Quiver.open(defaults.withInterpreters(interpreters));
            resources.add(manyDatabase);
            manySession = session(manyDatabase);
            String load = "CREATE TABLE lineitem AS "
                    + String.format(
                            Locale.ROOT,
                            UdfSqlQueries.LOAD_COLUMNS,
                            parquet.toString().replace("'", "''"));
            oneSession.execute(load).close();
            manySession.execute(load).close();
            rows = answer(oneSession, "SELECT count(*) FROM lineitem")
                    .getFirst()
                    .longValue();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Session session(Quiver quiver) {
        Session session = quiver.newSession();
        resources.add(session);
        return session;
    }

    /** lineitem's row count. */
    public long rows() {
        return rows;
    }

    /** Creates the query's function in both databases. */
    public void create(UdfSqlQuery query) {
        oneSession.execute(query.createFunction()).close();
        manySession.execute(query.createFunction()).close();
    }

    /** The database with N interpreters, as a side of {@link PairedRounds}. */
    public PairedRounds.Side many() {
        return side(manyDatabase, manySession, "N=" + interpreters);
    }

    /** The database with 1 interpreter, as a side of {@link PairedRounds}. */
    public PairedRounds.Side one() {
        return side(oneDatabase, oneSession, "1");
    }

    private static PairedRounds.Side side(Quiver database, Session session, String name) {
        return new PairedRounds.Side() {
            @Override
            public String name() {
                return "Quiver " + name;
            }

            @Override
            public Measured run(UdfSqlQuery query) {
                String sql = query.sqlOver("lineitem");
                long[] interpreterStart = interpreterCpu(database);
                long cpuStart = OS.getProcessCpuTime();
                long start = System.nanoTime();
                List<Double> answer = answer(session, sql);
                long wall = System.nanoTime() - start;
                double cores = (OS.getProcessCpuTime() - cpuStart) / (double) wall;
                long[] interpreterEnd = interpreterCpu(database);
                List<Double> interpreters = new ArrayList<>();
                // (an interpreter replaced during the run, after an escaped view, is left out)
                for (int index = 0; index < Math.min(interpreterStart.length, interpreterEnd.length); index++) {
                    interpreters.add((interpreterEnd[index] - interpreterStart[index]) / 1e9);
                }
                return new Measured(wall / 1e9, cores, answer, interpreters);
            }
        };
    }

    /** CPU nanoseconds each interpreter's thread has used so far, in the pool's order. */
    private static long[] interpreterCpu(Quiver database) {
        return database.udfPool().interpreterStatus().stream()
                .mapToLong(InterpreterStatus::cpuNanos)
                .toArray();
    }

    private static List<Double> answer(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows().getFirst().stream()
                    .map(value -> value == null ? Double.NaN : ((Number) value).doubleValue())
                    .toList();
        }
    }

    @Override
    public void close() {
        IllegalStateException failure = null;
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a benchmark database", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        resources.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
