package dev.quiver.engine;

/**
 * How a Quiver database runs.
 *
 * @param threads           worker threads per query (morsel-driven parallelism); default: available processors
 * @param queryMemoryLimit  bytes of Arrow memory one query may allocate; going over fails the query
 * @param batchRows         rows per Arrow batch (morsel size)
 * @param interpreters      Python sub-interpreters (each with its own GIL) that run UDFs; default: available processors
 */
public record QuiverConfig(int threads, long queryMemoryLimit, int batchRows, int interpreters) {
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

    /** All cores, 4 GiB per query, 64K-row batches, one interpreter per core. */
    public static QuiverConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new QuiverConfig(cores, 4L << 30, 65_536, cores);
    }

    public QuiverConfig withThreads(int value) {
        return new QuiverConfig(value, queryMemoryLimit, batchRows, interpreters);
    }

    public QuiverConfig withQueryMemoryLimit(long value) {
        return new QuiverConfig(threads, value, batchRows, interpreters);
    }

    public QuiverConfig withBatchRows(int value) {
        return new QuiverConfig(threads, queryMemoryLimit, value, interpreters);
    }

    public QuiverConfig withInterpreters(int value) {
        return new QuiverConfig(threads, queryMemoryLimit, batchRows, value);
    }
}
