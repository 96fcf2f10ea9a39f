package dev.quiver.engine.exec.operator.join;

/**
 * Sorts a range of longs ascending and moves an int array's elements along (the rows the values
 * belong to), without boxing: a quicksort with median-of-three pivots and insertion sort for short
 * ranges, recursing into the smaller half so the stack stays O(log n). Not stable.
 */
final class LongPairSort {
    private static final int INSERTION_SORT_BELOW = 24;

    private LongPairSort() {}

    /** Sorts {@code values[from, to)} and permutes {@code rows[from, to)} the same way. */
    static void sort(long[] values, int[] rows, int from, int to) {
        while (to - from > INSERTION_SORT_BELOW) {
            int middle = (from + to) >>> 1;
            orderThree(values, rows, from, middle, to - 1);
            long pivot = values[middle];
            int low = from;
            int high = to - 1;
            while (low <= high) {
                while (values[low] < pivot) {
                    low++;
                }
                while (values[high] > pivot) {
                    high--;
                }
                if (low <= high) {
                    swap(values, rows, low++, high--);
                }
            }
            if (high - from < to - low) {
                sort(values, rows, from, high + 1);
                from = low;
            } else {
                sort(values, rows, low, to);
                to = high + 1;
            }
        }
        for (int index = from + 1; index < to; index++) {
            long value = values[index];
            int row = rows[index];
            int at = index - 1;
            while (at >= from && values[at] > value) {
                values[at + 1] = values[at];
                rows[at + 1] = rows[at];
                at--;
            }
            values[at + 1] = value;
            rows[at + 1] = row;
        }
    }

    private static void orderThree(long[] values, int[] rows, int first, int second, int third) {
        if (values[second] < values[first]) {
            swap(values, rows, first, second);
        }
        if (values[third] < values[second]) {
            swap(values, rows, second, third);
            if (values[second] < values[first]) {
                swap(values, rows, first, second);
            }
        }
    }

    private static void swap(long[] values, int[] rows, int first, int second) {
        long value = values[first];
        values[first] = values[second];
        values[second] = value;
        int row = rows[first];
        rows[first] = rows[second];
        rows[second] = row;
    }
}
