package dev.quiver.bench.udf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The benchmark's input: {@code rows} deterministic DOUBLE values without NULLs, cut into Arrow
 * batches of {@code batchRows} (the last one may be shorter). Built once and read by every mode.
 */
public final class InputBatches implements AutoCloseable {
    private final BufferAllocator allocator;
    private final List<VectorSchemaRoot> batches = new ArrayList<>();
    private final long rows;

    /** Allocates the batches from a child of {@code parent}, released by {@link #close}. */
    public InputBatches(BufferAllocator parent, long rows, int batchRows) {
        if (rows < 1 || batchRows < 1) {
            throw new IllegalArgumentException(
                    "rows and batch rows must be positive, got " + rows + " and " + batchRows);
        }
        this.allocator = parent.newChildAllocator("bench-input", 0, Long.MAX_VALUE);
        this.rows = rows;
        try {
            for (long first = 0; first < rows; first += batchRows) {
                int count = (int) Math.min(batchRows, rows - first);
                Float8Vector vector = new Float8Vector("x", allocator);
                vector.allocateNew(count);
                for (int index = 0; index < count; index++) {
                    vector.set(index, valueAt(first + index));
                }
                vector.setValueCount(count);
                batches.add(VectorSchemaRoot.of(vector));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The value of row {@code row}: spread over [1, 101), positive so sqrt and log are defined. */
    static double valueAt(long row) {
        return 1.0 + ((row * 7919) % 100_003) / 1000.0;
    }

    public long rows() {
        return rows;
    }

    public int batchCount() {
        return batches.size();
    }

    /** Batch {@code index} as a one-column root (column "x"); owned by this object. */
    public VectorSchemaRoot root(int index) {
        return batches.get(index);
    }

    public Float8Vector vector(int index) {
        return (Float8Vector) batches.get(index).getVector(0);
    }

    /** Rows in batches {@code fromBatch} (inclusive) to {@code toBatch} (exclusive). */
    public long rows(int fromBatch, int toBatch) {
        long count = 0;
        for (int index = fromBatch; index < toBatch; index++) {
            count += batches.get(index).getRowCount();
        }
        return count;
    }

    /** Writes the values of a range of batches, in row order, as little-endian doubles (a bare loop's input). */
    public void writeValues(OutputStream out, int fromBatch, int toBatch) throws IOException {
        for (int index = fromBatch; index < toBatch; index++) {
            Float8Vector vector = vector(index);
            ByteBuffer bytes = ByteBuffer.allocate(vector.getValueCount() * Float8Vector.TYPE_WIDTH)
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int row = 0; row < vector.getValueCount(); row++) {
                bytes.putDouble(vector.get(row));
            }
            out.write(bytes.array());
        }
    }

    @Override
    public void close() {
        batches.forEach(VectorSchemaRoot::close);
        batches.clear();
        allocator.close();
    }
}
