package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.key.LongForm;
import dev.quiver.engine.exec.memory.HeapReservation;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Numbers the distinct GROUP BY keys of one thread's rows 0, 1, 2, … in order of first appearance
 * and remembers each group's key. NULL is a key like any other (all NULLs form one group), as SQL
 * asks. Not thread-safe: one per thread, merged when threads combine.
 *
 * <p>The layout is chosen once per operator from the key types: no keys at all, one fixed-width
 * key packed into a long, or any keys encoded as byte rows.
 */
abstract sealed class GroupTable permits SingleGroupTable, LongKeyGroupTable, RowKeyGroupTable {

    /** A table for the given key columns of the input; {@code keyFields} are their output fields. */
    static GroupTable create(int[] keyColumns, List<Field> keyFields, HeapReservation memory) {
        if (keyColumns.length == 0) {
            return new SingleGroupTable();
        }
        if (keyColumns.length == 1 && LongForm.supports(keyFields.getFirst().getType())) {
            return new LongKeyGroupTable(keyColumns[0], keyFields.getFirst(), memory);
        }
        return new RowKeyGroupTable(keyColumns, keyFields, memory);
    }

    /**
     * The group number of rows {@code rows[0..count)} of {@code batch} (of rows {@code 0..count)
     * when {@code rows} is null), adding groups for keys not seen before: element {@code i} is row
     * {@code rows[i]}'s. Other rows are not read as keys. The array is reused by the next call; it
     * may be longer than {@code count}.
     */
    abstract int[] groupIds(Batch batch, int[] rows, int count);

    abstract int groupCount();

    /**
     * Adds {@code other}'s groups (a table of the same layout) to this one.
     *
     * @return for each group number of {@code other}, the group's number in this table
     */
    final int[] merge(GroupTable other) {
        return merge(other, 0, 1);
    }

    /**
     * Adds those of {@code other}'s groups whose key hashes to {@code partition} of
     * {@code partitions} (a power of two) to this one; reads {@code other} only, so several
     * threads can each merge their own partition of the same tables at once.
     *
     * @return for each group number of {@code other}, the group's number in this table, or -1
     *     when the group is in another partition
     */
    abstract int[] merge(GroupTable other, int partition, int partitions);

    /** The keys of groups [first, first + count), one new vector per key column, in key order. */
    abstract List<FieldVector> keyColumns(int first, int count, BufferAllocator allocator);
}
