package dev.quiver.engine.catalog;

import dev.quiver.engine.exec.Batch;
import java.util.List;

/**
 * What one committed transaction did to one table, as a {@link CatalogStore} writes it: rows
 * appended to it, or its rows replaced by those of {@code table} (UPDATE, DELETE, TRUNCATE).
 *
 * @param table    the table's new committed version (only read)
 * @param appended the batches appended, in {@code table}'s schema; null when every row is replaced
 */
public record TableChange(MemoryTable table, List<Batch> appended) {
    /** Whether the table's rows were replaced rather than appended to. */
    public boolean replacesRows() {
        return appended == null;
    }
}
