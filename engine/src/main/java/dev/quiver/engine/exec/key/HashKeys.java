package dev.quiver.engine.exec.key;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.List;

/**
 * The keys of a run of rows, encoded once by {@link KeyLayout} for hashing and equality tests.
 *
 * <p>Three layouts. PACKED: one integer-like key per row in {@link #longs}. WIDE: two to four
 * integer-like keys per row, {@code longs[row * width .. row * width + width)}, with a 64-bit hash
 * per row in {@link #hashes} (multi-column integer keys, compared as longs, not as bytes).
 * ENCODED: each row's keys as a {@link RowKeyEncoder} row, {@code bytes[offsets[row] .. offsets[row + 1])},
 * with a hash per row in {@link #hashes}. Hashes are {@link KeyHashing}'s. In all, a row listed in {@link #excluded} has a NULL in a key
 * where NULL never equals anything: it matches nothing.
 *
 * <p>Immutable once built; read concurrently by probing threads.
 */
public final class HashKeys {
    final int rows;
    /** Longs per row: 1 PACKED, 2..4 WIDE, 0 ENCODED. */
    final int width;
    /** PACKED and WIDE layouts: the keys of each row; null otherwise. */
    final long[] longs;
    /** ENCODED layout: the keys' bytes; null otherwise. */
    final byte[] bytes;
    /** ENCODED layout: {@code rows + 1} offsets into {@link #bytes}. */
    final int[] offsets;
    /** WIDE and ENCODED layouts: the hash of each row's keys. */
    final long[] hashes;
    /** Rows that match nothing, or null when there are none. */
    final boolean[] excluded;

    private HashKeys(
            int rows, int width, long[] longs, byte[] bytes, int[] offsets, long[] hashes, boolean[] excluded) {
        this.rows = rows;
        this.width = width;
        this.longs = longs;
        this.bytes = bytes;
        this.offsets = offsets;
        this.hashes = hashes;
        this.excluded = excluded;
    }

    static HashKeys packed(long[] longs, int rows, boolean[] excluded) {
        return new HashKeys(rows, 1, longs, null, null, null, excluded);
    }

    /** WIDE keys: {@code width} longs per row. */
    static HashKeys wide(long[] longs, int width, int rows, boolean[] excluded) {
        long[] hashes = new long[rows];
        for (int row = 0; row < rows; row++) {
            hashes[row] = KeyHashing.hashLongs(longs, row * width, width);
        }
        return new HashKeys(rows, width, longs, null, null, hashes, excluded);
    }

    static HashKeys encoded(byte[] bytes, int[] offsets, int rows, boolean[] excluded) {
        long[] hashes = new long[rows];
        for (int row = 0; row < rows; row++) {
            hashes[row] = KeyHashing.hashBytes(bytes, offsets[row], offsets[row + 1]);
        }
        return new HashKeys(rows, 0, null, bytes, offsets, hashes, excluded);
    }

    boolean isPacked() {
        return width == 1;
    }

    boolean isWide() {
        return width > 1;
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** Heap bytes of these keys' arrays, for the query's memory accounting. */
    public long bytes() {
        long perRow = switch (width) {
            case 0 -> Integer.BYTES + Long.BYTES; // offsets and hashes
            case 1 -> Long.BYTES;
            default -> (long) Long.BYTES * (width + 1); // the keys and the hash
        };
        return (long) rows * perRow + (width == 0 ? offsets[rows] : 0) + (excluded != null ? rows : 0);
    }

    /** The keys of several runs, one after the other (all of {@code width}, as {@link #width}). */
    public static HashKeys concat(List<HashKeys> parts, int width) {
        boolean packed = width > 0; // PACKED or WIDE: longs (and for WIDE hashes) copied as they are
        int rows = 0;
        long bytes = 0;
        boolean anyExcluded = false;
        for (HashKeys part : parts) {
            rows += part.rows;
            bytes += packed ? 0 : part.offsets[part.rows];
            anyExcluded |= part.excluded != null;
        }
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new QuiverException(
                    ErrorCode.MEMORY_LIMIT,
                    "the hash keys of a join's build side exceed 2 GB; the build side of this join is too large");
        }
        boolean[] excluded = anyExcluded ? new boolean[rows] : null;
        long[] longs = packed ? new long[Math.multiplyExact(rows, width)] : null;
        byte[] data = packed ? null : new byte[(int) bytes];
        int[] offsets = packed ? null : new int[rows + 1];
        long[] hashes = width == 1 ? null : new long[rows];
        int rowBase = 0;
        int byteBase = 0;
        for (HashKeys part : parts) {
            if (part.excluded != null) {
                System.arraycopy(part.excluded, 0, excluded, rowBase, part.rows);
            }
            if (packed) {
                System.arraycopy(part.longs, 0, longs, rowBase * width, part.rows * width);
                if (width > 1) {
                    System.arraycopy(part.hashes, 0, hashes, rowBase, part.rows);
                }
            } else {
                int length = part.offsets[part.rows];
                System.arraycopy(part.bytes, 0, data, byteBase, length);
                for (int row = 0; row < part.rows; row++) {
                    offsets[rowBase + row] = byteBase + part.offsets[row];
                }
                System.arraycopy(part.hashes, 0, hashes, rowBase, part.rows);
                byteBase += length;
            }
            rowBase += part.rows;
        }
        if (!packed) {
            offsets[rows] = byteBase;
        }
        return new HashKeys(rows, width, longs, data, offsets, hashes, excluded);
    }
}
