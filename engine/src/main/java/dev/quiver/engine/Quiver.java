package dev.quiver.engine;

import dev.quiver.engine.catalog.Catalog;
import dev.quiver.engine.catalog.CatalogStore;
import dev.quiver.engine.catalog.MemoryOnlyStore;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.memory.MallocAllocationManager;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.source.DuckDbCatalogStore;
import dev.quiver.engine.source.DuckDbReader;
import dev.quiver.engine.sql.CalciteDefaults;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.PoolOptions;
import dev.quiver.udf.pool.QueryMemoryLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;

/**
 * An open Quiver database — in memory, or stored in a DuckDB database file at a PATH — with its
 * catalog, its memory, its configuration. Thread-safe; each client works through its own
 * {@link Session}.
 *
 * <p>A stored database keeps every table in memory too (loaded when it opens) and writes each
 * change through to the file before it becomes visible (see {@link CatalogStore}). One Quiver per
 * PATH at a time: other processes are kept out by DuckDB's file lock, this process by
 * {@link #OPEN_PATHS}.
 */
public final class Quiver implements AutoCloseable {
    static {
        CalciteDefaults.install(); // before any Calcite class reads its defaults
    }

    private final QuiverConfig config;
    /**
     * Made on first use: Arrow's allocator statics (netty's pools, its logger probes) cost tens of
     * milliseconds, which a first statement then spends after it is parsed and planned, and which
     * the CLI's start-up warm-up pays on another thread meanwhile. Null until then.
     */
    private volatile Allocators allocators;

    private final Object allocatorsLock = new Object();
    /** The database files open in this process: DuckDB's lock only keeps other processes out. */
    private static final Set<Path> OPEN_PATHS = ConcurrentHashMap.newKeySet();

    private final Catalog catalog = new Catalog();
    private final Path path; // null: in memory
    private CatalogStore store = new MemoryOnlyStore(); // set once, while opening
    private final ExecutorService workers;
    private final PipelineExecutor executor;
    private DuckDbReader files; // started on first use: most sessions never read a file
    private InterpreterPool udfPool; // started on first use: Python starts only for databases with UDFs
    private final PythonInfo pythonInfo = new PythonInfo(this);
    /** The package path in force: the configured one until {@link #setPythonPath} replaces it. */
    private List<Path> pythonPath;
    /** Values of SET GLOBAL: every session's setting unless it SET its own (see SessionSettings). */
    private final Map<String, Object> globalSettings = new ConcurrentHashMap<>();

    private Quiver(QuiverConfig config, Path path) {
        this.config = config;
        this.pythonPath = config.python().path();
        this.path = path;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(
                config.threads(),
                runnable -> Thread.ofPlatform()
                        .name("quiver-worker-" + threadNumber.incrementAndGet())
                        .daemon(true)
                        .unstarted(runnable));
        this.executor = new PipelineExecutor(workers);
    }

    /**
     * Opens an in-memory database.
     *
     * @throws QuiverException JVM_OPTIONS_MISSING when the JVM lacks the options Quiver needs (the
     *     message names them)
     */
    public static Quiver open(QuiverConfig config) {
        JvmRequirements.check();
        return new Quiver(config, null);
    }

    /**
     * Opens the database stored at {@code path}, a DuckDB database file, creating it when missing,
     * and loads its tables into memory.
     *
     * @throws QuiverException DATABASE_IN_USE when the database is open already (in this process or
     *     another), IO_ERROR when the file cannot be opened or read, JVM_OPTIONS_MISSING when the
     *     JVM lacks the options Quiver needs
     */
    public static Quiver open(Path path, QuiverConfig config) {
        JvmRequirements.check();
        Path absolute = path.toAbsolutePath().normalize();
        if (!OPEN_PATHS.add(absolute)) {
            throw new QuiverException(
                    ErrorCode.DATABASE_IN_USE,
                    "Database " + absolute
                            + " is already open in this process; share that Quiver (JDBC connections to the same"
                            + " PATH share it) or close it first");
        }
        Quiver database;
        try {
            database = new Quiver(config, absolute);
        } catch (RuntimeException | Error e) {
            OPEN_PATHS.remove(absolute);
            throw e;
        }
        try {
            database.store =
                    DuckDbCatalogStore.open(absolute, database.allocators().root());
            database.store.schemas().forEach(database.catalog::createSchema); // before the tables in them
            for (MemoryTable table : database.store.loadTables(database.storageAllocator(), config.batchRows())) {
                database.catalog.create(table);
            }
            String storedPath = database.store.settings().get(PythonPathSetting.NAME);
            if (storedPath != null) {
                applyStoredPythonPath(database, storedPath);
            }
            for (CatalogStore.StoredSequence sequence : database.store.sequences()) {
                database.catalog.putSequence(SequenceStatements.replay(sequence, database.store));
            }
            database.replayFunctions();
            database.replayViews();
            return database;
        } catch (RuntimeException | Error e) {
            try {
                database.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /**
     * Puts a stored {@code SET python_path} in force before the functions are re-created; one whose
     * directories are gone is reported on stderr and the opening path stays.
     */
    private static void applyStoredPythonPath(Quiver database, String stored) {
        try {
            PythonPathSetting.apply(database, PythonSettings.parsePath(stored), false);
        } catch (IllegalArgumentException e) {
            System.err.println("quiver: the python_path stored in " + database.path + " (" + stored + ") is not used: "
                    + e.getMessage());
        }
    }

    /**
     * Re-creates the stored Python functions. One that no longer compiles or imports (its module was
     * uninstalled) is reported on stderr and stays stored, so that fixing Python brings it back;
     * the database opens regardless.
     */
    private void replayFunctions() {
        SortedMap<String, String> definitions = store.functions();
        if (definitions.isEmpty()) {
            return;
        }
        try (Session session = newSession()) {
            for (Map.Entry<String, String> definition : definitions.entrySet()) {
                try {
                    session.replay(definition.getValue());
                } catch (QuiverException e) {
                    System.err.println("quiver: function " + definition.getKey() + " stored in " + path
                            + " could not be re-created: " + e.describe());
                }
            }
        }
    }

    /**
     * Re-creates the stored views. A view may read another, so those that fail are tried again
     * while any succeeds; one that still fails (a table it reads is gone) is reported on stderr and
     * stays stored.
     */
    private void replayViews() {
        Map<String, String> pending = new java.util.TreeMap<>(store.views());
        try (Session session = newSession()) {
            boolean progress = true;
            Map<String, QuiverException> failures = new java.util.TreeMap<>();
            while (!pending.isEmpty() && progress) {
                progress = false;
                failures.clear();
                for (Map.Entry<String, String> view : List.copyOf(pending.entrySet())) {
                    try {
                        session.replayView(view.getValue());
                        pending.remove(view.getKey());
                        progress = true;
                    } catch (QuiverException e) {
                        failures.put(view.getKey(), e);
                    }
                }
            }
            failures.forEach((name, e) -> System.err.println(
                    "quiver: view " + name + " stored in " + path + " could not be re-created: " + e.describe()));
        }
    }

    public static Quiver open() {
        return open(QuiverConfig.defaults());
    }

    public Session newSession() {
        return new Session(this);
    }

    public QuiverConfig config() {
        return config;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * Where tables and function definitions are kept durably: the database file, or a store that
     * keeps nothing for an in-memory database. Changes go through it before they reach the catalog.
     */
    public CatalogStore store() {
        return store;
    }

    /** The database file, or empty for an in-memory database. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** Runs query pipelines on the database's worker threads. */
    public PipelineExecutor executor() {
        return executor;
    }

    /** The DuckDB instance that reads Parquet, CSV and DuckDB files for this database. */
    public synchronized DuckDbReader files() {
        if (files == null) {
            files = new DuckDbReader();
        }
        return files;
    }

    /**
     * The pool of Python sub-interpreters that runs this database's UDFs, started on first use with
     * {@link QuiverConfig#interpreters()} workers and the {@link QuiverConfig#pythonMemoryLimit()} cap.
     *
     * @throws dev.quiver.udf.UdfException when Python cannot be loaded (no CPython 3.13 found)
     */
    public synchronized InterpreterPool udfPool() {
        if (udfPool == null) {
            udfPool = InterpreterPool.start(PoolOptions.defaults()
                    .withWorkers(config.interpreters())
                    .withMemoryLimit(config.pythonMemoryLimit())
                    .withPythonPath(pythonPath));
        }
        return udfPool;
    }

    /**
     * Starts counting the Python memory of the query that allocates from {@code queryAllocator}
     * against {@link PythonSettings#queryMemoryLimit()}; close it when the query ends. Null (nothing
     * to count) when there is no such limit or no Python function was ever defined (no pool yet).
     */
    public QueryMemoryLimit limitPythonQueryMemory(BufferAllocator queryAllocator) {
        InterpreterPool pool;
        synchronized (this) {
            pool = udfPool;
        }
        long limit = config.python().queryMemoryLimit();
        return pool == null || limit == 0 ? null : pool.limitQueryMemory(queryAllocator, limit);
    }

    /**
     * Replaces the package path (the directories put first on every interpreter's {@code sys.path})
     * for this database from now on: each interpreter applies it before its next call. The hook a
     * {@code SET python_path} statement calls; validate entries with {@link PythonSettings#withPath}.
     */
    public synchronized void setPythonPath(List<Path> directories) {
        pythonPath = new PythonSettings(0, directories).path();
        if (udfPool != null) {
            udfPool.setPythonPath(pythonPath);
        }
    }

    /** The package path in force (see {@link #setPythonPath}). */
    public synchronized List<Path> pythonPath() {
        return pythonPath;
    }

    /**
     * The rows of {@code SELECT * FROM python_info()}: the embedded Python and this database's
     * interpreter pool, as (name, value) pairs. Starts the pool when it is not running yet.
     */
    public List<List<Object>> pythonInfo() {
        return pythonInfo.rows();
    }

    /** The values SET GLOBAL gave, by setting name; thread-safe. */
    Map<String, Object> globalSettings() {
        return globalSettings;
    }

    /** The allocator tables are stored in. */
    public BufferAllocator storageAllocator() {
        return allocators().storage();
    }

    /** A child allocator for one query, limited to the configured query memory. */
    public BufferAllocator newQueryAllocator(String name) {
        return newQueryAllocator(name, config.queryMemoryLimit());
    }

    /**
     * Caps the Arrow memory of the whole database — its tables and every query — at {@code bytes}
     * (a server's memory limit); an allocation beyond it fails that statement with MEMORY_LIMIT.
     */
    public void limitMemory(long bytes) {
        allocators().root().setLimit(bytes);
    }

    /** A child allocator for one query, limited to {@code limit} bytes (a session's memory_limit). */
    public BufferAllocator newQueryAllocator(String name, long limit) {
        return allocators().root().newChildAllocator(name, 0, limit);
    }

    /** The root allocator (from {@code malloc}) and the tables' child of it: Arrow memory of this database. */
    private record Allocators(BufferAllocator root, BufferAllocator storage) {}

    private Allocators allocators() {
        Allocators current = allocators;
        if (current == null) {
            synchronized (allocatorsLock) {
                current = allocators;
                if (current == null) {
                    BufferAllocator root = MallocAllocationManager.newRootAllocator();
                    current = new Allocators(root, root.newChildAllocator("tables", 0, Long.MAX_VALUE));
                    allocators = current;
                }
            }
        }
        return current;
    }

    /**
     * Closes the root allocator, unless a Python call abandoned while stuck in C still holds its
     * batch (moved to a child allocator; freed when the call ends): then close says so and goes on.
     */
    private void closeRootAllocator(BufferAllocator rootAllocator) {
        int stuck;
        synchronized (this) {
            stuck = udfPool == null ? 0 : udfPool.abandonedInterpreters();
        }
        if (stuck > 0 && !rootAllocator.getChildAllocators().isEmpty()) {
            System.err.println("quiver: closing while " + stuck + " abandoned Python call(s) still run inside C code;"
                    + " their batches (" + rootAllocator.getAllocatedMemory() + " bytes) are freed when they end");
            return;
        }
        rootAllocator.close();
    }

    @Override
    public void close() {
        workers.shutdownNow();
        synchronized (this) {
            if (files != null) {
                files.close();
            }
            if (udfPool != null) {
                udfPool.close();
            }
        }
        try {
            catalog.close();
            store.close(); // after the catalog: nothing is written any more
            Allocators made = allocators;
            if (made != null) {
                made.storage().close();
                closeRootAllocator(made.root());
            }
        } finally {
            if (path != null) {
                OPEN_PATHS.remove(path);
            }
        }
    }
}
