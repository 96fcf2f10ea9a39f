package dev.quiver.engine.catalog;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.scan.ValueRange;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
    /** Each column's value range once a scan asked for it; {@link #NO_RANGE} for a column without. */
    private final AtomicReferenceArray<ValueRange> ranges;

    /** Marks a column whose type has no range, so it is not looked at again. */
    private static final ValueRange NO_RANGE = new ValueRange(Long.MIN_VALUE, Long.MAX_VALUE);

    /** Takes ownership of {@code batch}; the caller is its first holder. */
    StoredBatch(Batch batch) {
        this.batch = batch;
        this.ranges = new AtomicReferenceArray<>(batch.columnCount());
    }

    Batch batch() {
        return batch;
    }

    /**
     * The value range of one column, computed on first use (the rows never change: a DELETE or
     * UPDATE makes new batches). Two scans asking at once may both compute it; either result is
     * the same.
     */
    ValueRange valueRange(int column) {
        ValueRange range = ranges.get(column);
        if (range == null) {
            range = ValueRange.of(batch.column(column), batch.rowCount());
            ranges.set(column, range == null ? NO_RANGE : range);
        }
        return range == NO_RANGE ? null : range;
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
