package dev.quiver.engine.exec.operator.scan;

import dev.quiver.engine.exec.Batch;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table held in memory as Arrow batches, as {@link TableScanOperator} reads it; the catalog's
 * tables implement it, so the runtime never sees the catalog.
 *
 * <p>THREADING: {@link #batches} may be called from any thread while the table is being appended to;
 * it returns a snapshot that later appends do not change.
 */
public interface TableData {
    /** The table's name, for EXPLAIN. */
    String name();

    /** The columns of every batch. */
    Schema schema();

    /** The stored batches as of now, still owned by the table: share their columns, never close them. */
    List<Batch> batches();

    /**
     * The value range of column {@code column} in stored batch {@code batch} (an index into {@link
     * #batches()}), or null when the table keeps none (the column is not an integer or DATE).
     * Tables that keep ranges compute each at most once; scans use them to skip batches.
     */
    default ValueRange valueRange(int batch, int column) {
        return null;
    }
}
