package dev.quiver.engine.exec.operator;

import java.util.Arrays;

/** A growable list of (probe row, build row) pairs: a join's matches; build row -1 stands for NULLs. */
final class RowPairs {
    int[] probeRows;
    int[] buildRows;
    int size;

    RowPairs(int capacity) {
        probeRows = new int[Math.max(capacity, 16)];
        buildRows = new int[probeRows.length];
    }

    void add(int probeRow, int buildRow) {
        if (size == probeRows.length) {
            int grown = Math.addExact(size, size >> 1);
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
