package dev.quiver.engine.exec.operator.join;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Arrays;

/** A growable list of (probe row, build row) pairs: a join's matches; build row -1 stands for NULLs. */
final class RowPairs {
    /** Arrow vectors hold at most this many values. */
    private static final int MAX_PAIRS = Integer.MAX_VALUE - 16;

    int[] probeRows;
    int[] buildRows;
    int size;
    /** Whether pairs were emitted (and cleared) before: then an empty rest need not be emitted. */
    boolean emitted;

    RowPairs(int capacity) {
        probeRows = new int[Math.max(capacity, 16)];
        buildRows = new int[probeRows.length];
    }

    void add(int probeRow, int buildRow) {
        if (size == probeRows.length) {
            if (size >= MAX_PAIRS) {
                throw new QuiverException(
                        ErrorCode.MEMORY_LIMIT,
                        "a join produced more than " + MAX_PAIRS
                                + " rows from one input batch; use smaller batches or a more selective join condition");
            }
            int grown = (int) Math.min(MAX_PAIRS, size + (long) (size >> 1));
            probeRows = Arrays.copyOf(probeRows, grown);
            buildRows = Arrays.copyOf(buildRows, grown);
        }
        probeRows[size] = probeRow;
        buildRows[size] = buildRow;
        size++;
    }

    void clear() {
        size = 0;
    }
}
