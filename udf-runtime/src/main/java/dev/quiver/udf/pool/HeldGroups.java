package dev.quiver.udf.pool;

import java.util.Arrays;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * The rows one interpreter (or process) accumulated per group of one aggregation: which groups it
 * holds instances of, and how heavy each is. Finishing uses it to let the holder of a group finish
 * it in place, without pickling its state.
 *
 * <p>Written only by the holder's worker thread (one call at a time), read after every accumulate
 * call has ended. A count is an upper bound: rows that Java skipped for a NULL argument are counted
 * too, so a counted group may have no instance in Python (then a fresh one stands in).
 */
final class HeldGroups {
    private int[] rows = new int[0];

    /** Counts the rows of a batch: {@code groupIds} INTEGER or BIGINT, {@code rowCount} non-NULL values. */
    void count(FieldVector groupIds, int rowCount) {
        int highest = -1;
        for (int row = 0; row < rowCount; row++) {
            highest = Math.max(highest, groupAt(groupIds, row));
        }
        if (highest >= rows.length) {
            rows = Arrays.copyOf(rows, Math.max(highest + 1, rows.length * 2));
        }
        for (int row = 0; row < rowCount; row++) {
            int group = groupAt(groupIds, row);
            rows[group] = rows[group] == Integer.MAX_VALUE ? Integer.MAX_VALUE : rows[group] + 1;
        }
    }

    private static int groupAt(FieldVector groupIds, int row) {
        return groupIds instanceof IntVector ints ? ints.get(row) : (int) ((BigIntVector) groupIds).get(row);
    }

    /** The rows counted for a group (0 for a group this holder never saw). */
    int rowsOf(int group) {
        return group < rows.length ? rows[group] : 0;
    }

    /** One more than the highest group counted. */
    int extent() {
        return rows.length;
    }
}
