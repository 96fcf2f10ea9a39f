package dev.quiver.engine.plan;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where one statement's planning time went, phase by phase (validation, conversion, each rewrite
 * step, join ordering, physical planning, operator build), for EXPLAIN ANALYZE and the planning
 * benchmark: wall-clock time and the planning thread's CPU time (which load from other processes
 * inflates much less). Confined to the thread that plans the statement.
 */
public final class PlanningPhases {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Wall-clock nanoseconds per phase, in the order the phases first ran; a phase that runs again adds up. */
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    /** CPU nanoseconds of the planning thread per phase, same keys. */
    private final Map<String, Long> cpuNanos = new LinkedHashMap<>();

    /** Throws when the statement was cancelled (or outlived statement_timeout); nothing by default. */
    private Runnable cancelCheck = () -> {};

    /** Makes planning stop, by {@code check}'s exception, once {@code check} throws (between phases and rule attempts). */
    void stopWhen(Runnable check) {
        this.cancelCheck = check;
    }

    /** Fails when the statement was cancelled: called between phases and steps of one. */
    void checkCancelled() {
        cancelCheck.run();
    }

    /** Runs {@code phase} and adds its time to {@code name}'s; a cancel is seen before and after it. */
    <T> T time(String name, Supplier<T> phase) {
        checkCancelled();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try {
            T result = phase.get();
            checkCancelled();
            return result;
        } finally {
            nanos.merge(name, System.nanoTime() - start, Long::sum);
            cpuNanos.merge(name, THREADS.getCurrentThreadCpuTime() - cpuStart, Long::sum);
        }
    }

    /** The phases' names and wall-clock nanoseconds, in the order they first ran. */
    public Map<String, Long> nanos() {
        return Collections.unmodifiableMap(nanos);
    }

    /** The phases' names and CPU nanoseconds of the planning thread, in the order they first ran. */
    public Map<String, Long> cpuNanos() {
        return Collections.unmodifiableMap(cpuNanos);
    }

    /** One line per phase: its name, wall-clock and CPU milliseconds, and share of the wall-clock total. */
    public List<String> lines() {
        long total =
                Math.max(1, nanos.values().stream().mapToLong(Long::longValue).sum());
        List<String> lines = new ArrayList<>();
        nanos.forEach((name, phaseNanos) -> lines.add(String.format(
                Locale.ROOT,
                "%-24s %8.3f ms (cpu %8.3f ms) %5.1f %%",
                name,
                phaseNanos / 1e6,
                cpuNanos.get(name) / 1e6,
                100.0 * phaseNanos / total)));
        return lines;
    }
}
