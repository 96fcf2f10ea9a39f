package dev.quiver.engine;

/**
 * How a Quiver database runs.
 *
 * @param threads           worker threads per query (morsel-driven parallelism); default: available processors
 * @param queryMemoryLimit  bytes of Arrow memory one query may allocate; going over fails the query
 * @param batchRows         rows per Arrow batch (morsel size)
 * @param interpreters      Python sub-interpreters (each with its own GIL) that run UDFs; default: available processors
 * @param sourcePushdown    whether scans DuckDB runs (read_parquet, read_csv, attached tables) read only
 *                          the columns a query needs and apply its simple filters themselves; off only
 *                          to compare (the answers are the same)
 */
public record QuiverConfig(int threads, long queryMemoryLimit, int batchRows, int interpreters,
        boolean sourcePushdown) {
    public QuiverConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (queryMemoryLimit < 1) {
            throw new IllegalArgumentException("query memory limit must be positive, got " + queryMemoryLimit);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batch rows must be positive, got " + batchRows);
        }
        if (interpreters < 1) {
            throw new IllegalArgumentException("interpreters must be at least 1, got " + interpreters);
        }
    }

    /** All cores, 4 GiB per query, 64K-row batches, one interpreter per core, source pushdown on. */
    public static QuiverConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new QuiverConfig(cores, 4L << 30, 65_536, cores, true);
    }

    public QuiverConfig withThreads(int value) {
        return new QuiverConfig(value, queryMemoryLimit, batchRows, interpreters, sourcePushdown);
    }

    public QuiverConfig withQueryMemoryLimit(long value) {
        return new QuiverConfig(threads, value, batchRows, interpreters, sourcePushdown);
    }

    public QuiverConfig withBatchRows(int value) {
        return new QuiverConfig(threads, queryMemoryLimit, value, interpreters, sourcePushdown);
    }

    public QuiverConfig withInterpreters(int value) {
        return new QuiverConfig(threads, queryMemoryLimit, batchRows, value, sourcePushdown);
    }

    public QuiverConfig withSourcePushdown(boolean value) {
        return new QuiverConfig(threads, queryMemoryLimit, batchRows, interpreters, value);
    }
}
