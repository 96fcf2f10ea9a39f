package dev.quiver.trino;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.PoolOptions;
import dev.quiver.udf.pool.RegisteredFunction;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The one interpreter pool of a Trino JVM (coordinator or worker), shared by every query and started
 * on the first Python function; with the Arrow allocator the calls' batches come from.
 *
 * <p>Trino's {@code Plugin} has no close: the pool ends when the JVM does (udf-runtime's shutdown hook
 * closes it; Python is finalized after). {@link #close} exists for tests and embedders. Thread safe.
 */
final class SharedPool implements AutoCloseable {
    /** System property: how many interpreters the pool runs; default one per processor. */
    static final String INTERPRETERS_PROPERTY = "quiver.trino.interpreters";

    /**
     * System property: directories (separated by the platform's path separator) put first on every
     * interpreter's sys.path, for pure-Python packages installed outside the CPython installation.
     */
    static final String PYTHON_PATH_PROPERTY = "quiver.trino.python-path";

    private static final SharedPool INSTANCE = new SharedPool();

    private InterpreterPool pool;
    private BufferAllocator allocator;
    private boolean closed;
    /**
     * Registrations by definition: Trino asks for an implementation per query and per worker; compiling
     * once per distinct definition keeps that cheap. Bounded by the number of distinct definitions the
     * cluster has seen (each costs its compiled code in every interpreter).
     */
    private final Map<PythonFunction, RegisteredFunction> registrations = new ConcurrentHashMap<>();

    static SharedPool get() {
        return INSTANCE;
    }

    /** The pool, started now if this is the first call. */
    synchronized InterpreterPool pool() {
        if (closed) {
            throw new UdfException(UdfException.Reason.POOL_UNAVAILABLE, null, "the Python interpreter pool is closed");
        }
        if (pool == null) {
            PoolOptions options = PoolOptions.defaults();
            String interpreters = System.getProperty(INTERPRETERS_PROPERTY);
            if (interpreters != null) {
                try {
                    options = options.withWorkers(Integer.parseInt(interpreters.strip()));
                } catch (IllegalArgumentException e) { // NumberFormatException too
                    throw new UdfException(
                            UdfException.Reason.POOL_UNAVAILABLE,
                            null,
                            "system property " + INTERPRETERS_PROPERTY
                                    + " must be a positive number of interpreters, got '" + interpreters + "'",
                            e);
                }
            }
            String pythonPath = System.getProperty(PYTHON_PATH_PROPERTY);
            if (pythonPath != null && !pythonPath.isBlank()) {
                options = options.withPythonPath(Arrays.stream(pythonPath.split(File.pathSeparator))
                        .filter(entry -> !entry.isBlank())
                        .map(Path::of)
                        .toList());
            }
            allocator = new RootAllocator();
            pool = InterpreterPool.start(options);
        }
        return pool;
    }

    /** Allocates the calls' argument and result vectors. */
    synchronized BufferAllocator allocator() {
        pool();
        return allocator;
    }

    /**
     * Registers (compiles and imports) a function once per distinct definition.
     *
     * @throws UdfException DEFINITION_ERROR with Python's error and traceback
     */
    RegisteredFunction register(PythonFunction function) {
        RegisteredFunction known = registrations.get(function);
        if (known != null) {
            return known;
        }
        RegisteredFunction registered = pool().register(function);
        RegisteredFunction raced = registrations.putIfAbsent(function, registered);
        if (raced != null) {
            pool().release(registered);
            return raced;
        }
        return registered;
    }

    @Override
    public synchronized void close() {
        closed = true;
        registrations.clear();
        if (pool != null) {
            pool.close();
        }
        if (allocator != null) {
            allocator.close();
        }
    }
}
