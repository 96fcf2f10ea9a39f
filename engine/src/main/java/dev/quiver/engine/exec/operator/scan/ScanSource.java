package dev.quiver.engine.exec.operator.scan;

import dev.quiver.engine.exec.Batch;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Data outside Quiver's memory that {@link FileScanOperator} streams in: a file or an attached
 * database's table, read by an external reader (DuckDB's, wired in by the planner).
 */
public interface ScanSource {
    /**
     * Opens one read of the source. The caller closes the stream.
     *
     * @param columns   the columns to read, by name
     * @param filter    a predicate over the source's columns in the reader's SQL, or null for every row
     * @param batchRows the most rows per batch
     * @param allocator where the batches' memory is accounted
     */
    Stream open(List<String> columns, String filter, int batchRows, BufferAllocator allocator);

    /** What is read, for EXPLAIN: a file path or a database table. */
    String describe();

    /** One open read of a source. Not thread-safe: one thread at a time. */
    interface Stream extends AutoCloseable {
        /** The next non-empty batch, owned by the caller, or null when the source is exhausted. */
        Batch next();

        /** Frees the reader's resources; later calls of {@link #next} are not allowed. */
        @Override
        void close();
    }
}
