package dev.quiver.engine.catalog;

import dev.quiver.engine.exec.Batch;
import java.util.List;

/**
 * What one committed transaction did to one table, as a {@link CatalogStore} writes it: rows
 * appended to it, its rows replaced by those of {@code table} (UPDATE, DELETE, TRUNCATE), or the
 * whole table replaced by {@code table}, columns and all (ALTER TABLE).
 *
 * @param table          the table's new committed version (only read)
 * @param replacesSchema whether the table's columns or constraints changed (then its rows are replaced too)
 * @param appended       the batches appended, in {@code table}'s schema; null when every row is replaced
 * @param drops          whether the table is dropped (DROP TABLE inside a transaction)
 */
public record TableChange(MemoryTable table, boolean replacesSchema, List<Batch> appended, boolean drops) {
    /** A change of rows only. */
    public TableChange(MemoryTable table, List<Batch> appended) {
        this(table, false, appended, false);
    }

    /** A change of rows, or with {@code replacesSchema} a (re-)created table. */
    public TableChange(MemoryTable table, boolean replacesSchema, List<Batch> appended) {
        this(table, replacesSchema, appended, false);
    }

    /** The table (its last version this transaction saw) is dropped. */
    public static TableChange drop(MemoryTable table) {
        return new TableChange(table, false, null, true);
    }

    /** Whether the table's rows were replaced rather than appended to. */
    public boolean replacesRows() {
        return appended == null;
    }
}
