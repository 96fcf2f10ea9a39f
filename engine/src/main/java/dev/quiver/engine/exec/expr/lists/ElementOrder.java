package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.operator.sort.RowComparators;
import dev.quiver.engine.exec.operator.sort.SortKey;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Order and equality of the elements of one pool vector, as ORDER BY sees them (strings by bytes,
 * NaN above every number); two NULLs are equal here, and kernels decide what NULL means for them.
 * Specialised to the element type once per batch.
 */
final class ElementOrder {
    private final FieldVector pool;
    private final RowComparators.RowComparator comparator;

    private ElementOrder(FieldVector pool, RowComparators.RowComparator comparator) {
        this.pool = pool;
        this.comparator = comparator;
    }

    /** Ascending, NULLs last, unless told otherwise. */
    static ElementOrder of(FieldVector pool, boolean descending, boolean nullsFirst) {
        return new ElementOrder(
                pool, RowComparators.forKeys(List.of(pool), List.of(new SortKey(0, descending, nullsFirst))));
    }

    static ElementOrder of(FieldVector pool) {
        return of(pool, false, false);
    }

    int compare(int left, int right) {
        return comparator.compare(left, right);
    }

    boolean equal(int left, int right) {
        return comparator.compare(left, right) == 0;
    }

    boolean isNull(int position) {
        return pool.isNull(position);
    }

    /** Sorts pool positions {@code positions[from, to)} stably. */
    void sort(int[] positions, int from, int to, int[] scratch) {
        RowComparators.sort(positions, from, to, scratch, comparator);
    }

    /** Whether sorted {@code positions[from, to)} holds an element equal to {@code position}. */
    boolean containsSorted(int[] positions, int from, int to, int position) {
        int low = from;
        int high = to - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = comparator.compare(positions[middle], position);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
