package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** MIN, MAX or ANY_VALUE of BOOLEAN, TINYINT..BIGINT, DATE or TIMESTAMP, kept in long form. */
final class LongValueAccumulator implements Accumulator {
    private final int argument;
    private final Field output;
    private final int replacingSign;
    private final HeapReservation memory;
    private long[] kept = new long[0];
    private boolean[] seen = new boolean[0];
    private long[] values = new long[0];

    LongValueAccumulator(int argument, Field output, Selection selection, HeapReservation memory) {
        this.argument = argument;
        this.output = output;
        this.replacingSign = selection.replacingSign;
        this.memory = memory;
    }

    @Override
    public void ensureCapacity(int groups) {
        kept = memory.grow(kept, groups);
        seen = memory.grow(seen, groups);
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {
        values = memory.grow(values, batch.rowCount());
        PrimitiveColumns.readLongsNullAsZero(batch.column(argument), batch.rowCount(), values);
        long[] values = this.values;
        for (int index = 0; index < count; index++) {
            keep(groups[index], values[rows[index]]);
        }
    }

    private void keep(int group, long value) {
        if (!seen[group] || Integer.signum(Long.compare(value, kept[group])) == replacingSign) {
            kept[group] = value;
            seen[group] = true;
        }
    }

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        LongValueAccumulator from = (LongValueAccumulator) other;
        for (int group = 0; group < mapping.length; group++) {
            if (mapping[group] < 0) {
                continue; // a group of another partition
            }
            if (from.seen[group]) {
                keep(mapping[group], from.kept[group]);
            }
        }
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        return PrimitiveColumns.writeLongs(output, kept, seen, first, count, allocator);
    }
}
