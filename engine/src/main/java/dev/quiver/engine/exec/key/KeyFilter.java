package dev.quiver.engine.exec.key;

import dev.quiver.engine.exec.Batch;

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
    /** Bit {@code value - min} is set for each present value; null when the Bloom filter is used. */
    private final long[] bitmap;
    /** The Bloom filter, a power-of-two number of words; null when the bitmap is used. */
    private final long[] bloom;

    private final int bloomShift;

    private KeyFilter(long min, long max, long[] bitmap, long[] bloom) {
        this.min = min;
        this.max = max;
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
        if (value < min || value > max) {
            return false;
        }
        if (bitmap != null) {
            long offset = value - min;
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
        int rows = batch.rowCount();
        long[] values = new long[rows];
        layout.readKey(batch, 0, values);
        int sample = Math.min(rows, SAMPLE);
        int count = 0;
        for (int row = 0; row < sample; row++) {
            selected[count] = row;
            count += mayContain(values[row]) ? 1 : 0;
        }
        if (count * 4 > sample * 3) {
            return -1; // keeps more than three quarters
        }
        for (int row = sample; row < rows; row++) {
            selected[count] = row;
            count += mayContain(values[row]) ? 1 : 0;
        }
        return count;
    }

    @Override
    public String toString() {
        return (bitmap != null ? "bitmap" : "bloom") + " over [" + min + ", " + max + "]";
    }
}
