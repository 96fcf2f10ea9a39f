package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * MIN, MAX or ANY_VALUE of REAL or DOUBLE, ordered as DuckDB orders floats: NaN above every other
 * value, -0.0 equal to 0.0 (kept as 0.0).
 */
final class DoubleValueAccumulator implements Accumulator {
    private final int argument;
    private final Field output;
    private final int replacingSign;
    private final HeapReservation memory;
    private double[] kept = new double[0];
    private boolean[] seen = new boolean[0];
    private double[] values = new double[0];

    DoubleValueAccumulator(int argument, Field output, Selection selection, HeapReservation memory) {
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
        PrimitiveColumns.readDoubles(batch.column(argument), batch.rowCount(), values);
        double[] values = this.values;
        for (int index = 0; index < count; index++) {
            keep(groups[index], values[rows[index]]);
        }
    }

    private void keep(int group, double value) {
        double normalised = value == 0.0 ? 0.0 : value; // -0.0 == 0.0, so this maps -0.0 to 0.0
        // Double.compare orders NaN above +infinity, as DuckDB does
        if (!seen[group] || Integer.signum(Double.compare(normalised, kept[group])) == replacingSign) {
            kept[group] = normalised;
            seen[group] = true;
        }
    }

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        DoubleValueAccumulator from = (DoubleValueAccumulator) other;
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
        return PrimitiveColumns.writeDoubles(output, kept, seen, first, count, allocator);
    }
}
