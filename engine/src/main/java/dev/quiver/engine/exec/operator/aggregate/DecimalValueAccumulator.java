package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** MIN, MAX or ANY_VALUE of DECIMAL, kept as 128-bit words (a low and a high word per group). */
final class DecimalValueAccumulator implements Accumulator {
    private final int argument;
    private final Field output;
    private final Selection selection;
    private final HeapMemory memory;
    private long[] lows = new long[0];
    private long[] highs = new long[0];
    private boolean[] seen = new boolean[0];
    private long[] valueLows = new long[0];
    private long[] valueHighs = new long[0];

    DecimalValueAccumulator(int argument, Field output, Selection selection, HeapMemory memory) {
        this.argument = argument;
        this.output = output;
        this.selection = selection;
        this.memory = memory;
    }

    @Override
    public void ensureCapacity(int groups) {
        lows = memory.grow(lows, groups);
        highs = memory.grow(highs, groups);
        seen = memory.grow(seen, groups);
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {
        int rowCount = batch.rowCount();
        valueLows = memory.grow(valueLows, rowCount);
        valueHighs = memory.grow(valueHighs, rowCount);
        Columns.readDecimals((DecimalVector) batch.column(argument), rowCount, valueLows, valueHighs);
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            keep(groups[index], valueLows[row], valueHighs[row]);
        }
    }

    private void keep(int group, long low, long high) {
        if (!seen[group] || selection.replaces(Columns.compare128(low, high, lows[group], highs[group]))) {
            lows[group] = low;
            highs[group] = high;
            seen[group] = true;
        }
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        DecimalValueAccumulator from = (DecimalValueAccumulator) other;
        for (int group = 0; group < mapping.length; group++) {
            if (from.seen[group]) {
                keep(mapping[group], from.lows[group], from.highs[group]);
            }
        }
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        return Columns.writeDecimals(output, lows, highs, seen, first, count, allocator);
    }
}
