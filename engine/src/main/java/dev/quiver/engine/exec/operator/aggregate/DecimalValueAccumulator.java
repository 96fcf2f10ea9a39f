package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.Interval;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * MIN, MAX or ANY_VALUE of DECIMAL or INTERVAL, kept as 128-bit words (a low and a high word per
 * group); intervals order normalised, as DuckDB compares them.
 */
final class DecimalValueAccumulator implements Accumulator {
    private final int argument;
    private final Field output;
    private final int replacingSign;
    private final HeapReservation memory;
    private final boolean interval;
    private long[] lows = new long[0];
    private long[] highs = new long[0];
    private boolean[] seen = new boolean[0];

    DecimalValueAccumulator(int argument, Field output, Selection selection, HeapReservation memory) {
        this.argument = argument;
        this.output = output;
        this.replacingSign = selection.replacingSign;
        this.memory = memory;
        this.interval = output.getType() instanceof ArrowType.Interval;
    }

    @Override
    public void ensureCapacity(int groups) {
        lows = memory.grow(lows, groups);
        highs = memory.grow(highs, groups);
        seen = memory.grow(seen, groups);
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {
        ArrowBuf data = batch.column(argument).getDataBuffer(); // the rows passed are never NULL
        for (int index = 0; index < count; index++) {
            long offset = (long) rows[index] << 4;
            keep(groups[index], data.getLong(offset), data.getLong(offset + 8));
        }
    }

    private void keep(int group, long low, long high) {
        if (!seen[group] || Integer.signum(compare(low, high, lows[group], highs[group])) == replacingSign) {
            lows[group] = low;
            highs[group] = high;
            seen[group] = true;
        }
    }

    private int compare(long low, long high, long otherLow, long otherHigh) {
        if (!interval) {
            return PrimitiveColumns.compare128(low, high, otherLow, otherHigh);
        }
        return intervalOf(low, high).compareTo(intervalOf(otherLow, otherHigh));
    }

    /** The interval whose MONTH_DAY_NANO bytes read as these little-endian words. */
    private static Interval intervalOf(long low, long high) {
        return new Interval((int) low, (int) (low >>> 32), high / 1_000);
    }

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        DecimalValueAccumulator from = (DecimalValueAccumulator) other;
        for (int group = 0; group < mapping.length; group++) {
            if (mapping[group] < 0) {
                continue; // a group of another partition
            }
            if (from.seen[group]) {
                keep(mapping[group], from.lows[group], from.highs[group]);
            }
        }
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        return PrimitiveColumns.writeDecimals(output, lows, highs, seen, first, count, allocator);
    }
}
