package dev.quiver.engine.catalog;

import dev.quiver.engine.exec.Batch;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * What the planner knows about one snapshot of a table's rows: the row count, and per column an
 * estimate of its number of distinct non-NULL values (which drives join selectivity and so join
 * order). A column's count is computed the first time a plan asks for it, in one pass over the
 * column with a {@link DistinctCountSketch}, and kept for as long as the snapshot lives.
 *
 * <p>Thread-safe: plans in several sessions may ask at once.
 */
public final class TableStatistics {
    private final List<Batch> batches;
    private final long rowCount;
    private final ConcurrentHashMap<List<Integer>, Double> distinctCounts = new ConcurrentHashMap<>();

    TableStatistics(List<Batch> batches) {
        this.batches = batches;
        long rows = 0;
        for (Batch batch : batches) {
            rows += batch.rowCount();
        }
        this.rowCount = rows;
    }

    public long rowCount() {
        return rowCount;
    }

    /** Estimated distinct non-NULL values of column {@code column}, at least 1 and at most the row count. */
    public double distinctCount(int column) {
        return distinctCount(List.of(column));
    }

    /**
     * Estimated distinct combinations of non-NULL values of {@code columns} — measured, not a
     * product, because key columns are correlated (a (part, supplier) pair of lineitem takes 800K
     * values at SF 1, not 200K × 10K).
     */
    public double distinctCount(List<Integer> columns) {
        return distinctCounts.computeIfAbsent(List.copyOf(columns), this::count);
    }

    private double count(List<Integer> columns) {
        DistinctCountSketch sketch = new DistinctCountSketch();
        for (Batch batch : batches) {
            int rows = batch.rowCount();
            long[] hashes = new long[rows];
            boolean[] nulls = new boolean[rows];
            for (int column : columns) {
                fold(batch.column(column), rows, hashes, nulls);
            }
            for (int row = 0; row < rows; row++) {
                if (!nulls[row]) {
                    sketch.add(hashes[row]);
                }
            }
        }
        return Math.max(1, Math.min(rowCount, Math.round(sketch.estimate())));
    }

    /** Folds the values of one column into each row's combined hash; marks rows where it is NULL. */
    private static void fold(FieldVector vector, int rows, long[] hashes, boolean[] nulls) {
        // integer-like columns (the usual join keys) are read as their value, others hashed by Arrow
        int width = vector instanceof BaseFixedWidthVector fixed && !(vector instanceof BitVector)
                ? fixed.getTypeWidth()
                : 0;
        var data = width > 0 ? vector.getDataBuffer() : null;
        for (int row = 0; row < rows; row++) {
            if (vector.isNull(row)) {
                nulls[row] = true;
                continue;
            }
            long value = switch (width) {
                case 1 -> data.getByte(row);
                case 2 -> data.getShort(2L * row);
                case 4 -> data.getInt(4L * row);
                case 8 -> data.getLong(8L * row);
                case 16 -> data.getLong(16L * row) * 31 + data.getLong(16L * row + 8);
                default -> vector.hashCode(row);
            };
            hashes[row] = (hashes[row] ^ value) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        }
    }
}
