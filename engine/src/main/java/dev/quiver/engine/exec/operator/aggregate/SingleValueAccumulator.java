package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.memory.HeapReservation;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * SINGLE_VALUE, which Calcite puts under a scalar subquery: the group's one value (NULL when that
 * row's value is NULL), and an error as soon as a group has a second row — as DuckDB does.
 */
final class SingleValueAccumulator implements Accumulator {
    private final int argument;
    /** Keeps the first non-NULL value (a FIRST value accumulator). */
    private final Accumulator value;

    private final HeapReservation memory;
    private long[] rowCounts = new long[0];
    private int[] valueRows = new int[0];
    private int[] valueGroups = new int[0];

    SingleValueAccumulator(int argument, Accumulator value, HeapReservation memory) {
        this.argument = argument;
        this.value = value;
        this.memory = memory;
    }

    @Override
    public void ensureCapacity(int groups) {
        rowCounts = memory.grow(rowCounts, groups);
        value.ensureCapacity(groups);
    }

    @Override
    public void update(Batch batch, int[] rows, int[] groups, int count) {
        for (int index = 0; index < count; index++) {
            if (++rowCounts[groups[index]] > 1) {
                throw tooManyRows();
            }
        }
        FieldVector column = batch.column(argument);
        if (column.getNullCount() == 0) {
            value.update(batch, rows, groups, count);
            return;
        }
        valueRows = memory.grow(valueRows, count);
        valueGroups = memory.grow(valueGroups, count);
        ArrowBuf validity = column.getValidityBuffer();
        int kept = 0;
        for (int index = 0; index < count; index++) {
            if (BitVectorHelper.get(validity, rows[index]) != 0) {
                valueRows[kept] = rows[index];
                valueGroups[kept++] = groups[index];
            }
        }
        value.update(batch, valueRows, valueGroups, kept);
    }

    @Override
    public boolean mergesByPartition() {
        return true;
    }

    @Override
    public void merge(Accumulator other, int[] mapping) {
        SingleValueAccumulator from = (SingleValueAccumulator) other;
        for (int group = 0; group < mapping.length; group++) {
            if (mapping[group] < 0) {
                continue; // a group of another partition
            }
            rowCounts[mapping[group]] += from.rowCounts[group];
            if (rowCounts[mapping[group]] > 1) {
                throw tooManyRows();
            }
        }
        value.merge(from.value, mapping);
    }

    private static QuiverException tooManyRows() {
        return new QuiverException(
                ErrorCode.CARDINALITY_VIOLATION,
                "More than one row returned by a subquery used "
                        + "as an expression - scalar subqueries can only return a single row");
    }

    @Override
    public FieldVector result(int first, int count, BufferAllocator allocator) {
        return value.result(first, count, allocator);
    }
}
