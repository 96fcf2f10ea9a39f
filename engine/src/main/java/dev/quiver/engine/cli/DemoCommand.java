package dev.quiver.engine.cli;

import com.sun.management.OperatingSystemMXBean;
import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quiver demo}: TPC-H lineitem, three realistic Python UDFs and one SQL query using them, run
 * on one interpreter and then on one own-GIL interpreter per core, with times, rows/s and the speedup.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        description = {
            "Generate TPC-H, create three Python UDFs (a text normalizer, a math",
            "score, a JSON builder) and run one SQL query using them on 1 interpreter,",
            "then on N own-GIL interpreters; check that both results are identical and",
            "print the result, rows/s, the cores each run kept busy and the speedup."
        })
public final class DemoCommand implements Callable<Integer> {
    /**
     * The process's CPU time, read only when the demo runs: picocli initializes every subcommand's
     * class at each start, and a bean in a static field made {@code quiver sql} start the JDK's
     * management support on the main thread too.
     */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--sf", defaultValue = "0.1", description = "TPC-H scale factor (default: ${DEFAULT-VALUE}).")
    private double scaleFactor;

    @Option(
            names = "--interpreters",
            description = "Interpreters for the parallel run (default: available processors).")
    private Integer interpreters;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int cores = Runtime.getRuntime().availableProcessors();
        int parallel = interpreters != null ? interpreters : cores;
        if (!(scaleFactor > 0) || parallel < 1) {
            spec.commandLine().getErr().println("quiver demo: --sf must be positive and --interpreters at least 1");
            return 2;
        }
        out.printf(
                Locale.ROOT,
                "Quiver demo: three Python UDFs in one SQL query over TPC-H lineitem (SF %s)%n%n",
                scaleFactor);
        for (String function : DemoQuery.FUNCTIONS) {
            out.println(function.strip() + ";");
            out.println();
        }
        out.println(DemoQuery.QUERY.strip() + ";");
        out.println();
        out.flush();

        QuiverConfig defaults = QuiverConfig.defaults();
        Run single = run(defaults.withInterpreters(1), out);
        Run multi = run(defaults.withInterpreters(parallel), out);
        if (!single.rows.equals(multi.rows)) {
            throw new IllegalStateException("the query's results differ between 1 and " + parallel + " interpreters: "
                    + single.rows + " vs " + multi.rows);
        }
        out.println();
        out.print(multi.table);
        out.printf(
                Locale.ROOT,
                "%nSpeedup with %d interpreters: %.2fx (ideal %dx on %d cores); results identical%n",
                parallel,
                single.seconds / multi.seconds,
                Math.min(parallel, cores),
                cores);
        if (multi.coresBusy < 0.8 * Math.min(parallel, cores)) {
            out.printf(
                    Locale.ROOT,
                    "(the parallel run kept only %.2f cores busy: other processes are using this"
                            + " machine's cores)%n",
                    multi.coresBusy);
        }
        out.flush();
        return 0;
    }

    /**
     * Opens a database with {@code config}, generates TPC-H, creates the functions, warms up (Python
     * start, function registration, first planning) and times one run of the query.
     */
    private Run run(QuiverConfig config, PrintWriter out) {
        try (Quiver database = Quiver.open(config);
                Session session = database.newSession()) {
            long start = System.nanoTime();
            session.execute(String.format(Locale.ROOT, "CALL tpch(%s)", scaleFactor))
                    .close();
            double generateSeconds = (System.nanoTime() - start) / 1e9;
            long lineitems;
            try (QueryResult count = session.execute("SELECT count(*) FROM lineitem")) {
                lineitems = ((Number) count.rows().getFirst().getFirst()).longValue();
            }
            for (String function : DemoQuery.FUNCTIONS) {
                session.execute(function).close();
            }
            session.execute(DemoQuery.WARM_UP).close();
            long cpuStart = processCpuNanos();
            start = System.nanoTime();
            // The result's vectors belong to the database's allocator: read and render it before the database closes.
            try (QueryResult result = session.execute(DemoQuery.QUERY)) {
                long wall = System.nanoTime() - start;
                double seconds = wall / 1e9;
                // CPU time / wall time: on a busy machine, how many cores the query actually got.
                double coresBusy = (processCpuNanos() - cpuStart) / (double) wall;
                int count = config.interpreters();
                out.printf(
                        Locale.ROOT,
                        "%2d interpreter%s: %7.3f s  %,10.0f rows/s  %4.2f cores busy   (%,d lineitem"
                                + " rows, generated in %.1f s)%n",
                        count,
                        count == 1 ? " " : "s",
                        seconds,
                        lineitems / seconds,
                        coresBusy,
                        lineitems,
                        generateSeconds);
                out.flush();
                StringWriter table = new StringWriter();
                ResultFormat.TABLE.write(result, new PrintWriter(table), Display.DEFAULT, false); // a query: rows
                return new Run(seconds, coresBusy, result.rows(), table.toString());
            }
        }
    }

    /** One timed run: its wall time, the cores it kept busy, its rows (to compare runs) and its rendering as a table. */
    private record Run(double seconds, double coresBusy, List<List<Object>> rows, String table) {}
}
