package dev.quiver.engine.catalog;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.scan.TableData;
import dev.quiver.engine.exec.operator.scan.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One version of a table held in memory as Arrow batches: what {@code CREATE TABLE}, {@code INSERT}
 * and {@code CALL tpch} produce, and what scans read in parallel, one batch per morsel.
 *
 * <p>IMMUTABLE: a change makes a new version ({@link #withAppended}, {@link #withRows}) and the
 * catalog swaps it in when the change commits, so a transaction that took a {@link TableSnapshot}
 * keeps reading the rows it started with. Versions share unchanged batches.
 *
 * <p>OWNERSHIP: a version is reference counted. Its creator holds the first reference and hands it
 * to the catalog when it publishes the version; snapshots {@link #retain} it while they read it.
 * {@link #close} releases one reference; the last one frees the batches no other version holds.
 */
public final class MemoryTable implements TableData, AutoCloseable {
    private final String name;
    private final Schema schema;
    private final List<StoredBatch> stored;
    private final List<Batch> batches;
    private final TableStatistics statistics;
    private final AtomicInteger references = new AtomicInteger(1);

    /** A first version, owning {@code batches}. */
    public MemoryTable(String name, Schema schema, List<Batch> batches) {
        this(batches.stream().map(StoredBatch::new).toList(), name, schema);
    }

    /** A version holding {@code stored}: the caller has counted this version among each batch's holders. */
    private MemoryTable(List<StoredBatch> stored, String name, Schema schema) {
        this.name = Objects.requireNonNull(name, "name");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.stored = List.copyOf(stored);
        this.batches = this.stored.stream().map(StoredBatch::batch).toList();
        this.statistics = new TableStatistics(this.batches);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** The batches of this version; they stay owned by it (share their columns, never close them). */
    @Override
    public List<Batch> batches() {
        return batches;
    }

    @Override
    public ValueRange valueRange(int batch, int column) {
        return stored.get(batch).valueRange(column);
    }

    public long rowCount() {
        return statistics.rowCount();
    }

    /** Row count and distinct counts of the rows, for the planner. */
    public TableStatistics statistics() {
        return statistics;
    }

    /** A new version: these rows followed by {@code more}, whose ownership it takes. */
    public MemoryTable withAppended(List<Batch> more) {
        List<StoredBatch> next = new ArrayList<>(stored.size() + more.size());
        stored.forEach(batch -> next.add(batch.share()));
        more.forEach(batch -> next.add(new StoredBatch(batch)));
        return new MemoryTable(next, name, schema);
    }

    /**
     * A new version: these rows followed by the batches {@code other} appended after {@code base}
     * (both versions of this table); how an append commits on top of appends committed meanwhile.
     */
    public MemoryTable withAppendedSince(MemoryTable other, MemoryTable base) {
        List<StoredBatch> next = new ArrayList<>(stored.size() + other.stored.size() - base.stored.size());
        stored.forEach(batch -> next.add(batch.share()));
        other.stored.subList(base.stored.size(), other.stored.size()).forEach(batch -> next.add(batch.share()));
        return new MemoryTable(next, name, schema);
    }

    /** A new version of this table holding exactly {@code rows} (ownership taken), e.g. after a DELETE. */
    public MemoryTable withRows(List<Batch> rows) {
        return new MemoryTable(name, schema, rows);
    }

    /** A new version with another schema and {@code rows} (ownership taken), e.g. after ALTER TABLE. */
    public MemoryTable withSchema(String newName, Schema newSchema, List<Batch> rows) {
        return new MemoryTable(newName, newSchema, rows);
    }

    /**
     * A new version sharing these batches under another name or with another schema of the same
     * columns (names and types unchanged; e.g. other constraints or defaults): ALTER TABLE's
     * RENAME TO and SET / DROP DEFAULT.
     */
    public MemoryTable sharing(String newName, Schema newSchema) {
        List<StoredBatch> next = new ArrayList<>(stored.size());
        stored.forEach(batch -> next.add(batch.share()));
        return new MemoryTable(next, newName, newSchema);
    }

    /** Takes one more reference (a snapshot reads this version); call {@link #close} to let it go. */
    public MemoryTable retain() {
        if (references.getAndIncrement() <= 0) {
            throw new IllegalStateException("table " + name + " was retained after it was freed: a bug");
        }
        return this;
    }

    /** Releases one reference; the last frees the batches no other version holds. */
    @Override
    public void close() {
        int left = references.decrementAndGet();
        if (left == 0) {
            stored.forEach(StoredBatch::release);
        } else if (left < 0) {
            throw new IllegalStateException("table " + name + " was released more often than retained: a bug");
        }
    }
}
