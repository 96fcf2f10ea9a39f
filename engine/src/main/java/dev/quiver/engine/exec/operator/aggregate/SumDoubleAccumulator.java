package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** SUM and $SUM0 of REAL or DOUBLE, in a double (IEEE semantics: overflow gives infinity, as in DuckDB). */
final class SumDoubleAccumulator implements Accumulator {
    private final int argument;
    private final Field output;
    private final boolean emptyIsZero;
    private final HeapReservation memory;
    private double[] sums = new double[0];
    private boolean[] seen = new boolean[0];
    private double[] values = new double[0];

    SumDoubleAccumulator(int argument, Field output, boolean emptyIsZero, HeapReservation memory) {
        this.argument = argument;
        this.output = output;
        this.emptyIsZero = emptyIsZero;
        this.memory = memory;
    }

    @Override
    public void ensureCapacity(int groups) {
        sums = memory.grow(sums, groups);
        seen = memory.grow(seen, groups);
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {
        values = memory.grow(values, batch.rowCount());
        PrimitiveColumns.readDoubles(batch.column(argument), batch.rowCount(), values);
        double[] values = this.values;
        double[] sums = this.sums;
        boolean[] seen = this.seen;
        for (int index = 0; index < count; index++) {
            int group = groups[index];
            sums[group] += values[rows[index]];
            seen[group] = true;
        }
    }

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        SumDoubleAccumulator from = (SumDoubleAccumulator) other;
        for (int group = 0; group < mapping.length; group++) {
            if (mapping[group] < 0) {
                continue; // a group of another partition
            }
            sums[mapping[group]] += from.sums[group];
            seen[mapping[group]] |= from.seen[group];
        }
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        return PrimitiveColumns.writeDoubles(output, sums, emptyIsZero ? null : seen, first, count, allocator);
    }
}
