package dev.quiver.udf.cpython;

import dev.quiver.udf.UdfException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded CPython of this process: libpython loaded once, the main interpreter initialised once.
 *
 * <p>The main interpreter is created on a dedicated platform thread with an isolated configuration
 * (no Python signal handlers — the JVM owns signals — and no PYTHON* environment), and its GIL is
 * released at once: no work ever runs in it. Work runs in {@link SubInterpreter}s, each confined to
 * its own thread. Python is finalized once, at JVM exit, after every {@link Closeable} registered
 * with {@link #onShutdown} (the interpreter pools) has ended its interpreters; CPython cannot be
 * reliably re-initialised in one process, so pools come and go while the runtime stays.
 */
public final class PythonRuntime {
    private static final String RUNTIME_RESOURCE = "/dev/quiver/udf/quiver_runtime.py";
    private static PythonRuntime instance;

    private final PythonInstallation installation;
    private final CPythonLayout layout;
    private final LibPython lib;
    private final String runtimeSource;
    private final ExecutorService mainThread;
    private final AtomicInteger liveInterpreters = new AtomicInteger();
    private final List<Closeable> shutdownActions = new CopyOnWriteArrayList<>();
    private final long startNanos;
    private MemorySegment mainThreadState; // confined to mainThread
    private PythonMemoryAccounting memoryAccounting; // set once, on mainThread, during start
    private volatile boolean finalized;

    /** Something to close before Python is finalized at JVM exit. */
    public interface Closeable {
        void close();
    }

    private PythonRuntime(PythonInstallation installation) {
        this.installation = installation;
        this.layout = CPythonLayout.of(installation.major(), installation.minor());
        this.runtimeSource = readRuntimeSource();
        this.mainThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread =
                    Thread.ofPlatform().name("quiver-python-main").daemon(true).unstarted(runnable);
            return thread;
        });
        long start = System.nanoTime();
        this.lib = LibPython.load(installation.library().toString());
        checkVersion();
        onMainThread(this::initializeMain);
        this.startNanos = System.nanoTime() - start;
        Runtime.getRuntime()
                .addShutdownHook(
                        Thread.ofPlatform().name("quiver-python-shutdown").unstarted(this::shutdown));
    }

    /** The process's runtime, started on first use with {@link PythonInstallation#locate()}. */
    public static synchronized PythonRuntime get() {
        if (instance == null) {
            instance = new PythonRuntime(PythonInstallation.locate());
        }
        return instance;
    }

    public PythonInstallation installation() {
        return installation;
    }

    /** Nanoseconds it took to load libpython and initialise the main interpreter. */
    public long startNanos() {
        return startNanos;
    }

    /** {@code Py_GetVersion()}, e.g. "3.13.0 (main, ...) [GCC 12.2.0]". */
    public String pythonVersion() {
        return lib.version();
    }

    /** Per-thread counting of Python's allocations (the per-query limit), or why it is off. */
    public PythonMemoryAccounting memoryAccounting() {
        return memoryAccounting;
    }

    /** Sub-interpreters currently alive in this process. */
    public int liveInterpreters() {
        return liveInterpreters.get();
    }

    /** Runs {@code action} at JVM exit, before Python is finalized. */
    public void onShutdown(Closeable action) {
        shutdownActions.add(action);
    }

    public void removeShutdownAction(Closeable action) {
        shutdownActions.remove(action);
    }

    LibPython lib() {
        return lib;
    }

    CPythonLayout layout() {
        return layout;
    }

    String runtimeSource() {
        return runtimeSource;
    }

    void interpreterStarted() {
        liveInterpreters.incrementAndGet();
    }

    void interpreterEnded() {
        liveInterpreters.decrementAndGet();
    }

    private void checkVersion() {
        String version = lib.version();
        String expected = installation.major() + "." + installation.minor() + ".";
        if (!version.startsWith(expected)) {
            throw new UdfException(
                    UdfException.Reason.PYTHON_UNAVAILABLE,
                    null,
                    "libpython at " + installation.library() + " reports version " + version + ", expected "
                            + installation.version());
        }
    }

    private void initializeMain() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocate(layout.configSize(), 8);
            lib.configInitIsolated(config); // no signal handlers, no environment, no user site
            try {
                MemorySegment homeField = config.asSlice(layout.configHome(), 8);
                MemorySegment status = lib.configSetBytesString(
                        arena,
                        config,
                        homeField,
                        arena.allocateFrom(installation.home().toString()));
                checkStatus(status, "setting PyConfig.home");
                checkStatus(lib.initializeFromConfig(arena, config), "Py_InitializeFromConfig");
            } finally {
                lib.configClear(config);
            }
        }
        // Wrap the allocators now: no other thread runs Python yet (CPython requires that).
        memoryAccounting = PythonMemoryAccounting.install();
        // Release the main GIL at once: creating a sub-interpreter while it is held deadlocks (3.13).
        mainThreadState = lib.evalSaveThread();
    }

    static void checkStatus(MemorySegment status, String what) {
        int type = status.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
        if (type != 0) {
            MemorySegment message = status.get(java.lang.foreign.ValueLayout.ADDRESS, 16);
            String text = message.equals(MemorySegment.NULL) ? "status " + type : LibPython.cString(message);
            throw new UdfException(UdfException.Reason.PYTHON_UNAVAILABLE, null, what + " failed: " + text);
        }
    }

    /**
     * Closes every registered pool, then finalizes Python — unless an interpreter is still alive (a
     * UDF stuck in C code), in which case Python is left running: finalizing under a live interpreter
     * would crash the JVM, while leaving it costs nothing at process exit.
     */
    private void shutdown() {
        List<Closeable> actions = new ArrayList<>(shutdownActions);
        for (Closeable action : actions) {
            try {
                action.close();
            } catch (RuntimeException e) {
                System.err.println("quiver: closing an interpreter pool at exit failed: " + e.getMessage());
            }
        }
        if (liveInterpreters.get() > 0) {
            System.err.println("quiver: " + liveInterpreters.get()
                    + " Python interpreter(s) still busy at exit; Python is not finalized");
            return;
        }
        try {
            onMainThread(() -> {
                lib.evalRestoreThread(mainThreadState);
                lib.finalizeEx();
                finalized = true;
            });
        } catch (RuntimeException e) {
            System.err.println("quiver: finalizing Python failed: " + e.getMessage());
        }
    }

    boolean isFinalized() {
        return finalized;
    }

    private void onMainThread(Runnable action) {
        Callable<Void> callable = () -> {
            action.run();
            return null;
        };
        Future<Void> future = mainThread.submit(callable);
        try {
            future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UdfException(UdfException.Reason.INTERNAL, null, "Python main thread failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UdfException(UdfException.Reason.INTERNAL, null, "interrupted while starting Python", e);
        }
    }

    private static String readRuntimeSource() {
        try (InputStream in = PythonRuntime.class.getResourceAsStream(RUNTIME_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RUNTIME_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RUNTIME_RESOURCE, e);
        }
    }
}
