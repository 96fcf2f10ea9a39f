package dev.quiver.bench.udf;

import dev.quiver.udf.cpython.Isolation;
import dev.quiver.udf.cpython.PythonRuntime;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.PoolOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;

/**
 * The {@code bench udf} run: every selected workload in every {@link Mode}, all set up first, warmed
 * up, then timed {@code repeat} times round robin (the median counts), every pass's output checked
 * against the other modes'.
 */
public final class UdfBenchmark {
    private final Settings settings;
    private final PrintStream progress;
    private final Map<Workload, Checksum> expected = new EnumMap<>(Workload.class);
    private final Map<Workload, Mode> expectedFrom = new EnumMap<>(Workload.class);

    /**
     * What to run.
     *
     * @param rows      input rows per workload
     * @param workers   N: interpreters or processes of the parallel modes
     * @param batchRows rows per Arrow batch
     * @param warmup    untimed passes before measuring
     * @param repeat    timed passes; the median is reported
     * @param workloads the workloads to run
     */
    public record Settings(long rows, int workers, int batchRows, int warmup, int repeat, List<Workload> workloads) {
        public Settings {
            require(rows >= 1, "--rows must be positive, got " + rows);
            require(workers >= 1, "--workers must be positive, got " + workers);
            require(batchRows >= 1, "--batch-rows must be positive, got " + batchRows);
            require(warmup >= 0, "--warmup must not be negative, got " + warmup);
            require(repeat >= 1, "--repeat must be positive, got " + repeat);
            require(!workloads.isEmpty(), "no workload given");
            long batches = (rows + batchRows - 1) / batchRows;
            require(
                    batches >= workers,
                    "--rows " + rows + " in batches of " + batchRows + " gives " + batches + " batches, fewer than the "
                            + workers + " workers: give more rows or smaller batches");
            workloads = List.copyOf(workloads);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /**
     * The measurement of one workload in one mode.
     *
     * @param seconds    the median of the timed passes
     * @param allSeconds every timed pass, in order
     */
    public record Result(
            Workload workload, Mode mode, int workers, long rows, double seconds, List<Double> allSeconds) {
        public double rowsPerSecond() {
            return rows / seconds;
        }

        /** The fastest timed pass: on a busy machine, the one least disturbed by other load. */
        public double bestSeconds() {
            return allSeconds.stream().mapToDouble(Double::doubleValue).min().orElse(seconds);
        }
    }

    /**
     * How long a pool took to start and, for the first pool in the process, what it cost in memory.
     *
     * @param rssPerInterpreter growth of the process's RSS while the pool started, divided by its
     *                          interpreters; -1 when not measured
     */
    public record PoolStartup(
            Mode mode, int workers, Duration startup, List<Duration> interpreterCreateTimes, long rssPerInterpreter) {}

    /** Everything one run measured. */
    public record Report(
            Settings settings,
            String pythonVersion,
            Duration runtimeStartup,
            List<Result> results,
            List<PoolStartup> poolStartups) {}

    private UdfBenchmark(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs the benchmark, printing progress lines to {@code progress}. */
    public static Report run(Settings settings, PrintStream progress) throws Exception {
        return new UdfBenchmark(settings, progress).run();
    }

    private Report run() throws Exception {
        PythonRuntime runtime = PythonRuntime.get();
        Path python = runtime.installation().executable();
        progress.printf(
                "Python %s (%s); %d rows, batches of %d, N = %d, %d warm-up + %d timed passes%n",
                runtime.installation().version(),
                python,
                settings.rows(),
                settings.batchRows(),
                settings.workers(),
                settings.warmup(),
                settings.repeat());
        List<PoolStartup> startups = new ArrayList<>();
        List<Scheduled> scheduled = new ArrayList<>();
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            BufferAllocator allocator = open(opened, new RootAllocator());
            InputBatches input = open(opened, new InputBatches(allocator, settings.rows(), settings.batchRows()));
            for (Workload workload : settings.workloads()) {
                if (workload.javaReference() != null) {
                    expected.put(workload, javaChecksum(workload, input));
                }
            }
            // The own-GIL pool starts first, so its memory is measured in a process no interpreter has used yet.
            Map<Mode, InterpreterPool> pools = new EnumMap<>(Mode.class);
            for (Mode mode : List.of(Mode.OWN_GIL, Mode.ONE_INTERPRETER, Mode.SHARED_GIL)) {
                pools.put(mode, startPool(mode, opened, startups));
            }
            for (Workload workload : settings.workloads()) {
                for (Mode mode : Mode.values()) {
                    ModeRunner runner = open(
                            opened,
                            switch (mode) {
                                case ONE_INTERPRETER, OWN_GIL, SHARED_GIL ->
                                    new PoolRunner(pools.get(mode), workload, input, allocator);
                                case PROCESS_POOL ->
                                    new ProcessPoolRunner(python, workload, settings.workers(), input, allocator);
                                case BARE_LOOP -> new BareLoopRunner(python, workload, input, 1);
                                case BARE_LOOP_N -> new BareLoopRunner(python, workload, input, settings.workers());
                            });
                    scheduled.add(new Scheduled(workload, mode, workersOf(mode), runner, new ArrayList<>()));
                }
            }
            for (int pass = 0; pass < settings.warmup(); pass++) {
                for (Scheduled run : scheduled) {
                    check(run, run.runner().runOnce());
                }
            }
            // Round robin: every pass runs every mode once, so noise from the rest of the machine
            // lands on all modes alike instead of on whichever mode ran while it lasted.
            for (int pass = 1; pass <= settings.repeat(); pass++) {
                long start = System.nanoTime();
                for (Scheduled run : scheduled) {
                    run.seconds().add(check(run, run.runner().runOnce()).nanos() / 1e9);
                }
                progress.printf(
                        "  pass %d of %d done in %.1f s%n", pass, settings.repeat(), (System.nanoTime() - start) / 1e9);
            }
        } finally {
            closeAll(opened);
        }
        List<Result> results = scheduled.stream()
                .map(run -> new Result(
                        run.workload(),
                        run.mode(),
                        run.workers(),
                        settings.rows(),
                        median(run.seconds()),
                        List.copyOf(run.seconds())))
                .toList();
        return new Report(settings, runtime.pythonVersion(), Duration.ofNanos(runtime.startNanos()), results, startups);
    }

    /** A workload in a mode, with its runner and the seconds of its timed passes so far. */
    private record Scheduled(Workload workload, Mode mode, int workers, ModeRunner runner, List<Double> seconds) {}

    private int workersOf(Mode mode) {
        return mode == Mode.ONE_INTERPRETER || mode == Mode.BARE_LOOP ? 1 : settings.workers();
    }

    private InterpreterPool startPool(Mode mode, Deque<AutoCloseable> opened, List<PoolStartup> startups) {
        int workers = workersOf(mode);
        Isolation isolation = mode == Mode.SHARED_GIL ? Isolation.SHARED_GIL : Isolation.OWN_GIL;
        boolean measureMemory = startups.isEmpty(); // later pools may reuse memory that earlier ones touched
        long rssBefore = ResidentMemory.bytes();
        InterpreterPool pool = open(
                opened,
                InterpreterPool.start(
                        PoolOptions.defaults().withWorkers(workers).withIsolation(isolation)));
        long rssAfter = ResidentMemory.bytes();
        long rssPerInterpreter =
                measureMemory && rssBefore >= 0 && rssAfter >= 0 ? (rssAfter - rssBefore) / workers : -1;
        startups.add(
                new PoolStartup(mode, workers, pool.startupTime(), pool.interpreterCreateTimes(), rssPerInterpreter));
        return pool;
    }

    private static <T extends AutoCloseable> T open(Deque<AutoCloseable> opened, T resource) {
        opened.push(resource);
        return resource;
    }

    /** Closes in reverse order of opening; the first failure is thrown after every close was tried. */
    private static void closeAll(Deque<AutoCloseable> opened) throws Exception {
        Exception failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Fails unless the pass produced every row and the same results as the reference. */
    private ModeRunner.Timing check(Scheduled run, ModeRunner.Timing timing) {
        Workload workload = run.workload();
        Mode mode = run.mode();
        Checksum actual = timing.checksum();
        if (actual.rows() != settings.rows()) {
            throw new IllegalStateException(workload.label() + " in mode " + mode.label() + " returned " + actual.rows()
                    + " rows, expected " + settings.rows());
        }
        Checksum reference = expected.putIfAbsent(workload, actual);
        if (reference == null) {
            expectedFrom.put(workload, mode);
        } else if (!reference.equals(actual)) {
            Mode source = expectedFrom.get(workload);
            throw new IllegalStateException(workload.label() + " in mode " + mode.label() + " produced " + actual
                    + ", but " + (source == null ? "the same function in Java" : "mode " + source.label())
                    + " produced " + reference + ": the modes did not compute the same results");
        }
        return timing;
    }

    private static Checksum javaChecksum(Workload workload, InputBatches input) {
        long bits = 0;
        for (int index = 0; index < input.batchCount(); index++) {
            Float8Vector vector = input.vector(index);
            for (int row = 0; row < vector.getValueCount(); row++) {
                bits += Double.doubleToRawLongBits(workload.javaReference().applyAsDouble(vector.get(row)));
            }
        }
        return new Checksum(input.rows(), bits);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The result of {@code mode} for {@code workload}, or null when it was not run. */
    static Result find(List<Result> results, Workload workload, Mode mode) {
        return results.stream()
                .filter(r -> r.workload() == workload && r.mode() == mode)
                .findFirst()
                .orElse(null);
    }
}
