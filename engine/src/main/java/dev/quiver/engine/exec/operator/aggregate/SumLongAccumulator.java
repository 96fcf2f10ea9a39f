package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * SUM and $SUM0 of TINYINT..BIGINT in a BIGINT; going past BIGINT's range is a NUMERIC_OVERFLOW
 * error (DuckDB sums into a 128-bit HUGEINT, which Calcite's types cannot express).
 */
final class SumLongAccumulator implements Accumulator {
    private final int argument;
    private final String argumentName;
    private final Field output;
    private final boolean emptyIsZero;
    private final HeapReservation memory;
    private long[] sums = new long[0];
    /** Whether the group has a value; unused for $SUM0, whose empty sum is 0. */
    private boolean[] seen = new boolean[0];

    private long[] values = new long[0];

    SumLongAccumulator(int argument, String argumentName, Field output, boolean emptyIsZero, HeapReservation memory) {
        this.argument = argument;
        this.argumentName = argumentName;
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
        PrimitiveColumns.readLongsNullAsZero(batch.column(argument), batch.rowCount(), values);
        long[] values = this.values;
        long[] sums = this.sums;
        boolean[] seen = this.seen;
        try {
            for (int index = 0; index < count; index++) {
                int group = groups[index];
                sums[group] = Math.addExact(sums[group], values[rows[index]]);
                seen[group] = true;
            }
        } catch (ArithmeticException e) {
            throw overflow(e);
        }
    }

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        SumLongAccumulator from = (SumLongAccumulator) other;
        try {
            for (int group = 0; group < mapping.length; group++) {
                if (mapping[group] < 0) {
                    continue; // a group of another partition
                }
                int target = mapping[group];
                sums[target] = Math.addExact(sums[target], from.sums[group]);
                seen[target] |= from.seen[group];
            }
        } catch (ArithmeticException e) {
            throw overflow(e);
        }
    }

    private QuiverException overflow(ArithmeticException cause) {
        return new QuiverException(
                ErrorCode.NUMERIC_OVERFLOW,
                "Overflow in SUM of " + argumentName
                        + ": the sum is out of range for BIGINT; CAST the argument to DECIMAL(38, 0) to sum larger values",
                cause);
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        return PrimitiveColumns.writeLongs(output, sums, emptyIsZero ? null : seen, first, count, allocator);
    }
}
