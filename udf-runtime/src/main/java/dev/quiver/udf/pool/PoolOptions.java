package dev.quiver.udf.pool;

import dev.quiver.udf.cpython.Isolation;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link InterpreterPool} is set up.
 *
 * @param workers      number of interpreters, each with its own worker thread (default: available processors)
 * @param isolation    own GIL (parallel, the default) or one shared GIL (the benchmark baseline)
 * @param callTimeout  deadline of a call made without an explicit one; {@code null} for none
 * @param cancelGrace  how long an interrupted call may take to stop before its interpreter is
 *                     abandoned and replaced (a UDF stuck inside one C call cannot be interrupted)
 * @param memoryLimit  resident memory of the whole process, in bytes, above which running Python
 *                     calls are stopped with {@link dev.quiver.udf.UdfException.Reason#MEMORY_LIMIT};
 *                     0 for none (default: 80 % of the machine's or container's memory)
 * @param pythonPath   directories (or zip files) put first on every interpreter's {@code sys.path},
 *                     before the installation's own entries, like {@code PYTHONPATH}; see
 *                     {@link InterpreterPool#setPythonPath} to change them later
 * @param workerPython the Python executable of the process tier's workers; null for the default
 *                     ({@code QUIVER_WORKER_PYTHON}, else the embedded CPython's own executable)
 * @param workerMemoryLimit each process-tier worker's data limit in bytes (a call above it fails
 *                     with MEMORY_LIMIT and the worker is replaced); 0 for none
 */
public record PoolOptions(
        int workers,
        Isolation isolation,
        Duration callTimeout,
        Duration cancelGrace,
        long memoryLimit,
        List<Path> pythonPath,
        Path workerPython,
        long workerMemoryLimit) {
    public PoolOptions {
        pythonPath = List.copyOf(pythonPath);
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(cancelGrace, "cancelGrace");
        if (workers < 1) {
            throw new IllegalArgumentException("an interpreter pool needs at least 1 worker, got " + workers);
        }
        if (callTimeout != null && (callTimeout.isNegative() || callTimeout.isZero())) {
            throw new IllegalArgumentException("call timeout must be positive, got " + callTimeout);
        }
        if (workerMemoryLimit < 0) {
            throw new IllegalArgumentException(
                    "worker memory limit must be 0 (none) or positive, got " + workerMemoryLimit);
        }
        if (memoryLimit < 0) {
            throw new IllegalArgumentException("memory limit must be 0 (none) or positive, got " + memoryLimit);
        }
    }

    /** One own-GIL interpreter per available processor, no default deadline, 2 s cancel grace. */
    public static PoolOptions defaults() {
        return new PoolOptions(
                Runtime.getRuntime().availableProcessors(),
                Isolation.OWN_GIL,
                null,
                Duration.ofSeconds(2),
                defaultMemoryLimit(),
                List.of(),
                null,
                defaultMemoryLimit() / 2);
    }

    /** 80 % of the memory the JVM sees (the container's limit inside one), or 0 when unknown. */
    static long defaultMemoryLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / 5 * 4;
        }
        return 0;
    }

    /**
     * Half the memory the JVM sees (the container's limit inside one), or 0 when unknown: the
     * default Python memory one query may hold (see {@link QueryMemoryLimit}).
     */
    public static long defaultQueryMemoryLimit() {
        return defaultMemoryLimit() / 8 * 5;
    }

    public PoolOptions withWorkers(int count) {
        return new PoolOptions(
                count, isolation, callTimeout, cancelGrace, memoryLimit, pythonPath, workerPython, workerMemoryLimit);
    }

    public PoolOptions withIsolation(Isolation value) {
        return new PoolOptions(
                workers, value, callTimeout, cancelGrace, memoryLimit, pythonPath, workerPython, workerMemoryLimit);
    }

    public PoolOptions withCallTimeout(Duration value) {
        return new PoolOptions(
                workers, isolation, value, cancelGrace, memoryLimit, pythonPath, workerPython, workerMemoryLimit);
    }

    public PoolOptions withCancelGrace(Duration value) {
        return new PoolOptions(
                workers, isolation, callTimeout, value, memoryLimit, pythonPath, workerPython, workerMemoryLimit);
    }

    public PoolOptions withPythonPath(List<Path> value) {
        return new PoolOptions(
                workers, isolation, callTimeout, cancelGrace, memoryLimit, value, workerPython, workerMemoryLimit);
    }

    public PoolOptions withMemoryLimit(long bytes) {
        return new PoolOptions(
                workers, isolation, callTimeout, cancelGrace, bytes, pythonPath, workerPython, workerMemoryLimit);
    }

    public PoolOptions withWorkerPython(Path value) {
        return new PoolOptions(
                workers, isolation, callTimeout, cancelGrace, memoryLimit, pythonPath, value, workerMemoryLimit);
    }

    public PoolOptions withWorkerMemoryLimit(long bytes) {
        return new PoolOptions(
                workers, isolation, callTimeout, cancelGrace, memoryLimit, pythonPath, workerPython, bytes);
    }
}
