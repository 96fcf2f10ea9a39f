package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/** Batches of BIGINT columns for the join benchmarks' inputs. */
final class LongBatches {
    private LongBatches() {}

    /** A batch of {@code rows} rows whose column {@code i} (named {@code prefix + i}) holds {@code values[i]}. */
    static Batch of(long[][] values, int rows, String prefix, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        for (int column = 0; column < values.length; column++) {
            BigIntVector vector = new BigIntVector(prefix + column, allocator);
            vector.allocateNew(rows);
            for (int row = 0; row < rows; row++) {
                vector.set(row, values[column][row]);
            }
            vector.setValueCount(rows);
            vectors.add(vector);
        }
        return new Batch(vectors, rows);
    }
}
