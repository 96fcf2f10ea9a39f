package dev.quiver.udf.pool;

import dev.quiver.udf.UdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Polls the process's resident memory and stops the running Python calls when it passes the pool's
 * memory limit, before the operating system's OOM killer ends the whole process.
 *
 * <p>Python's allocations are not visible to Java one by one (hooking CPython's allocator would
 * cost an upcall per allocation), so the watchdog reads the process's resident set size every
 * {@value #POLL_MILLIS} ms from {@code /proc/self/status}; a function growing its memory in
 * Python code is stopped within a few milliseconds of passing the limit (one huge allocation in
 * a single C call is not). Every call running at that moment is stopped: which interpreter grew
 * cannot be told apart. While no call runs it only checks every {@value #IDLE_MILLIS} ms whether one
 * started, without reading the file. Linux only; elsewhere the limit is not enforced.
 */
final class MemoryWatchdog implements AutoCloseable {
    static final long POLL_MILLIS = 5;
    static final long IDLE_MILLIS = 20;
    private static final Path STATUS = Path.of("/proc/self/status");

    private final long limit;
    private final Runnable checkQueries;
    private final Consumer<String> stopRunningCalls;
    private final BooleanSupplier busy;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param limit            the process-wide limit; 0 for none
     * @param busy             whether any call is running now
     * @param stopRunningCalls stops every running call; receives the reason, for the error message
     * @param checkQueries     stops the calls of queries over their own limits; null when per-query
     *                         limits cannot be enforced
     */
    private MemoryWatchdog(long limit, BooleanSupplier busy, Consumer<String> stopRunningCalls, Runnable checkQueries) {
        this.limit = limit;
        this.checkQueries = checkQueries;
        this.busy = busy;
        this.stopRunningCalls = stopRunningCalls;
        this.thread =
                Thread.ofPlatform().name("quiver-python-memory").daemon(true).unstarted(this::watch);
    }

    /**
     * Starts a watchdog, or returns null when there is nothing to watch: no per-query check and no
     * process limit (or no way to read the process's memory).
     */
    static MemoryWatchdog start(
            long limit, BooleanSupplier busy, Consumer<String> stopRunningCalls, Runnable checkQueries) {
        long processLimit = limit > 0 && residentBytes() >= 0 ? limit : 0;
        if (processLimit == 0 && checkQueries == null) {
            return null;
        }
        MemoryWatchdog watchdog = new MemoryWatchdog(processLimit, busy, stopRunningCalls, checkQueries);
        watchdog.thread.start();
        return watchdog;
    }

    /** The process's resident set size in bytes, or -1 when it cannot be read. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return -1;
        }
        return -1;
    }

    private void watch() {
        while (!closed) {
            boolean running = busy.getAsBoolean();
            if (running && checkQueries != null) {
                checkQueries.run();
            }
            long resident = running && limit > 0 ? residentBytes() : -1;
            if (limit > 0 && resident > limit) {
                stopRunningCalls.accept("the process's memory (" + resident / (1 << 20) + " MB resident) passed the "
                        + "Python memory limit of " + limit / (1 << 20) + " MB");
            }
            try {
                Thread.sleep(running ? POLL_MILLIS : IDLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    static UdfException failure(String functionName, String why) {
        return new UdfException(
                UdfException.Reason.MEMORY_LIMIT,
                functionName,
                "Python function " + functionName
                        + " was stopped: " + why + ". Its call's memory was released; reduce what the function keeps"
                        + " in memory or raise the limit");
    }
}
