package dev.quiver.engine.exec.vector;

import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Column helpers for breakers that hold their input: concatenation, renaming, gathering whole batches. */
public final class BatchColumns {
    private BatchColumns() {}

    /** Column {@code column} of every batch as one new vector (a batch's vectors may be longer than it). */
    public static FieldVector concat(List<Batch> batches, int column, Field field, BufferAllocator allocator) {
        List<FieldVector> parts = new ArrayList<>(batches.size());
        List<FieldVector> slices = new ArrayList<>();
        try {
            for (Batch batch : batches) {
                FieldVector part = batch.column(column);
                if (part.getValueCount() != batch.rowCount()) {
                    part = Vectors.slice(part, 0, batch.rowCount(), allocator);
                    slices.add(part);
                }
                parts.add(part);
            }
            return Vectors.concat(parts, field, allocator);
        } finally {
            slices.forEach(FieldVector::close);
        }
    }

    /** Every column of every batch concatenated; the caller owns the vectors, the batches stay open. */
    public static List<FieldVector> concatAll(List<Batch> batches, List<Field> fields, BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(fields.size());
        try {
            for (int column = 0; column < fields.size(); column++) {
                columns.add(concat(batches, column, fields.get(column), allocator));
            }
            return columns;
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
    }

    /** The first {@code fields.size()} columns of {@code batch} under the fields' names and nullability; consumes the batch. */
    public static Batch renamed(Batch batch, List<Field> fields, BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(fields.size());
        for (int column = 0; column < batch.columnCount(); column++) {
            if (column < fields.size()) {
                columns.add(Vectors.rename(batch.column(column), fields.get(column), allocator));
            } else {
                batch.column(column).close();
            }
        }
        return new Batch(columns, batch.rowCount());
    }

    /** Batches of at most {@code batchRows} rows holding {@code rows[0..count)} of {@code columns}. */
    public static List<Batch> gatherInBatches(
            List<FieldVector> columns, int[] rows, int count, int batchRows, BufferAllocator allocator) {
        List<Batch> batches = new ArrayList<>();
        try {
            for (int start = 0; start < count; start += batchRows) {
                int length = Math.min(batchRows, count - start);
                int[] slice = java.util.Arrays.copyOfRange(rows, start, start + length);
                List<FieldVector> out = new ArrayList<>(columns.size());
                try {
                    for (FieldVector column : columns) {
                        out.add(Gather.gather(column, slice, length, allocator));
                    }
                } catch (RuntimeException e) {
                    out.forEach(FieldVector::close);
                    throw e;
                }
                batches.add(new Batch(out, length));
            }
            return batches;
        } catch (RuntimeException e) {
            batches.forEach(Batch::close);
            throw e;
        }
    }
}
