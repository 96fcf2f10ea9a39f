package dev.quiver.engine.exec.key;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Arrays;

/**
 * Rows grouped by key, for hash joins and set operations: one slot per distinct key, each slot
 * heading a chain of the rows with that key. Built once from {@link HashKeys}, then read
 * concurrently.
 *
 * <p>Two layouts. DIRECT, for a PACKED key whose values lie close together (surrogate keys,
 * dates — the common case of a join): an array indexed by {@code key - min}, so a lookup is one
 * subtraction, one range test and one array read — no hash, no probing, no key comparison, and
 * the array is no larger than the hashed layout's slots (it is taken only then). HASHED, for
 * every other key: open addressing (linear probing, load at most one half).
 *
 * <p>Chains list rows in ascending order. Rows whose keys are {@link HashKeys#excluded} are in no
 * chain. In the HASHED layout a PACKED key's slot holds the key itself; with WIDE and ENCODED keys
 * it holds the hash, and a hit is confirmed by comparing the longs or bytes of the slot's first row.
 *
 * <p>BUILDING IN PARTS: {@link #prepare} picks the layout and allocates the arrays; the table is
 * then cut into {@link #parts()} disjoint regions — DIRECT: ranges of key values aligned to the
 * filter's 64-bit words; HASHED: ranges of slots picked by a hash's top bits, with linear probing
 * wrapping around inside its region — and {@link #insertPart} links the rows of one region. Parts
 * write disjoint slots, filter words and chain links, so they may run on different threads at
 * once; every part must have run (and its writes be visible, e.g. by joining the threads) before
 * {@link #complete} and any lookup. Each part visits the rows from the last to the first, which
 * keeps the chains ascending whatever the number of parts.
 *
 * <p># Performance: a slot's key and first row sit side by side in one array, so a probe that
 * finds its slot costs one cache miss, not two. A table of many rows outgrows the caches and
 * every probe misses them; a filter a sixteenth of the table's size or less answers most probes
 * whose key is absent from the cache instead: a blocked Bloom filter (three bits in one 64-bit
 * word per key) for the HASHED layout, an exact bitmap of the present values for the DIRECT one.
 * Joins where most probe keys are present skip the filter (see {@link #lookup}).
 */
public final class ChainedHashTable {
    /** Regions at least this many slots (HASHED) or key values (DIRECT) large; smaller tables are one part. */
    private static final int MIN_PART_SIZE = 1 << 16;

    private final HashKeys keys;
    private final int shift;
    /**
     * HASHED layout: slots per region less one; probing wraps around inside a region (the whole
     * table when there is one part).
     */
    private final int regionMask;
    /** The number of parts {@link #insertPart} fills. */
    private final int parts;
    /**
     * The part of a key: HASHED, {@code hash >>> partShift} (when more than one part); DIRECT,
     * {@code (key - min) >>> partShift}.
     */
    private final int partShift;
    /** Set by a HASHED part whose region filled up (keys crafted to collide): {@link #complete} rebuilds. */
    private volatile boolean overflowed;
    /**
     * HASHED layout: slot {@code s} is {@code slots[2s]}, the key (PACKED) or the hash (WIDE,
     * ENCODED), and {@code slots[2s + 1]}, the first row of its chain, or -1 for an empty slot.
     * Null in the DIRECT layout.
     */
    private final long[] slots;
    /** DIRECT layout: the first row of the chain of key {@code min + i}, or -1; null when HASHED. */
    private final int[] direct;
    /** DIRECT layout: the smallest key. */
    private final long min;
    /** The next row with the same key, or -1. */
    private final int[] next;
    /**
     * The filter. HASHED: a Bloom filter, a power-of-two number of words picked by a hash's high
     * bits. DIRECT: bit {@code key - min} is set for each present key.
     */
    private final long[] filter;

    private final int filterShift;

    /** A HASHED table of {@code parts} parts (a power of two), empty; each part marks its own slots empty. */
    private ChainedHashTable(HashKeys keys, int parts) {
        this.keys = keys;
        int capacity = capacity(keys.rows);
        this.shift = 64 - Integer.numberOfTrailingZeros(capacity);
        this.parts = parts;
        this.regionMask = capacity / parts - 1;
        this.partShift = 64 - Integer.numberOfTrailingZeros(parts);
        this.slots = new long[capacity * 2];
        this.direct = null;
        this.min = 0;
        this.next = new int[keys.rows];
        int filterWords = filterWords(keys.rows);
        this.filter = new long[filterWords];
        this.filterShift = 64 - Integer.numberOfTrailingZeros(filterWords);
    }

    /**
     * A DIRECT table for keys {@code min .. min + size - 1} in parts of {@code 1 << partShift} key
     * values (at least 64: a filter word), empty; each part marks its own entries empty.
     */
    private ChainedHashTable(HashKeys keys, long min, int size, int partShift) {
        this.keys = keys;
        this.shift = 0;
        this.regionMask = 0;
        this.parts = (int) (((long) size + (1L << partShift) - 1) >>> partShift);
        this.partShift = partShift;
        this.slots = null;
        this.direct = new int[size];
        this.min = min;
        this.next = new int[keys.rows];
        this.filter = new long[(size >>> 6) + 1];
        this.filterShift = 0;
    }

    private static void checkRows(int rows) {
        if (rows > 1 << 28) {
            throw new QuiverException(
                    ErrorCode.MEMORY_LIMIT, "a join cannot hash " + rows + " rows; at most 2^28 fit one table");
        }
    }

    private static int capacity(int rows) {
        return Math.max(16, Integer.highestOneBit(Math.max(rows, 1)) << 2);
    }

    private static int filterWords(int rows) {
        return Math.max(2, Integer.highestOneBit(Math.max(rows, 1)) >>> 1);
    }

    /**
     * Heap bytes of the table of {@code rows} rows (not counting the keys), for memory accounting:
     * the HASHED layout's, an upper bound of the DIRECT one's.
     */
    public static long bytes(int rows) {
        return rows > 1 << 28
                ? Long.MAX_VALUE / 2
                : 2L * Long.BYTES * capacity(rows)
                        + (long) Integer.BYTES * rows
                        + (long) Long.BYTES * filterWords(rows);
    }

    /** The filter bits of a hash: three of 64, from bits the slot and the word do not use. */
    private static long filterBits(long hash) {
        long mixed = hash ^ (hash >>> 32);
        return 1L << mixed | 1L << (mixed >>> 6) | 1L << (mixed >>> 12);
    }

    private void addToFilter(long hash) {
        filter[(int) (hash >>> filterShift)] |= filterBits(hash);
    }

    /** False when no key with this hash is in the table; true when one may be. */
    private boolean mayContain(long hash) {
        long bits = filterBits(hash);
        return (filter[(int) (hash >>> filterShift)] & bits) == bits;
    }

    /** Hashes every row of {@code keys}; the table keeps them. */
    public static ChainedHashTable build(HashKeys keys) {
        return build(keys, true);
    }

    /**
     * As {@link #build(HashKeys)}; with {@code directAllowed} false always in the HASHED layout
     * (for benchmarks and tests that compare the two).
     */
    public static ChainedHashTable build(HashKeys keys, boolean directAllowed) {
        ChainedHashTable table = prepare(keys, directAllowed, 1);
        table.insertPart(0);
        return table.complete();
    }

    /**
     * An empty table for every row of {@code keys} (the table keeps them), in the layout {@link
     * #build(HashKeys, boolean)} would pick, cut into at most {@code wantedParts} parts for {@link
     * #insertPart} — fewer when the table is small. Call {@link #insertPart} for each part, then
     * {@link #complete}.
     */
    public static ChainedHashTable prepare(HashKeys keys, boolean directAllowed, int wantedParts) {
        checkRows(keys.rows);
        int wanted = Math.max(1, wantedParts);
        ChainedHashTable table = directAllowed && keys.isPacked() ? direct(keys, wanted) : null;
        if (table != null) {
            return table;
        }
        int capacity = capacity(keys.rows);
        int parts = Math.max(1, Math.min(Integer.highestOneBit(wanted), capacity / MIN_PART_SIZE));
        return new ChainedHashTable(keys, parts);
    }

    /** The number of parts {@link #insertPart} takes. */
    public int parts() {
        return parts;
    }

    /**
     * Links the rows of part {@code part} (0 &le; part &lt; {@link #parts()}). Parts may run at the
     * same time on different threads; each runs once.
     */
    public void insertPart(int part) {
        if (direct != null) {
            insertDirect(part);
        } else if (keys.isPacked()) {
            insertPacked(part);
        } else {
            insertHashed(part);
        }
    }

    /**
     * The finished table, once every part was inserted: this one, or — when a part's region
     * filled up (see {@link #regionRoom}) — the same rows built again in one part.
     */
    public ChainedHashTable complete() {
        if (!overflowed) {
            return this;
        }
        ChainedHashTable whole = new ChainedHashTable(keys, 1);
        whole.insertPart(0);
        return whole;
    }

    /**
     * An empty DIRECT table for these PACKED keys in at most {@code wantedParts} parts, or null
     * when their range is wider than four times the HASHED layout's slot count (its int array
     * would then outgrow the slots' pairs of longs) or than 2^30, or no row has a key.
     */
    private static ChainedHashTable direct(HashKeys keys, int wantedParts) {
        long[] longs = keys.longs;
        boolean[] excluded = keys.excluded;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean any = false;
        for (int row = 0; row < keys.rows; row++) {
            if (excluded == null || !excluded[row]) {
                long key = longs[row];
                min = Math.min(min, key);
                max = Math.max(max, key);
                any = true;
            }
        }
        long limit = Math.min(4L * capacity(keys.rows), 1L << 30);
        // max - min may overflow a long: as unsigned it is the exact distance
        if (!any || Long.compareUnsigned(max - min, limit) >= 0) {
            return null;
        }
        int size = (int) (max - min) + 1;
        int parts = Math.max(1, Math.min(wantedParts, size / MIN_PART_SIZE));
        // a power-of-two part size, whole filter words; rounding up may leave fewer parts than asked
        int partSize = Math.max(64, Integer.highestOneBit(Math.max(1, (size - 1) / parts)) << 1);
        return new ChainedHashTable(keys, min, size, Integer.numberOfTrailingZeros(partSize));
    }

    private void insertDirect(int part) {
        long from = (long) part << partShift;
        Arrays.fill(direct, (int) from, (int) Math.min(direct.length, from + (1L << partShift)), -1);
        long[] longs = keys.longs;
        boolean[] excluded = keys.excluded;
        for (int row = keys.rows - 1; row >= 0; row--) {
            if (excluded != null && excluded[row]) {
                continue;
            }
            int offset = (int) (longs[row] - min);
            if (offset >>> partShift != part) {
                continue;
            }
            next[row] = direct[offset];
            direct[offset] = row;
            filter[offset >>> 6] |= 1L << offset;
        }
    }

    /** Marks the slots of {@code part}'s region empty. */
    private void clearRegion(int part) {
        int first = part * (regionMask + 1);
        for (int slot = first; slot <= first + regionMask; slot++) {
            slots[2 * slot + 1] = -1;
        }
    }

    /**
     * The slots a part may take before it gives up: three quarters of its region. The table's load
     * is at most a half, so only keys crafted to share a hash's top bits get there — and a region
     * near full would make linear probing quadratic (and a full one would never end a probe).
     */
    private int regionRoom() {
        int size = regionMask + 1;
        return size - size / 4;
    }

    /** The part of a HASHED key's hash. */
    private int partOf(long hash) {
        return parts == 1 ? 0 : (int) (hash >>> partShift);
    }

    /** The slot after {@code slot} in linear probing: the next one, wrapping around inside its region. */
    private int nextSlot(int slot) {
        return (slot & ~regionMask) | ((slot + 1) & regionMask);
    }

    private void insertPacked(int part) {
        clearRegion(part);
        long[] longs = keys.longs;
        boolean[] excluded = keys.excluded;
        int free = regionRoom();
        for (int row = keys.rows - 1; row >= 0; row--) {
            if (excluded != null && excluded[row]) {
                continue;
            }
            long key = longs[row];
            long hash = KeyHashing.hashLong(key);
            if (partOf(hash) != part) {
                continue;
            }
            int slot = (int) (hash >>> shift);
            while (slots[2 * slot + 1] >= 0 && slots[2 * slot] != key) {
                slot = nextSlot(slot);
            }
            if (slots[2 * slot + 1] < 0 && free-- == 0) {
                overflowed = true;
                return;
            }
            addToFilter(hash);
            link(slot, row, key);
        }
    }

    /** WIDE or ENCODED keys: slots hold hashes, equal hashes are confirmed on the keys. */
    private void insertHashed(int part) {
        clearRegion(part);
        long[] hashes = keys.hashes;
        boolean[] excluded = keys.excluded;
        int free = regionRoom();
        for (int row = keys.rows - 1; row >= 0; row--) {
            if (excluded != null && excluded[row]) {
                continue;
            }
            long hash = hashes[row];
            if (partOf(hash) != part) {
                continue;
            }
            int slot = (int) (hash >>> shift);
            while (slots[2 * slot + 1] >= 0
                    && !(slots[2 * slot] == hash && sameKeys((int) slots[2 * slot + 1], keys, row))) {
                slot = nextSlot(slot);
            }
            if (slots[2 * slot + 1] < 0 && free-- == 0) {
                overflowed = true;
                return;
            }
            addToFilter(hash);
            link(slot, row, hash);
        }
    }

    private void link(int slot, int row, long key) {
        next[row] = (int) slots[2 * slot + 1];
        slots[2 * slot] = key;
        slots[2 * slot + 1] = row;
    }

    /** Whether build row {@code row} has the keys of {@code other}'s row {@code otherRow} (WIDE or ENCODED). */
    private boolean sameKeys(int row, HashKeys other, int otherRow) {
        int width = keys.width;
        if (width > 1) {
            long[] mine = keys.longs;
            long[] theirs = other.longs;
            int start = row * width;
            int otherStart = otherRow * width;
            for (int key = 0; key < width; key++) {
                if (mine[start + key] != theirs[otherStart + key]) {
                    return false;
                }
            }
            return true;
        }
        return RowKeyEncoder.sameRow(
                keys.bytes,
                keys.offsets[row],
                keys.offsets[row + 1],
                other.bytes,
                other.offsets[otherRow],
                other.offsets[otherRow + 1]);
    }

    /** The number of rows hashed. */
    public int rows() {
        return keys.rows;
    }

    /** The row after {@code row} in its chain, or -1. */
    public int next(int row) {
        return next[row];
    }

    /** The chains: {@link #next} links rows with equal keys. Shared, never modify. */
    public int[] chains() {
        return next;
    }

    /** Probe rows looked up through the filter before deciding whether it pays for the rest of a batch. */
    private static final int FILTER_SAMPLE = 1024;

    /**
     * For each probe row, the first row of the chain with an equal key, or -1 when there is none.
     * {@code probe} must come from a {@link KeyLayout#compatibleWith compatible} layout.
     *
     * <p>The first {@value #FILTER_SAMPLE} rows consult the filter first; the rest of the
     * batch does only if it turned away at least a quarter of them — where nearly every key is
     * present, the filter would add a memory access to every probe and save none.
     */
    public int[] lookup(HashKeys probe) {
        int[] heads = new int[probe.rows];
        int sample = Math.min(probe.rows, FILTER_SAMPLE);
        int rejected = lookup(probe, heads, 0, sample, true);
        boolean useFilter = rejected * 4 >= sample;
        lookup(probe, heads, sample, probe.rows, useFilter);
        if (probe.excluded != null) {
            for (int row = 0; row < probe.rows; row++) {
                if (probe.excluded[row]) {
                    heads[row] = -1;
                }
            }
        }
        return heads;
    }

    private int lookup(HashKeys probe, int[] heads, int from, int to, boolean useFilter) {
        if (direct != null) {
            return lookupDirect(probe, heads, from, to, useFilter);
        }
        return probe.isPacked()
                ? lookupPacked(probe, heads, from, to, useFilter)
                : lookupHashed(probe, heads, from, to, useFilter);
    }

    /**
     * Looks up rows [from, to) of PACKED keys in the DIRECT layout; the number the bitmap turned
     * away (keys outside the range cost nothing, so they do not count).
     */
    private int lookupDirect(HashKeys probe, int[] heads, int from, int to, boolean useFilter) {
        long[] longs = probe.longs;
        int[] direct = this.direct;
        long[] filter = this.filter;
        long min = this.min;
        long size = direct.length;
        int rejected = 0;
        for (int row = from; row < to; row++) {
            long offset = longs[row] - min; // below min it wraps past size: one unsigned test for both ends
            if (Long.compareUnsigned(offset, size) >= 0) {
                heads[row] = -1;
            } else if (useFilter && (filter[(int) (offset >>> 6)] & (1L << offset)) == 0) {
                heads[row] = -1;
                rejected++;
            } else {
                heads[row] = direct[(int) offset];
            }
        }
        return rejected;
    }

    /** Looks up rows [from, to); the number the filter turned away. */
    private int lookupPacked(HashKeys probe, int[] heads, int from, int to, boolean useFilter) {
        long[] longs = probe.longs;
        int rejected = 0;
        for (int row = from; row < to; row++) {
            long key = longs[row];
            long hash = KeyHashing.hashLong(key);
            if (useFilter && !mayContain(hash)) {
                heads[row] = -1;
                rejected++;
                continue;
            }
            int slot = (int) (hash >>> shift);
            long head;
            while ((head = slots[2 * slot + 1]) >= 0 && slots[2 * slot] != key) {
                slot = nextSlot(slot);
            }
            heads[row] = (int) head;
        }
        return rejected;
    }

    private int lookupHashed(HashKeys probe, int[] heads, int from, int to, boolean useFilter) {
        long[] hashes = probe.hashes;
        int rejected = 0;
        for (int row = from; row < to; row++) {
            long hash = hashes[row];
            if (useFilter && !mayContain(hash)) {
                heads[row] = -1;
                rejected++;
                continue;
            }
            int slot = (int) (hash >>> shift);
            long head;
            while ((head = slots[2 * slot + 1]) >= 0
                    && !(slots[2 * slot] == hash && sameKeys((int) head, probe, row))) {
                slot = nextSlot(slot);
            }
            heads[row] = (int) head;
        }
        return rejected;
    }

    /** The first row of every chain (one per distinct key), in slot order (DIRECT: key order). */
    public int[] heads() {
        if (direct != null) {
            return Arrays.stream(direct).filter(row -> row >= 0).toArray();
        }
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

    /** Whether the table took the DIRECT layout (for tests). */
    boolean isDirect() {
        return direct != null;
    }
}
