package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** COUNT(*) and COUNT(x, …): the rows that count (the caller leaves out rows with a NULL argument). */
final class CountAccumulator implements Accumulator {
    private final Field output;
    private final HeapReservation memory;
    private long[] counts = new long[0];

    CountAccumulator(Field output, HeapReservation memory) {
        this.output = output;
        this.memory = memory;
    }

    @Override
    public void ensureCapacity(int groups) {
        counts = memory.grow(counts, groups);
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {
        long[] counts = this.counts;
        for (int index = 0; index < count; index++) {
            counts[groups[index]]++;
        }
    }

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        long[] from = ((CountAccumulator) other).counts;
        for (int group = 0; group < mapping.length; group++) {
            if (mapping[group] < 0) {
                continue; // a group of another partition
            }
            counts[mapping[group]] += from[group];
        }
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        return PrimitiveColumns.writeLongs(output, counts, null, first, count, allocator);
    }
}
