package dev.quiver.bench;

import dev.quiver.engine.cli.VersionInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./quiver bench startup}: times whole runs of {@code ./quiver sql -c SQL} from outside, as a
 * user meets them (launcher, JVM start, planning, output), in memory and on a durable database file,
 * with the start-up cache and without it ({@code QUIVER_AOT=0}).
 */
@Command(
        name = "startup",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        header = "Wall time of whole './quiver sql -c SQL' runs, with and without the start-up cache.",
        description = {
            "Start ./quiver sql -c SQL as a child process RUNS times after one warm-up run, in",
            "memory and with --db on a scratch file, with the start-up cache (the AOT cache the",
            "launcher trains once per build) and with QUIVER_AOT=0; print min, median and max wall",
            "time and the load average (numbers from a loaded machine are not comparable)."
        })
final class StartupCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--runs", defaultValue = "10", description = "Timed runs per case (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(
            names = "--sql",
            defaultValue = "SELECT 1",
            paramLabel = "SQL",
            description = "The statement to run (default: ${DEFAULT-VALUE}).")
    private String sql;

    @Option(names = "--no-baseline", description = "Skip the runs without the start-up cache.")
    private boolean noBaseline;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1) {
            spec.commandLine().getErr().println("--runs must be at least 1");
            return 2;
        }
        Path launcher = Path.of(System.getProperty("quiver.home", ".")).resolve("quiver");
        if (!Files.isExecutable(launcher)) {
            spec.commandLine().getErr().println("no launcher at " + launcher + " (run from ./quiver bench)");
            return 2;
        }
        Path scratch = Files.createTempDirectory("quiver-startup-");
        try {
            out.printf(Locale.ROOT, "./quiver sql -c \"%s\": %d runs per case after 1 warm-up%n", sql, runs);
            out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
            out.printf(Locale.ROOT, "%-32s %9s %9s %9s%n", "case", "min ms", "median ms", "max ms");
            List<Boolean> cacheModes = noBaseline ? List.of(true) : List.of(true, false);
            for (boolean cache : cacheModes) {
                for (boolean durable : List.of(false, true)) {
                    List<String> command = new ArrayList<>(List.of(launcher.toString(), "sql"));
                    if (durable) {
                        command.addAll(
                                List.of("--db", scratch.resolve("startup.db").toString()));
                    }
                    command.addAll(List.of("-c", sql));
                    List<Long> millis = time(command, cache, scratch);
                    String name =
                            (durable ? "--db file" : "in memory") + (cache ? ", start-up cache" : ", QUIVER_AOT=0");
                    out.printf(
                            Locale.ROOT,
                            "%-32s %9d %9d %9d%n",
                            name,
                            millis.getFirst(),
                            millis.get(millis.size() / 2),
                            millis.getLast());
                    out.flush();
                }
            }
            out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
            return 0;
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(Collections.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Runs the command once to warm up (and, after a build, train the cache), then {@code runs} times; sorted. */
    private List<Long> time(List<String> command, boolean cache, Path scratch)
            throws IOException, InterruptedException {
        List<Long> millis = new ArrayList<>();
        for (int run = -1; run < runs; run++) {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(scratch.resolve("out.txt").toFile())
                    .redirectError(scratch.resolve("err.txt").toFile());
            if (!cache) {
                builder.environment().put("QUIVER_AOT", "0");
            }
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("./quiver sql did not finish in 5 minutes: " + command);
            }
            long elapsed = System.nanoTime() - start;
            if (process.exitValue() != 0) {
                throw new IOException("./quiver sql failed (exit " + process.exitValue() + "): "
                        + Files.readString(scratch.resolve("err.txt")).strip());
            }
            if (run >= 0) {
                millis.add(TimeUnit.NANOSECONDS.toMillis(elapsed));
            }
        }
        Collections.sort(millis);
        return millis;
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(
                Locale.ROOT, "%.2f (%d cores)", load, Runtime.getRuntime().availableProcessors());
    }
}
