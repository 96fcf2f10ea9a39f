package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * SUM and $SUM0 of DECIMAL(p, s), exact, in 128-bit two's complement (a low and a high word per
 * group); the result is DECIMAL(38, s) and a sum beyond 38 digits is a NUMERIC_OVERFLOW error, as
 * in DuckDB.
 *
 * <p>Values that fit 64 bits — every value of an argument of at most 18 digits, most values of a
 * wider one — are added to a signed 64-bit partial sum per group (one add and a sign test per row,
 * as DuckDB sums its 64-bit decimals); only when a partial sum would overflow is it moved into the
 * 128-bit total. Of an argument of at most 18 digits only the low words are read. INVARIANT: a
 * partial sum is part of its group's value until {@link #flushPartials} moved it, so {@link #merge}
 * and {@link #result} flush first.
 */
final class SumDecimalAccumulator implements Accumulator {
    private final int argument;
    private final String argumentName;
    private final Field output;
    private final boolean emptyIsZero;
    private final HeapReservation memory;
    /** Whether every value of the argument fits 64 bits (precision ≤ 18), so its high word is its sign. */
    private final boolean narrow;

    private long[] partials = new long[0];
    private long[] lows = new long[0];
    private long[] highs = new long[0];
    private boolean[] seen = new boolean[0];

    SumDecimalAccumulator(
            int argument,
            String argumentName,
            int argumentPrecision,
            Field output,
            boolean emptyIsZero,
            HeapReservation memory) {
        this.argument = argument;
        this.narrow = argumentPrecision <= 18;
        this.argumentName = argumentName;
        this.output = output;
        this.emptyIsZero = emptyIsZero;
        this.memory = memory;
    }

    @Override
    public void ensureCapacity(int groups) {
        partials = memory.grow(partials, groups);
        lows = memory.grow(lows, groups);
        highs = memory.grow(highs, groups);
        seen = memory.grow(seen, groups);
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {
        ArrowBuf data = batch.column(argument).getDataBuffer(); // the rows passed are never NULL
        if (narrow) {
            // Arrow keeps values of at most 18 digits sign-extended: the low word is the value
            for (int index = 0; index < count; index++) {
                addToPartial(groups[index], data.getLong((long) rows[index] << 4));
            }
            return;
        }
        for (int index = 0; index < count; index++) {
            long offset = (long) rows[index] << 4;
            long low = data.getLong(offset);
            long high = data.getLong(offset + 8);
            if (high == low >> 63) { // the value fits 64 bits, as most values of a wide type do
                addToPartial(groups[index], low);
            } else {
                add(groups[index], low, high);
                seen[groups[index]] = true;
            }
        }
    }

    /** Adds a 64-bit value to a group's partial sum, first moving the partial sum to the total if it would overflow. */
    private void addToPartial(int group, long value) {
        long partial = partials[group];
        long sum = partial + value;
        if (((partial ^ sum) & (value ^ sum)) < 0) { // rare: both operands' signs differ from the result's
            add(group, partial, partial >> 63);
            sum = value;
        }
        partials[group] = sum;
        seen[group] = true;
    }

    @Override
    public void settle() {
        flushPartials(0, partials.length);
    }

    /** Moves the partial sums of groups [from, to) into their 128-bit totals. */
    private void flushPartials(int from, int to) {
        for (int group = from; group < to; group++) {
            long partial = partials[group];
            if (partial != 0) {
                add(group, partial, partial >> 63);
                partials[group] = 0;
            }
        }
    }

    /** Adds a 128-bit value to a group's sum; fails when the sum leaves the 128-bit range. */
    private void add(int group, long low, long high) {
        long sumLow = lows[group] + low;
        long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
        long sumHigh = highs[group] + high + carry;
        if (((highs[group] ^ sumHigh) & (high ^ sumHigh)) < 0) { // both operands' signs differ from the result's
            throw overflow();
        }
        lows[group] = sumLow;
        highs[group] = sumHigh;
    }

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        SumDecimalAccumulator from = (SumDecimalAccumulator) other;
        from.settle(); // only reads once settled: every partial sum is 0
        for (int group = 0; group < mapping.length; group++) {
            if (mapping[group] < 0) {
                continue; // a group of another partition
            }
            add(mapping[group], from.lows[group], from.highs[group]);
            seen[mapping[group]] |= from.seen[group];
        }
    }

    private QuiverException overflow() {
        ArrowType.Decimal type = (ArrowType.Decimal) output.getType();
        return new QuiverException(
                ErrorCode.NUMERIC_OVERFLOW,
                "Overflow in SUM of DECIMAL " + argumentName + ": the sum does not fit in DECIMAL("
                        + type.getPrecision() + "," + type.getScale() + ")");
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        flushPartials(first, first + count); // not all groups: results are read a batch of groups at a time
        int precision = ((ArrowType.Decimal) output.getType()).getPrecision();
        for (int group = first; group < first + count; group++) {
            if (!PrimitiveColumns.fitsPrecision(lows[group], highs[group], precision)) { // fits 128 bits, not 38 digits
                throw overflow();
            }
        }
        return PrimitiveColumns.writeDecimals(output, lows, highs, emptyIsZero ? null : seen, first, count, allocator);
    }
}
