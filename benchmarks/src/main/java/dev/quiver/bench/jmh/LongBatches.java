package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/** Batches of BIGINT columns for the join and selection benchmarks' inputs. */
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

    /** Ascending rows of [0, {@code rows}), each chosen with a chance of {@code percent} %: a selection. */
    static int[] randomSelection(Random random, int rows, int percent) {
        int[] selection = new int[rows];
        int selected = 0;
        for (int row = 0; row < rows; row++) {
            selection[selected] = row;
            selected += random.nextInt(100) < percent ? 1 : 0;
        }
        return Arrays.copyOf(selection, selected);
    }

    /** A batch of {@code columns}' vectors (retained, shared) whose rows are {@code selection}. */
    static Batch withSelection(Batch columns, int[] selection, BufferAllocator allocator) {
        List<FieldVector> shared = new ArrayList<>(columns.columnCount());
        for (int column = 0; column < columns.columnCount(); column++) {
            shared.add(columns.retainColumn(column, allocator));
        }
        return new Batch(shared, columns.rowCount(), selection, selection.length);
    }
}
