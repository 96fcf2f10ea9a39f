package dev.quiver.bench.udfsql;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The process tier's part of {@code bench udf-sql}: the light function in a sub-interpreter and in a
 * worker process (the cost of the process boundary), and two numpy vectorized functions (light and
 * CPU-heavy) on 1 and N worker processes and as DuckDB's arrow UDF (needs a worker Python with numpy: {@code --worker-python} or
 * {@code QUIVER_WORKER_PYTHON}).
 */
public final class ProcessTierSide {
    private static final String LIGHT = "def net_price(price, discount):\n    return price * (1.0 - discount)\n";
    private static final List<UdfSqlQuery.Parameter> PRICE_DISCOUNT =
            List.of(new UdfSqlQuery.Parameter("price", "DOUBLE"), new UdfSqlQuery.Parameter("discount", "DOUBLE"));

    /** Light numpy work (two ufuncs per row): the engine's share of the time is large. */
    static final UdfSqlQuery NUMPY = new UdfSqlQuery(
            "numpy",
            "np_score",
            PRICE_DISCOUNT,
            "DOUBLE",
            UdfSqlQuery.Kind.NUMPY,
            "import numpy as np\n"
                    + "def np_score(price, discount):\n"
                    + "    return np.sqrt(price) * np.log1p(price * (1.0 - discount))\n",
            "SELECT sum(np_score(l_extendedprice, l_discount)) FROM {table}");

    /**
     * CPU-heavy numpy work (a 32-term Fourier-style series per row, ~0.3 µs per row): the function's
     * own time dominates, as in the feature transforms the tier is for.
     */
    static final UdfSqlQuery NUMPY_SERIES = new UdfSqlQuery(
            "numpy-series",
            "np_series",
            PRICE_DISCOUNT,
            "DOUBLE",
            UdfSqlQuery.Kind.NUMPY,
            "import numpy as np\n"
                    + "def np_series(price, discount):\n"
                    + "    x = price * (1.0 - discount) / 1.0e5\n"
                    + "    total = np.zeros_like(x)\n"
                    + "    for k in range(1, 33):\n"
                    + "        total += np.sin(k * x) / k\n"
                    + "    return total\n",
            "SELECT sum(np_series(l_extendedprice, l_discount)) FROM {table}");

    /** Both numpy queries, light first. */
    static final List<UdfSqlQuery> NUMPY_QUERIES = List.of(NUMPY, NUMPY_SERIES);

    private final int workers;
    private final int repeat;
    private final DuckDbPythonSide duckdb;

    /**
     * @param workers N, the workers of the parallel run
     * @param repeat  timed runs per query, the median counts
     * @param duckdb  runs the numpy function as DuckDB's arrow UDF, or null to skip that comparison
     */
    public ProcessTierSide(int workers, int repeat, DuckDbPythonSide duckdb) {
        this.workers = workers;
        this.repeat = repeat;
        this.duckdb = duckdb;
    }

    /** Prints one line per comparison to {@code out}; {@code directory} is scratch space. */
    public void run(Path parquet, Path directory, Consumer<String> out) throws IOException, InterruptedException {
        String load = "CREATE TABLE lineitem AS "
                + String.format(
                        Locale.ROOT,
                        UdfSqlQueries.LOAD_COLUMNS,
                        parquet.toString().replace("'", "''"));
        try (Quiver many = Quiver.open(QuiverConfig.defaults().withInterpreters(workers));
                Quiver one = Quiver.open(QuiverConfig.defaults().withInterpreters(1));
                Session manySession = many.newSession();
                Session oneSession = one.newSession()) {
            manySession.execute(load).close();
            oneSession.execute(load).close();
            for (String isolation : new String[] {"subinterpreter", "process"}) {
                manySession
                        .execute("CREATE FUNCTION light_" + isolation
                                + "(price DOUBLE, discount DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON IMMUTABLE STRICT"
                                + " WITH (isolation = '" + isolation + "', handler = 'net_price') AS $$\n" + LIGHT
                                + "$$")
                        .close();
            }
            double sub =
                    median(manySession, "SELECT sum(light_subinterpreter(l_extendedprice, l_discount)) FROM lineitem");
            double proc = median(manySession, "SELECT sum(light_process(l_extendedprice, l_discount)) FROM lineitem");
            out.accept(String.format(
                    Locale.ROOT,
                    "process tier: light on %d sub-interpreters %.3f s, on %d worker processes %.3f s:"
                            + " process/sub-interpreter throughput %.2f (goal >= 0.7)",
                    workers,
                    sub,
                    workers,
                    proc,
                    sub / proc));
            double[] manyWorkers = new double[NUMPY_QUERIES.size()];
            for (int index = 0; index < NUMPY_QUERIES.size(); index++) {
                UdfSqlQuery query = NUMPY_QUERIES.get(index);
                String create = query.createFunction();
                try {
                    manySession.execute(create).close();
                    oneSession.execute(create).close();
                } catch (RuntimeException e) {
                    out.accept("process tier: numpy queries skipped (the worker Python cannot import numpy: give one"
                            + " with --worker-python or QUIVER_WORKER_PYTHON, e.g. ./quiver worker-env): "
                            + e.getMessage().lines().findFirst().orElse(""));
                    return;
                }
                String sql = query.sqlOver("lineitem");
                double oneWorker = median(oneSession, sql);
                manyWorkers[index] = median(manySession, sql);
                out.accept(String.format(
                        Locale.ROOT,
                        "process tier: %s vectorized on 1 worker %.3f s, on %d workers %.3f s: speedup %.2f"
                                + " (goal >= 0.9 x %d)",
                        query.name(),
                        oneWorker,
                        workers,
                        manyWorkers[index],
                        oneWorker / manyWorkers[index],
                        workers));
            }
            if (duckdb == null) {
                return;
            }
            DuckDbPythonSide.Outcome outcome =
                    duckdb.run(parquet, NUMPY_QUERIES, workers, repeat, Files.createTempDirectory(directory, "np"));
            if (outcome.skipped() || outcome.timings().isEmpty()) {
                out.accept("process tier: DuckDB numpy comparison skipped: "
                        + (outcome.skipped() ? outcome.skipReason() : "pyarrow is missing"));
                return;
            }
            for (int index = 0; index < NUMPY_QUERIES.size(); index++) {
                String name = NUMPY_QUERIES.get(index).name();
                double quiverSeconds = manyWorkers[index];
                outcome.timings().stream()
                        .filter(timing -> timing.query().equals(name))
                        .findFirst()
                        .ifPresent(timing -> out.accept(String.format(
                                Locale.ROOT,
                                "process tier: %s as DuckDB's arrow UDF on %d threads %.3f s, on %d workers %.3f s:"
                                        + " speedup over DuckDB %.2f (goal >= 0.9 x %d)",
                                name,
                                workers,
                                timing.seconds(),
                                workers,
                                quiverSeconds,
                                timing.seconds() / quiverSeconds,
                                workers)));
            }
        }
    }

    /** One warm-up run, then the median of {@code repeat} timed runs, in seconds. */
    private double median(Session session, String sql) {
        session.execute(sql).close();
        double[] times = new double[repeat];
        for (int round = 0; round < repeat; round++) {
            long start = System.nanoTime();
            try (QueryResult result = session.execute(sql)) {
                result.rows();
            }
            times[round] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(times);
        return times[repeat / 2];
    }
}
