package dev.quiver.engine;

import dev.quiver.udf.FunctionIsolation;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.Isolation;
import dev.quiver.udf.cpython.PythonInstallation;
import dev.quiver.udf.cpython.PythonRuntime;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.InterpreterStatus;
import dev.quiver.udf.pool.QueryMemoryLimit;
import dev.quiver.udf.pool.RegisteredFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The rows of {@code python_info()} for one database: the embedded Python (version, executable,
 * {@code sys.path} as functions see it, isolation) and its interpreter pool (interpreters, abandoned
 * ones, Python memory in use and the limits). Starts the pool if needed: what the functions see is
 * asked of a live interpreter.
 */
final class PythonInfo {
    /** Runs in the pool like a function, so it sees sys.path exactly as functions do. */
    private static final String SYS_PATH_SOURCE = "import sys\n\ndef f(x):\n    return '\\n'.join(sys.path)\n";
    /** Runs in a worker process: its version and executable, then its sys.path, one per line. */
    private static final String WORKER_SOURCE =
            "import sys\n\ndef f(x):\n    return '\\n'.join([sys.version.split()[0], sys.executable] + sys.path)\n";

    private final Quiver database;
    private RegisteredFunction sysPathProbe; // registered on first use, guarded by this
    private RegisteredFunction workerProbe; // registered on first use, guarded by this

    PythonInfo(Quiver database) {
        this.database = database;
    }

    /** (name, value) rows as of now; an unavailable Python is a row that says why, not an error. */
    List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        InterpreterPool pool;
        try {
            pool = database.udfPool();
        } catch (UdfException e) {
            rows.add(List.of("python", "unavailable: " + e.getMessage()));
            return rows;
        }
        PythonRuntime runtime = PythonRuntime.get();
        PythonInstallation installation = runtime.installation();
        add(rows, "python_version", runtime.pythonVersion());
        add(rows, "python_executable", installation.executable());
        add(rows, "python_library", installation.library());
        add(rows, "python_home", installation.home());
        add(
                rows,
                "virtual_environment",
                installation.virtualEnvironment() == null ? "none" : installation.virtualEnvironment());
        for (Path entry : pool.pythonPath()) {
            add(rows, "python_path", entry);
        }
        for (String entry : sysPath(pool)) {
            add(rows, "sys_path", entry);
        }
        add(rows, "isolation", isolation(pool.options().isolation()));
        add(rows, "interpreters", pool.workerCount());
        add(rows, "abandoned_interpreters", pool.abandonedInterpreters());
        add(rows, "memory_accounting", runtime.memoryAccounting().status());
        List<InterpreterStatus> interpreters = pool.interpreterStatus();
        long inUse = interpreters.stream()
                .mapToLong(status -> Math.max(0, status.pythonMemory()))
                .sum();
        add(
                rows,
                "python_memory_in_use",
                runtime.memoryAccounting().isAvailable() ? size(inUse) + " (sum over interpreters)" : "not counted");
        add(rows, "python_memory_limit", limit(database.config().pythonMemoryLimit()) + " (process resident memory)");
        add(rows, "python_query_memory_limit", limit(database.config().python().queryMemoryLimit()) + " (per query)");
        for (QueryMemoryLimit query : pool.queryMemoryLimits()) {
            if (query.runningCalls() > 0 || query.used() > 0) { // not this query, which runs no Python
                add(
                        rows,
                        "query_python_memory",
                        size(query.used()) + " of " + size(query.limit()) + " (" + query.runningCalls()
                                + " call(s) running)");
            }
        }
        for (InterpreterStatus status : interpreters) {
            add(rows, "interpreter " + status.name(), describe(status, " Python memory"));
        }
        addProcessTier(rows, pool);
        return rows;
    }

    /**
     * The process tier's rows: its Python as a worker sees it (asked of a worker, which starts one),
     * the memory cap, and each worker's process, state and resident memory.
     */
    private void addProcessTier(List<List<Object>> rows, InterpreterPool pool) {
        add(rows, "worker_python", pool.workerPython());
        List<String> answer;
        try {
            answer = workerAnswer(pool);
        } catch (UdfException e) {
            add(rows, "worker_python_version", "unavailable: " + e.getMessage());
            return;
        }
        add(rows, "worker_python_version", answer.get(0));
        add(rows, "worker_python_executable", answer.get(1));
        for (String entry : answer.subList(2, answer.size())) {
            add(rows, "worker_sys_path", entry);
        }
        long cap = pool.processTier().memoryLimit();
        add(rows, "worker_memory_limit", limit(cap) + " (data limit per worker process, max_memory)");
        for (InterpreterStatus status : pool.processTier().workerStatus()) {
            add(rows, "worker " + status.name(), describe(status, " resident"));
        }
    }

    /**
     * "running f, 3.2 MiB Python memory, 1.25 s CPU": the state, the function it runs, its memory and
     * the CPU time its thread has used.
     */
    private static String describe(InterpreterStatus status, String memoryKind) {
        return status.state()
                + (status.function() == null ? "" : " " + status.function())
                + (status.pythonMemory() < 0 ? "" : ", " + size(status.pythonMemory()) + memoryKind)
                + (status.cpuNanos() < 0 ? "" : String.format(Locale.ROOT, ", %.2f s CPU", status.cpuNanos() / 1e9));
    }

    private static void add(List<List<Object>> rows, String name, Object value) {
        rows.add(List.of(name, String.valueOf(value)));
    }

    private static String isolation(Isolation isolation) {
        return switch (isolation) {
            case OWN_GIL ->
                "sub-interpreters, one GIL each (parallel); extension modules without sub-interpreter support"
                        + " (numpy, pandas, pyarrow) cannot be imported";
            case SHARED_GIL -> "sub-interpreters sharing one GIL (one runs at a time)";
        };
    }

    private static String limit(long bytes) {
        return bytes == 0 ? "none" : size(bytes);
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }

    /** {@code sys.path} as a function sees it, asked of one of the pool's interpreters. */
    private List<String> sysPath(InterpreterPool pool) {
        RegisteredFunction probe;
        synchronized (this) {
            if (sysPathProbe == null) {
                sysPathProbe = pool.register(probeFunction("quiver_sys_path", SYS_PATH_SOURCE));
            }
            probe = sysPathProbe;
        }
        return lines(pool, probe);
    }

    /** A worker process's version, executable and {@code sys.path}, one per line. */
    private List<String> workerAnswer(InterpreterPool pool) {
        RegisteredFunction probe;
        synchronized (this) {
            if (workerProbe == null) {
                workerProbe =
                        pool.register(probeFunction("quiver_worker_info", WORKER_SOURCE), FunctionIsolation.PROCESS);
            }
            probe = workerProbe;
        }
        return lines(pool, probe);
    }

    private static PythonFunction probeFunction(String name, String source) {
        return PythonFunction.builder(name, source, "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.VARCHAR)
                .build();
    }

    /** The lines of {@code probe}'s answer for one row. */
    private List<String> lines(InterpreterPool pool, RegisteredFunction probe) {
        try (BufferAllocator allocator = database.newQueryAllocator("python_info");
                BigIntVector argument = new BigIntVector("x", allocator)) {
            argument.allocateNew(1);
            argument.set(0, 0);
            argument.setValueCount(1);
            try (FieldVector answer = pool.call(probe, List.of(argument), 1, allocator)) {
                String joined = new String(((VarCharVector) answer).get(0), StandardCharsets.UTF_8);
                return joined.isEmpty() ? List.of() : List.of(joined.split("\n", -1));
            }
        }
    }
}
