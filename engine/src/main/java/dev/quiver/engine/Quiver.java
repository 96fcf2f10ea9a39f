package dev.quiver.engine;

import dev.quiver.engine.sql.CalciteDefaults;
import dev.quiver.engine.catalog.Catalog;
import dev.quiver.engine.exec.memory.MallocAllocationManager;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.source.DuckDbReader;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.PoolOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;

/**
 * An open Quiver database (in memory): its catalog, its memory, its configuration. Thread-safe;
 * each client works through its own {@link Session}.
 */
public final class Quiver implements AutoCloseable {
    static {
        CalciteDefaults.install(); // before any Calcite class reads its defaults
    }

    private final QuiverConfig config;
    private final BufferAllocator rootAllocator;
    private final BufferAllocator storageAllocator;
    private final Catalog catalog = new Catalog();
    private final ExecutorService workers;
    private final PipelineExecutor executor;
    private DuckDbReader files; // started on first use: most sessions never read a file
    private InterpreterPool udfPool; // started on first use: Python starts only for databases with UDFs

    private Quiver(QuiverConfig config) {
        this.config = config;
        this.rootAllocator = MallocAllocationManager.newRootAllocator();
        this.storageAllocator = rootAllocator.newChildAllocator("tables", 0, Long.MAX_VALUE);
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.threads(), runnable -> Thread.ofPlatform()
                .name("quiver-worker-" + threadNumber.incrementAndGet()).daemon(true).unstarted(runnable));
        this.executor = new PipelineExecutor(workers);
    }

    /** Opens an in-memory database. */
    public static Quiver open(QuiverConfig config) {
        return new Quiver(config);
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
     * {@link QuiverConfig#interpreters()} workers.
     *
     * @throws dev.quiver.udf.UdfException when Python cannot be loaded (no CPython 3.13 found)
     */
    public synchronized InterpreterPool udfPool() {
        if (udfPool == null) {
            udfPool = InterpreterPool.start(PoolOptions.defaults().withWorkers(config.interpreters()));
        }
        return udfPool;
    }

    /** The allocator tables are stored in. */
    public BufferAllocator storageAllocator() {
        return storageAllocator;
    }

    /** A child allocator for one query, limited to the configured query memory. */
    public BufferAllocator newQueryAllocator(String name) {
        return rootAllocator.newChildAllocator(name, 0, config.queryMemoryLimit());
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
        catalog.close();
        storageAllocator.close();
        rootAllocator.close();
    }
}
