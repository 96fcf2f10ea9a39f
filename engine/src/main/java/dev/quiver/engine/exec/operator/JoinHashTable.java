package dev.quiver.engine.exec.operator;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Arrays;

/**
 * Rows grouped by key: an open-addressing table (linear probing, load at most one half) with one
 * slot per distinct key, each slot heading a chain of the rows with that key. Built once from
 * {@link HashKeys}, then read concurrently.
 *
 * <p>Chains list rows in ascending order. Rows whose keys are {@link HashKeys#excluded} are in no
 * chain. With the PACKED layout a slot holds the key itself; with ENCODED keys it holds the hash,
 * and a hit is confirmed by comparing the bytes of the slot's first row.
 *
 * <p># Performance: a slot's key and first row sit side by side in one array, so a probe that
 * finds its slot costs one cache miss, not two.
 */
final class JoinHashTable {
    private final HashKeys keys;
    private final int shift;
    private final int mask;
    /**
     * Slot {@code s} is {@code slots[2s]}, the key (PACKED) or the hash (ENCODED), and
     * {@code slots[2s + 1]}, the first row of its chain, or -1 for an empty slot.
     */
    private final long[] slots;
    /** The next row with the same key, or -1. */
    private final int[] next;

    private JoinHashTable(HashKeys keys) {
        this.keys = keys;
        if (keys.rows > 1 << 28) {
            throw new QuiverException(ErrorCode.MEMORY_LIMIT, "a join cannot hash " + keys.rows
                    + " rows; at most 2^28 fit one table");
        }
        int capacity = capacity(keys.rows);
        this.shift = 64 - Integer.numberOfTrailingZeros(capacity);
        this.mask = capacity - 1;
        this.slots = new long[capacity * 2];
        for (int slot = 0; slot < capacity; slot++) {
            slots[2 * slot + 1] = -1;
        }
        this.next = new int[keys.rows];
    }

    private static int capacity(int rows) {
        return Math.max(16, Integer.highestOneBit(Math.max(rows, 1)) << 2);
    }

    /** Heap bytes of the table of {@code rows} rows (not counting the keys), for memory accounting. */
    static long bytes(int rows) {
        return rows > 1 << 28 ? Long.MAX_VALUE / 2 : 2L * Long.BYTES * capacity(rows) + (long) Integer.BYTES * rows;
    }

    /** Hashes every row of {@code keys}; the table keeps them. */
    static JoinHashTable build(HashKeys keys) {
        JoinHashTable table = new JoinHashTable(keys);
        // inserting from the last row makes every chain ascending
        if (keys.isPacked()) {
            table.insertPacked();
        } else {
            table.insertEncoded();
        }
        return table;
    }

    private void insertPacked() {
        long[] longs = keys.longs;
        boolean[] excluded = keys.excluded;
        for (int row = keys.rows - 1; row >= 0; row--) {
            if (excluded != null && excluded[row]) {
                continue;
            }
            long key = longs[row];
            int slot = (int) (HashKeys.hashLong(key) >>> shift);
            while (slots[2 * slot + 1] >= 0 && slots[2 * slot] != key) {
                slot = (slot + 1) & mask;
            }
            link(slot, row, key);
        }
    }

    private void insertEncoded() {
        long[] hashes = keys.hashes;
        boolean[] excluded = keys.excluded;
        for (int row = keys.rows - 1; row >= 0; row--) {
            if (excluded != null && excluded[row]) {
                continue;
            }
            long hash = hashes[row];
            int slot = (int) (hash >>> shift);
            while (slots[2 * slot + 1] >= 0
                    && !(slots[2 * slot] == hash && sameBytes((int) slots[2 * slot + 1], keys, row))) {
                slot = (slot + 1) & mask;
            }
            link(slot, row, hash);
        }
    }

    private void link(int slot, int row, long key) {
        next[row] = (int) slots[2 * slot + 1];
        slots[2 * slot] = key;
        slots[2 * slot + 1] = row;
    }

    private boolean sameBytes(int row, HashKeys other, int otherRow) {
        return Arrays.equals(keys.bytes, keys.offsets[row], keys.offsets[row + 1],
                other.bytes, other.offsets[otherRow], other.offsets[otherRow + 1]);
    }

    /** The number of rows hashed. */
    int rows() {
        return keys.rows;
    }

    /** The row after {@code row} in its chain, or -1. */
    int next(int row) {
        return next[row];
    }

    /** The chains: {@link #next} links rows with equal keys. Shared, never modify. */
    int[] chains() {
        return next;
    }

    /**
     * For each probe row, the first row of the chain with an equal key, or -1 when there is none.
     * {@code probe} must come from a {@link KeyLayout#compatibleWith compatible} layout.
     */
    int[] lookup(HashKeys probe) {
        int[] heads = new int[probe.rows];
        if (probe.isPacked()) {
            lookupPacked(probe, heads);
        } else {
            lookupEncoded(probe, heads);
        }
        if (probe.excluded != null) {
            for (int row = 0; row < probe.rows; row++) {
                if (probe.excluded[row]) {
                    heads[row] = -1;
                }
            }
        }
        return heads;
    }

    private void lookupPacked(HashKeys probe, int[] heads) {
        long[] longs = probe.longs;
        for (int row = 0; row < probe.rows; row++) {
            long key = longs[row];
            int slot = (int) (HashKeys.hashLong(key) >>> shift);
            long head;
            while ((head = slots[2 * slot + 1]) >= 0 && slots[2 * slot] != key) {
                slot = (slot + 1) & mask;
            }
            heads[row] = (int) head;
        }
    }

    private void lookupEncoded(HashKeys probe, int[] heads) {
        long[] hashes = probe.hashes;
        for (int row = 0; row < probe.rows; row++) {
            long hash = hashes[row];
            int slot = (int) (hash >>> shift);
            long head;
            while ((head = slots[2 * slot + 1]) >= 0 && !(slots[2 * slot] == hash && sameBytes((int) head, probe, row))) {
                slot = (slot + 1) & mask;
            }
            heads[row] = (int) head;
        }
    }

    /** The first row of every chain (one per distinct key), in slot order. */
    int[] heads() {
        int count = 0;
        for (int slot = 1; slot < slots.length; slot += 2) {
            count += slots[slot] >= 0 ? 1 : 0;
        }
        int[] heads = new int[count];
        int index = 0;
        for (int slot = 1; slot < slots.length; slot += 2) {
            if (slots[slot] >= 0) {
                heads[index++] = (int) slots[slot];
            }
        }
        return heads;
    }
}
