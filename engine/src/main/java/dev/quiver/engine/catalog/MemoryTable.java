package dev.quiver.engine.catalog;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.operator.scan.TableData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table held in memory as Arrow batches: what {@code CREATE TABLE}, {@code INSERT} and
 * {@code CALL tpch} produce, and what scans read in parallel, one batch per morsel.
 *
 * <p>OWNERSHIP: the table owns its batches and frees them on {@link #close}. The batch list is
 * replaced, never mutated, so a scan that took {@link #batches()} keeps a consistent snapshot while
 * an INSERT appends. Appends are serialised by the caller (the catalog).
 */
public final class MemoryTable implements TableData, AutoCloseable {
    private final String name;
    private final Schema schema;
    private volatile List<Batch> batches;
    /** Statistics of the current {@link #batches}; replaced with them. */
    private volatile TableStatistics statistics;

    public MemoryTable(String name, Schema schema, List<Batch> batches) {
        this.name = Objects.requireNonNull(name, "name");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.batches = List.copyOf(batches);
        this.statistics = new TableStatistics(this.batches);
    }

    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    /** A snapshot of the batches; they stay owned by this table. */
    public List<Batch> batches() {
        return batches;
    }

    public long rowCount() {
        return statistics.rowCount();
    }

    /** Row count and distinct counts of the current rows, for the planner. */
    public TableStatistics statistics() {
        return statistics;
    }

    /** Appends batches whose schema matches; the table takes ownership of them. */
    public void append(List<Batch> more) {
        List<Batch> next = new ArrayList<>(batches);
        next.addAll(more);
        batches = List.copyOf(next);
        statistics = new TableStatistics(batches);
    }

    @Override
    public void close() {
        for (Batch batch : batches) {
            batch.close();
        }
        batches = List.of();
        statistics = new TableStatistics(batches);
    }
}
