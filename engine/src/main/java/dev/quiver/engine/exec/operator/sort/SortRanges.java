package dev.quiver.engine.exec.operator.sort;

/**
 * Cuts rows into ranges of their sort order by splitters drawn from an evenly spaced sample, so that
 * the ranges can be sorted independently (by different threads) and then emitted one after another:
 * every row of range {@code r} sorts before every row of range {@code r + 1}, and rows that compare
 * equal always share a range. Within a range the row numbers stay in ascending order, so a stable
 * sort of each range gives exactly the stable sort of all rows.
 */
public final class SortRanges {
    /** Sample rows per range: enough that ranges come out within a small factor of even. */
    private static final int SAMPLES_PER_RANGE = 64;
    /** The most ranges: a row's range is kept in one byte. */
    public static final int MAX_PARTS = 256;

    private SortRanges() {}

    /** The row numbers {@code 0 .. rows-1} in at most {@code parts} ranges of the order. */
    public static int[][] split(int rows, int parts, RowComparators.RowComparator order) {
        if (parts > MAX_PARTS) {
            throw new IllegalArgumentException("at most " + MAX_PARTS + " ranges, not " + parts);
        }
        if (parts <= 1 || rows < parts * 2) {
            int[] all = new int[rows];
            for (int row = 0; row < rows; row++) {
                all[row] = row;
            }
            return new int[][] {all};
        }
        int[] splitters = splitters(rows, parts, order);
        byte[] rangeOfRow = new byte[rows];
        int[] sizes = new int[parts];
        for (int row = 0; row < rows; row++) {
            int range = rangeOf(row, splitters, order);
            rangeOfRow[row] = (byte) range;
            sizes[range]++;
        }
        int[][] ranges = new int[parts][];
        for (int range = 0; range < parts; range++) {
            ranges[range] = new int[sizes[range]];
            sizes[range] = 0;
        }
        for (int row = 0; row < rows; row++) {
            int range = rangeOfRow[row] & 0xFF;
            ranges[range][sizes[range]++] = row;
        }
        return ranges;
    }

    /** {@code parts - 1} rows, in order, drawn evenly from a sorted sample. */
    private static int[] splitters(int rows, int parts, RowComparators.RowComparator order) {
        int sampleSize = Math.min(rows, parts * SAMPLES_PER_RANGE);
        int[] sample = new int[sampleSize];
        for (int index = 0; index < sampleSize; index++) {
            sample[index] = (int) ((long) index * rows / sampleSize);
        }
        RowComparators.sort(sample, order);
        int[] splitters = new int[parts - 1];
        for (int index = 1; index < parts; index++) {
            splitters[index - 1] = sample[(int) ((long) index * sampleSize / parts)];
        }
        return splitters;
    }

    /** How many splitters sort at or before {@code row}: equal rows land in the same range. */
    private static int rangeOf(int row, int[] splitters, RowComparators.RowComparator order) {
        int low = 0;
        int high = splitters.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (order.compare(splitters[middle], row) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
