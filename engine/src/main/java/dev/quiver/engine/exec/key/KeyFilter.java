package dev.quiver.engine.exec.key;

import dev.quiver.engine.exec.Batch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * A join filter: the set of the first key's values on a join's finished build side, tested on a
 * probe batch before its keys are encoded, hashed and looked up. It answers "maybe present" for
 * every value that is present (and a few that are not), so rows it turns away match nothing and
 * the rows it keeps still go through the table.
 *
 * <p>Integer keys over a range that a bitmap of at most 256 KB covers, or of at most 2 MB that is no
 * larger than their Bloom filter would be (surrogate keys, the common case), get an exact bitmap
 * over [min, max]; others a Bloom filter of one to two 64-bit words per key with three bits set.
 * Either stays in cache where a large table does not; the bitmap also spares the hashing.
 *
 * <p>Immutable once built; read concurrently by probing threads.
 */
public final class KeyFilter {
    /** Probe rows tested before deciding whether the filter pays for the rest of a batch. */
    private static final int SAMPLE = 1024;
    /** A bitmap of up to this many bits (256 KB) is small enough to stay in cache, however sparse. */
    private static final long SMALL_BITMAP_BITS = 1L << 21;
    /** The most bits a bitmap may take (2 MB), for keys whose Bloom filter would not be smaller. */
    private static final long MAX_BITMAP_BITS = 1L << 24;
    /** The most bitmap words {@link #mayContainAny} reads before answering "may" unread. */
    private static final long RANGE_SCAN_WORDS = 4096;

    private final long min;
    private final long max;
    /** {@code max - min}, compared unsigned: a value is in range when {@code value - min} is at most this. */
    private final long span;
    /** Bit {@code value - min} is set for each present value; null when the Bloom filter is used. */
    private final long[] bitmap;
    /** The Bloom filter, a power-of-two number of words; null when the bitmap is used. */
    private final long[] bloom;

    private final int bloomShift;

    private KeyFilter(long min, long max, long[] bitmap, long[] bloom) {
        this.min = min;
        this.max = max;
        this.span = max - min;
        this.bitmap = bitmap;
        this.bloom = bloom;
        this.bloomShift = bloom == null ? 0 : 64 - Integer.numberOfTrailingZeros(bloom.length);
    }

    /**
     * The filter of the first key of {@code keys} (a build side's, PACKED or WIDE), or null when
     * the keys are ENCODED or there is no row to filter against (every probe row then misses the
     * table anyway, as cheaply).
     */
    public static KeyFilter of(HashKeys keys) {
        if (keys.width == 0) {
            return null;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int present = 0;
        for (int row = 0; row < keys.rows; row++) {
            if (keys.excluded == null || !keys.excluded[row]) {
                long value = keys.longs[row * keys.width];
                min = Math.min(min, value);
                max = Math.max(max, value);
                present++;
            }
        }
        if (present == 0) {
            return null;
        }
        // the range of a long's span may overflow: compare unsigned
        long span = max - min;
        int bloomWords = Math.max(2, Integer.highestOneBit(present) << 1);
        boolean dense =
                Long.compareUnsigned(span, Math.min(MAX_BITMAP_BITS, Math.max(SMALL_BITMAP_BITS, 64L * bloomWords)))
                        < 0;
        long[] bitmap = dense ? new long[(int) (span >>> 6) + 1] : null;
        long[] bloom = dense ? null : new long[bloomWords];
        KeyFilter filter = new KeyFilter(min, max, bitmap, bloom);
        for (int row = 0; row < keys.rows; row++) {
            if (keys.excluded == null || !keys.excluded[row]) {
                filter.add(keys.longs[row * keys.width]);
            }
        }
        return filter;
    }

    /** Heap bytes of this filter, for memory accounting. */
    public long bytes() {
        return (long) Long.BYTES * (bitmap != null ? bitmap.length : bloom.length);
    }

    private void add(long value) {
        if (bitmap != null) {
            long offset = value - min;
            bitmap[(int) (offset >>> 6)] |= 1L << offset;
        } else {
            long hash = KeyHashing.hashLong(value);
            bloom[(int) (hash >>> bloomShift)] |= bloomBits(hash);
        }
    }

    /** Three bits of 64 from hash bits the word choice does not use. */
    private static long bloomBits(long hash) {
        long mixed = hash ^ (hash >>> 32);
        return 1L << mixed | 1L << (mixed >>> 6) | 1L << (mixed >>> 12);
    }

    /** False when no build row has this first-key value; true when one may. */
    boolean mayContain(long value) {
        long offset = value - min; // outside [min, max] exactly when above span, unsigned
        if (Long.compareUnsigned(offset, span) > 0) {
            return false;
        }
        if (bitmap != null) {
            return (bitmap[(int) (offset >>> 6)] & (1L << offset)) != 0;
        }
        long hash = KeyHashing.hashLong(value);
        long bits = bloomBits(hash);
        return (bloom[(int) (hash >>> bloomShift)] & bits) == bits;
    }

    /**
     * False when no build row's first key lies in [{@code low}, {@code high}]; true when one may.
     * A bitmap is read over the overlap when that is at most {@value #RANGE_SCAN_WORDS} words.
     */
    public boolean mayContainAny(long low, long high) {
        long from = Math.max(low, min);
        long to = Math.min(high, max);
        if (from > to) {
            return false;
        }
        if (bitmap == null || ((to - min) >>> 6) - ((from - min) >>> 6) >= RANGE_SCAN_WORDS) {
            return true;
        }
        int firstWord = (int) ((from - min) >>> 6);
        int lastWord = (int) ((to - min) >>> 6);
        for (int word = firstWord; word <= lastWord; word++) {
            long bits = bitmap[word];
            if (word == firstWord) {
                bits &= -1L << (from - min); // the shift takes the low six bits: the bit within the word
            }
            if (word == lastWord) {
                bits &= -1L >>> (63 - ((to - min) & 63));
            }
            if (bits != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rows of {@code batch} whose first key (of {@code layout}, a layout compatible with the
     * build side's) may have a match, in ascending order, into {@code selected}; their number. Or
     * -1 when the first {@value #SAMPLE} rows show the filter keeps most rows: then it would cost
     * a pass over the keys and save little, and the caller takes the batch as it is.
     */
    public int select(KeyLayout layout, Batch batch, int[] selected) {
        return select(layout, batch, null, batch.rowCount(), selected);
    }

    /**
     * As {@link #select(KeyLayout, Batch, int[])}, over the rows {@code rows[0, count)} of {@code
     * batch} only (ascending; null for rows [0, count)), so that several join filters narrow one
     * selection and the batch is copied once. {@code selected} must not be {@code rows}. Rows
     * whose key is NULL are dropped (a join filter's keys never match NULL), except when the
     * sample declines the batch.
     *
     * <p>The keys are read from the Arrow buffer as they are tested — 4- and 8-byte integers and
     * DECIMALs that fit a long directly, other types through their long forms.
     */
    public int select(KeyLayout layout, Batch batch, int[] rows, int count, int[] selected) {
        FieldVector column = layout.keyColumn(batch, 0);
        long[] longForms = null;
        if (KeyLayout.directStride(column) == 0) {
            longForms = new long[batch.rowCount()];
            layout.readKey(batch, 0, longForms);
        }
        int sample = Math.min(count, SAMPLE);
        int kept = test(column, longForms, rows, 0, sample, selected, 0);
        if (kept * 4 > sample * 3) {
            return -1; // keeps more than three quarters
        }
        kept = test(column, longForms, rows, sample, count, selected, kept);
        return column.getNullCount() > 0 ? dropNulls(column, selected, kept) : kept;
    }

    /**
     * Tests positions [from, to) of the rows ({@code rows}, or the positions themselves), appending
     * the kept rows to {@code selected} after its first {@code kept}; the new count. One loop per
     * key width, so each reads the buffer with one plain load per row.
     */
    private int test(FieldVector column, long[] longForms, int[] rows, int from, int to, int[] selected, int kept) {
        int count = kept;
        if (longForms != null) {
            for (int position = from; position < to; position++) {
                int row = rows == null ? position : rows[position];
                selected[count] = row;
                count += mayContain(longForms[row]) ? 1 : 0;
            }
            return count;
        }
        ArrowBuf data = column.getDataBuffer();
        switch (KeyLayout.directStride(column)) {
            case 4 -> {
                for (int position = from; position < to; position++) {
                    int row = rows == null ? position : rows[position];
                    selected[count] = row;
                    count += mayContain(data.getInt((long) row << 2)) ? 1 : 0;
                }
            }
            case 8 -> {
                for (int position = from; position < to; position++) {
                    int row = rows == null ? position : rows[position];
                    selected[count] = row;
                    count += mayContain(data.getLong((long) row << 3)) ? 1 : 0;
                }
            }
            default -> { // DECIMAL(<= 18): the low word of 16 bytes
                for (int position = from; position < to; position++) {
                    int row = rows == null ? position : rows[position];
                    selected[count] = row;
                    count += mayContain(data.getLong((long) row << 4)) ? 1 : 0;
                }
            }
        }
        return count;
    }

    /** Keeps the rows {@code selected[0, count)} whose value in {@code column} is not NULL; their number. */
    private static int dropNulls(FieldVector column, int[] selected, int count) {
        ArrowBuf validity = column.getValidityBuffer();
        int kept = 0;
        for (int index = 0; index < count; index++) {
            int row = selected[index];
            selected[kept] = row;
            kept += BitVectorHelper.get(validity, row);
        }
        return kept;
    }

    @Override
    public String toString() {
        return (bitmap != null ? "bitmap" : "bloom") + " over [" + min + ", " + max + "]";
    }
}
