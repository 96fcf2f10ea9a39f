package dev.quiver.trino;

import io.airlift.log.Level;
import io.airlift.log.Logging;
import io.trino.Session;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.TestingSession;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./quiver bench trino}: the same light and CPU-bound Python functions over a TPC-H table on a
 * DistributedQueryRunner (coordinator + workers in this JVM) with this plugin, next to the same work
 * in Trino's own SQL functions as the reference. Trino's built-in WebAssembly Python functions are
 * not measured: their plugin (io.trino:trino-functions-python) is not published on Maven Central
 * (checked 2026-12-06 for 481 and 483; only trino-wasm-python, the bare runtime, is).
 *
 * <p>Arguments: {@code [--table tpch.tiny.lineitem] [--workers 2] [--repeat 3]}. One warm-up run per query.
 */
public final class TrinoBench {
    private record Case(String name, String python, String sql) {}

    private static final List<Case> CASES = List.of(
            new Case("light: x * 2 + 1", """
                    WITH FUNCTION f(x bigint) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'f')
                        AS $$
                        def f(x):
                            return x * 2 + 1
                        $$
                    SELECT sum(f(orderkey)) FROM %s
                    """, "SELECT sum(orderkey * 2 + 1) FROM %s"),
            new Case("string: upper(comment)", """
                    WITH FUNCTION f(s varchar) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'f')
                        AS $$
                        def f(s):
                            return len(s.upper())
                        $$
                    SELECT sum(f(comment)) FROM %s
                    """, "SELECT sum(length(upper(comment))) FROM %s"),
            new Case("cpu: 2000-step loop", """
                    WITH FUNCTION f(x bigint) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'f')
                        AS $$
                        def f(x):
                            total = 0
                            for step in range(2000):
                                total = (total * 31 + x + step) % 1000003
                            return total
                        $$
                    SELECT sum(f(orderkey)) FROM %s
                    """, null));

    private static final String USAGE = """
            Usage: ./quiver bench trino [--table tpch.tiny.lineitem] [--workers 2] [--repeat 3]

            Light, string and CPU-bound Python functions on Trino 483 (coordinator + N workers in one JVM)
            with trino-plugin, and the same work in Trino's SQL functions; best of N runs after a warm-up.""";

    private TrinoBench() {}

    public static void main(String[] args) throws Exception {
        String table = "tpch.tiny.lineitem";
        int workers = 2;
        int repeat = 3;
        for (int index = 0; index < args.length; index++) {
            switch (args[index]) {
                case "--table" -> table = args[++index];
                case "--workers" -> workers = Integer.parseInt(args[++index]);
                case "--repeat" -> repeat = Integer.parseInt(args[++index]);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[index] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        PrintStream out = System.out; // Trino's logging takes over System.out once the runner starts
        Logging.initialize().setLevel("io.trino", Level.WARN);
        Logging.initialize().setLevel("org.apache.arrow", Level.WARN);
        Session session = TestingSession.testSessionBuilder()
                .setCatalog("tpch")
                .setSchema("tiny")
                .build();
        try (DistributedQueryRunner runner =
                DistributedQueryRunner.builder(session).setWorkerCount(workers).build()) {
            runner.installPlugin(new TpchPlugin());
            runner.createCatalog("tpch", "tpch", Map.of());
            runner.installPlugin(new QuiverPythonPlugin());
            long rows = (Long) runner.execute("SELECT count(*) FROM " + table).getOnlyValue();
            out.printf(
                    Locale.ROOT,
                    "Trino 483, coordinator + %d workers in one JVM, %s (%,d rows), %d Python interpreters, best of %d%n",
                    workers,
                    table,
                    rows,
                    SharedPool.get().pool().workerCount(),
                    repeat);
            out.println("WebAssembly Python (trino-functions-python): not measured, not on Maven Central");
            for (Case benchCase : CASES) {
                double python = best(runner, benchCase.python().replace("%s", table), repeat);
                String line = String.format(
                        Locale.ROOT,
                        "%-24s quiver-python %8.3f s  %9.0f rows/s  %6.1f us/row",
                        benchCase.name(),
                        python,
                        rows / python,
                        python * 1e6 / rows);
                if (benchCase.sql() != null) {
                    double sql = best(runner, benchCase.sql().replace("%s", table), repeat);
                    line += String.format(Locale.ROOT, "   Trino SQL %7.3f s  (Python/SQL %.1fx)", sql, python / sql);
                }
                out.println(line);
            }
        }
        System.exit(0); // Python's interpreter threads and Trino's executors are not daemons
    }

    private static double best(DistributedQueryRunner runner, String query, int repeat) {
        runner.execute(query); // warm-up: compiles the expression, imports the function in each interpreter
        double best = Double.MAX_VALUE;
        for (int run = 0; run < repeat; run++) {
            long start = System.nanoTime();
            runner.execute(query);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }
}
