package dev.quiver.engine;

import dev.quiver.udf.pool.PoolOptions;

/**
 * The Python settings of a database beyond the pool size and the process-wide memory limit.
 *
 * @param queryMemoryLimit bytes of Python memory one query's calls may hold, summed over the
 *                         interpreters running them; over it the query fails with MEMORY_LIMIT.
 *                         0 for no per-query cap; default half the machine's or container's memory.
 *                         Enforced where the launcher built libquiver_pymem (see docs/udf-guide.md)
 */
public record PythonSettings(long queryMemoryLimit) {
    public PythonSettings {
        if (queryMemoryLimit < 0) {
            throw new IllegalArgumentException(
                    "python query memory limit must be 0 (no cap) or positive, got " + queryMemoryLimit);
        }
    }

    /** Half the memory per query. */
    public static PythonSettings defaults() {
        return new PythonSettings(PoolOptions.defaultQueryMemoryLimit());
    }

    public PythonSettings withQueryMemoryLimit(long bytes) {
        return new PythonSettings(bytes);
    }
}
