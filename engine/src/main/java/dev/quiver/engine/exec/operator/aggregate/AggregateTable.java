package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.memory.HeapReservation;
import dev.quiver.engine.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The groups one thread has seen and every aggregate's running value for each: a hash aggregate's
 * per-thread state, and after the threads combined, the merged state.
 *
 * <p>Per batch: the group table gives each row its group number (one call, a loop specialised on
 * the key layout), then each accumulator runs one typed loop over the rows that count for it. Its
 * Java arrays are counted against the query's memory limit ({@link HeapReservation}); {@link #close}
 * gives the memory back. Not thread-safe.
 */
public final class AggregateTable implements AutoCloseable {
    private final List<Aggregation> aggregations;
    private final HeapReservation memory;
    private final GroupTable groups;
    private Accumulator[] accumulators;
    /**
     * For each aggregate, the earlier one that computes it too ({@link #sameAs}), or itself: Q1's
     * {@code AVG(l_quantity)} becomes a second {@code SUM(l_quantity)}, whose running sums need not
     * be kept twice. Only a computing aggregate has an accumulator.
     */
    private final int[] computedBy;

    private int[] allRows = new int[0];
    private int[] countedRows = new int[0];
    private int[] countedGroups = new int[0];

    /**
     * @param inputFields the input's columns
     * @param keyColumns  the GROUP BY columns of the input; none for a global aggregate
     * @param keyFields   the output fields of the keys (same types as the input's)
     * @param allocator   the query's allocator, which the state's memory is counted against
     */
    public AggregateTable(
            List<Field> inputFields,
            int[] keyColumns,
            List<Field> keyFields,
            List<Aggregation> aggregations,
            BufferAllocator allocator) {
        this(inputFields, keyColumns, keyFields, aggregations, new ExecutionContext(allocator, 1, 1 << 15));
    }

    /**
     * @param context the query: its allocator counts the state's memory; Python aggregates also
     *                watch its cancellation flag
     */
    public AggregateTable(
            List<Field> inputFields,
            int[] keyColumns,
            List<Field> keyFields,
            List<Aggregation> aggregations,
            ExecutionContext context) {
        this.aggregations = List.copyOf(aggregations);
        this.memory = new HeapReservation(context.allocator(), "the hash table of a GROUP BY");
        try {
            this.groups = GroupTable.create(keyColumns, keyFields, memory);
            this.accumulators = new Accumulator[aggregations.size()];
            this.computedBy = new int[aggregations.size()];
            for (int index = 0; index < accumulators.length; index++) {
                computedBy[index] = index;
                for (int earlier = 0; earlier < index && computedBy[index] == index; earlier++) {
                    if (computedBy[earlier] == earlier && sameAs(aggregations.get(earlier), aggregations.get(index))) {
                        computedBy[index] = earlier;
                    }
                }
                if (computedBy[index] != index) {
                    continue;
                }
                accumulators[index] = Accumulator.create(aggregations.get(index), inputFields, memory, context);
                accumulators[index].ensureCapacity(groups.groupCount());
            }
        } catch (RuntimeException e) {
            closeAccumulators();
            memory.close();
            throw e;
        }
    }

    /**
     * Whether {@code second} always has {@code first}'s result: the same COUNT, SUM or $SUM0 (whose
     * results can be read twice) over the same arguments and FILTER, to the same type.
     */
    private static boolean sameAs(Aggregation first, Aggregation second) {
        return switch (first.function()) {
            case COUNT, SUM, SUM0 ->
                first.function() == second.function()
                        && first.arguments().equals(second.arguments())
                        && first.filter() == second.filter()
                        && first.output().getFieldType().equals(second.output().getFieldType());
            default -> false;
        };
    }

    public int groupCount() {
        return groups.groupCount();
    }

    /**
     * Adds a batch's rows — with a selection ({@link Batch#selection}), the selected ones only (the
     * caller keeps ownership of the batch).
     */
    public void add(Batch batch) {
        int count = batch.selectedRowCount();
        if (count == 0) {
            return;
        }
        int[] rows = batch.selection();
        int[] ids = groups.groupIds(batch, rows, count);
        if (rows == null) {
            if (allRows.length < count) {
                allRows = memory.grow(allRows, count);
                for (int row = 0; row < allRows.length; row++) {
                    allRows[row] = row;
                }
            }
            rows = allRows;
        }
        for (int index = 0; index < accumulators.length; index++) {
            if (computedBy[index] != index) {
                continue;
            }
            accumulators[index].ensureCapacity(groups.groupCount());
            int counted = selectCountedRows(aggregations.get(index), batch, rows, ids, count);
            if (counted < 0) {
                accumulators[index].update(batch, rows, ids, count);
            } else {
                accumulators[index].update(batch, countedRows, countedGroups, counted);
            }
        }
    }

    /**
     * Of rows {@code rows[0..count)} (of groups {@code ids[0..count)}), those that count for
     * {@code aggregation} — its FILTER is TRUE and, unless it must see NULLs, no argument is NULL —
     * into {@link #countedRows} and {@link #countedGroups}; their number, or -1 when every row counts.
     */
    private int selectCountedRows(Aggregation aggregation, Batch batch, int[] rows, int[] ids, int count) {
        List<ArrowBuf> validities = new ArrayList<>();
        if (aggregation.skipsNullArguments()) {
            for (int argument : aggregation.arguments()) {
                FieldVector column = batch.column(argument);
                if (column instanceof NullVector) {
                    return 0; // an argument of type NULL (COUNT(NULL)): no row counts, and it has no validity buffer
                }
                if (column.getNullCount() > 0) {
                    validities.add(column.getValidityBuffer());
                }
            }
        }
        BitVector filter = aggregation.filter() < 0 ? null : (BitVector) batch.column(aggregation.filter());
        if (filter == null && validities.isEmpty()) {
            return -1;
        }
        countedRows = memory.grow(countedRows, count);
        countedGroups = memory.grow(countedGroups, count);
        ArrowBuf[] nullable = validities.toArray(ArrowBuf[]::new);
        ArrowBuf filterValues = filter == null ? null : filter.getDataBuffer();
        ArrowBuf filterValidity = filter == null ? null : filter.getValidityBuffer();
        int counted = 0;
        rowLoop:
        for (int index = 0; index < count; index++) {
            int row = rows[index];
            if (filter != null
                    && (BitVectorHelper.get(filterValues, row) & BitVectorHelper.get(filterValidity, row)) == 0) {
                continue;
            }
            for (ArrowBuf validity : nullable) {
                if (BitVectorHelper.get(validity, row) == 0) {
                    continue rowLoop;
                }
            }
            countedRows[counted] = row;
            countedGroups[counted++] = ids[index];
        }
        return counted;
    }

    /** Folds another thread's state (same aggregate) into this one; {@code other} is left as it was. */
    public void merge(AggregateTable other) {
        mergePartition(other, 0, 1);
    }

    /**
     * Whether {@link #mergePartition} with more than one partition works for this aggregate: every
     * accumulator merges by partition (Python and kernel aggregates do not).
     */
    boolean mergesByPartition() {
        for (Accumulator accumulator : accumulators) {
            if (accumulator != null && !accumulator.mergesByPartition()) {
                return false;
            }
        }
        return true;
    }

    /** Prepares this table to be read by several merging threads at once ({@link Accumulator#settle}). */
    void settle() {
        for (Accumulator accumulator : accumulators) {
            if (accumulator != null) {
                accumulator.settle();
            }
        }
    }

    /**
     * Folds the groups of {@code other} (same aggregate) whose key hashes to {@code partition} of
     * {@code partitions} (a power of two) into this table; {@code other}, {@link #settle settled}
     * first, is only read, so threads can merge different partitions of the same tables at once.
     */
    void mergePartition(AggregateTable other, int partition, int partitions) {
        int[] mapping = groups.merge(other.groups, partition, partitions);
        for (int index = 0; index < accumulators.length; index++) {
            if (computedBy[index] != index) {
                continue;
            }
            accumulators[index].ensureCapacity(groups.groupCount());
            accumulators[index].merge(other.accumulators[index], mapping);
        }
    }

    /** Groups [first, first + count) as a batch: the keys, then one column per aggregate. */
    public Batch result(int first, int count, BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(groups.keyColumns(first, count, allocator));
        try {
            for (int index = 0; index < accumulators.length; index++) {
                FieldVector values = accumulators[computedBy[index]].result(first, count, allocator);
                if (computedBy[index] == index) {
                    columns.add(values);
                    continue;
                }
                // the same values under this aggregate's name
                columns.add(Vectors.rename(values, aggregations.get(index).output(), allocator));
            }
            return new Batch(columns, count);
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
    }

    /** Cancels the accumulators' work still running elsewhere (see {@link Accumulator#cancelCalls}). */
    void cancelCalls() {
        if (accumulators == null) {
            return;
        }
        for (Accumulator accumulator : accumulators) {
            if (accumulator != null) {
                accumulator.cancelCalls();
            }
        }
    }

    @Override
    public void close() {
        try {
            closeAccumulators();
        } finally {
            memory.close();
        }
    }

    private void closeAccumulators() {
        if (accumulators == null) {
            return;
        }
        RuntimeException failure = null;
        for (Accumulator accumulator : accumulators) {
            try {
                if (accumulator != null) {
                    accumulator.close();
                }
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
