package dev.quiver.engine.catalog;

import dev.quiver.engine.exec.Batch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batch of table rows held by one or more versions of a table ({@link MemoryTable}): an INSERT's
 * new version shares every batch of the version before it. Freed when the last version holding it
 * lets go.
 *
 * <p>Thread-safe: versions are released from whichever session drops the last reference.
 */
final class StoredBatch {
    private final Batch batch;
    private final AtomicInteger holders = new AtomicInteger(1);

    /** Takes ownership of {@code batch}; the caller is its first holder. */
    StoredBatch(Batch batch) {
        this.batch = batch;
    }

    Batch batch() {
        return batch;
    }

    /** One more version holds the batch. */
    StoredBatch share() {
        if (holders.getAndIncrement() <= 0) {
            throw new IllegalStateException("a freed table batch was shared: a bug in version counting");
        }
        return this;
    }

    /** A version lets go; the last one frees the batch. */
    void release() {
        if (holders.decrementAndGet() == 0) {
            batch.close();
        }
    }
}
