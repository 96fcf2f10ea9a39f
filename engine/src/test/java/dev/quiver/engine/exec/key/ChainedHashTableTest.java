package dev.quiver.engine.exec.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.Batch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/**
 * The rows grouped by key: the DIRECT layout (dense integer keys) finds exactly the chains the
 * HASHED layout finds, and is taken only where its array is no larger; a table built in parts on
 * several threads finds exactly the chains of one built in one part.
 */
class ChainedHashTableTest {
    private static final boolean[] NOT_NULL_EQUAL = {false};

    /** Build and probe keys of one BIGINT column; a build value of {@code null} is NULL. */
    private record Keys(HashKeys build, HashKeys probe) {}

    private static Keys keys(Long[] build, long[] probe) {
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector buildColumn = new BigIntVector("k", allocator);
                BigIntVector probeColumn = new BigIntVector("k", allocator)) {
            buildColumn.allocateNew(build.length);
            for (int row = 0; row < build.length; row++) {
                if (build[row] == null) {
                    buildColumn.setNull(row);
                } else {
                    buildColumn.set(row, build[row]);
                }
            }
            buildColumn.setValueCount(build.length);
            probeColumn.allocateNew(probe.length);
            for (int row = 0; row < probe.length; row++) {
                probeColumn.set(row, probe[row]);
            }
            probeColumn.setValueCount(probe.length);
            KeyLayout layout = new KeyLayout(List.of(buildColumn.getField()), new int[] {0}, NOT_NULL_EQUAL);
            return new Keys(
                    layout.encode(new Batch(List.<FieldVector>of(buildColumn), build.length)),
                    layout.encode(new Batch(List.<FieldVector>of(probeColumn), probe.length)));
        }
    }

    /** Per probe row, the whole chain it finds (build rows in chain order), or an empty list. */
    private static List<List<Integer>> chains(ChainedHashTable table, HashKeys probe) {
        int[] heads = table.lookup(probe);
        List<List<Integer>> chains = new ArrayList<>();
        for (int head : heads) {
            List<Integer> chain = new ArrayList<>();
            for (int row = head; row >= 0; row = table.next(row)) {
                chain.add(row);
            }
            chains.add(chain);
        }
        return chains;
    }

    /** The chain of every probe row, from both layouts, after checking they agree. */
    private static List<List<Integer>> sameInBothLayouts(Keys keys, boolean expectDirect) {
        ChainedHashTable direct = ChainedHashTable.build(keys.build());
        ChainedHashTable hashed = ChainedHashTable.build(keys.build(), false);
        assertThat(direct.isDirect()).isEqualTo(expectDirect);
        assertThat(hashed.isDirect()).isFalse();
        List<List<Integer>> chains = chains(direct, keys.probe());
        assertThat(chains).isEqualTo(chains(hashed, keys.probe()));
        assertThat(direct.heads()).containsExactlyInAnyOrder(hashed.heads());
        return chains;
    }

    @Test
    void denseKeysAreLookedUpDirectlyWithAscendingChains() {
        Long[] build = {5L, 7L, 5L, null, 9L, 7L, 5L, -3L};
        long[] probe = {5, 6, 7, 9, -3, -4, 10, Long.MIN_VALUE, Long.MAX_VALUE, 0};
        List<List<Integer>> chains = sameInBothLayouts(keys(build, probe), true);
        assertThat(chains)
                .containsExactly(
                        List.of(0, 2, 6),
                        List.of(),
                        List.of(1, 5),
                        List.of(4),
                        List.of(7),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of());
    }

    @Test
    void manyProbeRowsAgreeWhetherTheBitmapFilterIsUsedOrNot() {
        Random random = new Random(3);
        Long[] build = new Long[20_000];
        for (int row = 0; row < build.length; row++) {
            build[row] = row % 17 == 0 ? null : 1_000_000L + random.nextInt(60_000);
        }
        // mostly absent keys first (the filter is used), then mostly present ones (it is not)
        long[] mostlyAbsent = new long[5000];
        long[] mostlyPresent = new long[5000];
        for (int row = 0; row < 5000; row++) {
            mostlyAbsent[row] = 990_000L + random.nextInt(100_000);
            Long present = build[random.nextInt(build.length)];
            mostlyPresent[row] = present == null ? 0 : present;
        }
        sameInBothLayouts(keys(build, mostlyAbsent), true);
        sameInBothLayouts(keys(build, mostlyPresent), true);
    }

    @Test
    void sparseOrExtremeKeysAreHashed() {
        long[] probe = {1, 1_000_000_000L, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
        List<List<Integer>> sparse = sameInBothLayouts(keys(new Long[] {1L, 1_000_000_000L}, probe), false);
        assertThat(sparse.get(0)).containsExactly(0);
        assertThat(sparse.get(1)).containsExactly(1);
        List<List<Integer>> extreme =
                sameInBothLayouts(keys(new Long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0L}, probe), false);
        assertThat(extreme.subList(2, 5)).containsExactly(List.of(0), List.of(1), List.of(2));
    }

    @Test
    void onlyNullKeysOrNoRowsMatchNothing() {
        long[] probe = {0, 1, 2};
        assertThat(sameInBothLayouts(keys(new Long[] {null, null}, probe), false))
                .containsOnly(List.of());
        assertThat(sameInBothLayouts(keys(new Long[0], probe), false)).containsOnly(List.of());
    }

    /** Keys of {@code rows} rows: a tenth NULL, half the rest one key (skew), the others {@code value(row)}. */
    private static HashKeys skewed(int rows, int width, LongUnaryOperator value) {
        long[] longs = new long[rows * width];
        boolean[] excluded = new boolean[rows];
        Random random = new Random(rows + width);
        for (int row = 0; row < rows; row++) {
            excluded[row] = row % 10 == 3;
            long key = random.nextBoolean() ? value.applyAsLong(7) : value.applyAsLong(random.nextInt(rows * 2));
            for (int column = 0; column < width; column++) {
                longs[row * width + column] = key + column;
            }
        }
        return width == 1 ? HashKeys.packed(longs, rows, excluded) : HashKeys.wide(longs, width, rows, excluded);
    }

    /** ENCODED keys: a VARCHAR column of {@code skewed}'s values as text, NULL where those are excluded. */
    private static HashKeys encodedSkewed(int rows) {
        HashKeys packed = skewed(rows, 1, value -> value * 31);
        try (BufferAllocator allocator = new RootAllocator();
                VarCharVector column = new VarCharVector("k", allocator)) {
            column.allocateNew(rows);
            for (int row = 0; row < rows; row++) {
                if (packed.excluded[row]) {
                    column.setNull(row);
                } else {
                    column.setSafe(row, ("key-" + packed.longs[row]).getBytes(StandardCharsets.US_ASCII));
                }
            }
            column.setValueCount(rows);
            KeyLayout layout = new KeyLayout(List.of(column.getField()), new int[] {0}, NOT_NULL_EQUAL);
            HashKeys keys = layout.encode(new Batch(List.<FieldVector>of(column), rows));
            assertThat(keys.width).isZero();
            return keys;
        }
    }

    /** The table for {@code keys} with its parts inserted on {@code threads} threads at once, last part first. */
    private static ChainedHashTable inParts(HashKeys keys, boolean directAllowed, int wantedParts, int threads)
            throws Exception {
        ChainedHashTable table = ChainedHashTable.prepare(keys, directAllowed, wantedParts);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int part = table.parts() - 1; part >= 0; part--) {
                int mine = part;
                done.add(pool.submit(() -> table.insertPart(mine)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        return table.complete();
    }

    /**
     * Every build row's key as a probe finds the same first row, and every row has the same next
     * row (so the same whole chain, ascending), in parts as in one part.
     */
    private static void sameChainsInParts(HashKeys keys, boolean directAllowed, boolean expectDirect) throws Exception {
        ChainedHashTable whole = ChainedHashTable.build(keys, directAllowed);
        assertThat(whole.isDirect()).isEqualTo(expectDirect);
        assertThat(whole.parts()).isEqualTo(1);
        int[] heads = whole.lookup(keys);
        int[] next = whole.chains();
        for (int row = 0; row < keys.rows; row++) {
            boolean excluded = keys.excluded != null && keys.excluded[row]; // in no chain
            if (!excluded && next[row] != -1 && next[row] <= row) {
                throw new AssertionError("chain not ascending at row " + row + ": next " + next[row]);
            }
        }
        for (int wanted : new int[] {2, 4, 8}) {
            ChainedHashTable parted = inParts(keys, directAllowed, wanted, Math.min(wanted, 4));
            assertThat(parted.isDirect()).isEqualTo(expectDirect);
            assertThat(parted.parts()).as("parts for %d wanted", wanted).isBetween(2, wanted);
            assertThat(parted.lookup(keys)).as("%d parts", parted.parts()).isEqualTo(heads);
            int[] partedNext = parted.chains();
            for (int row = 0; row < keys.rows; row++) {
                if ((keys.excluded == null || !keys.excluded[row]) && partedNext[row] != next[row]) {
                    throw new AssertionError(parted.parts() + " parts: row " + row + " links to " + partedNext[row]
                            + ", in one part to " + next[row]);
                }
            }
            assertThat(sorted(parted.heads())).isEqualTo(sorted(whole.heads()));
        }
    }

    private static int[] sorted(int[] rows) {
        int[] copy = rows.clone();
        Arrays.sort(copy);
        return copy;
    }

    @Test
    void denseKeysInPartsOnSeveralThreads() throws Exception {
        sameChainsInParts(skewed(300_000, 1, value -> value), true, true);
    }

    @Test
    void hashedKeysInPartsOnSeveralThreads() throws Exception {
        sameChainsInParts(skewed(300_000, 1, value -> value * 1_000_003), true, false); // PACKED, sparse
        sameChainsInParts(skewed(300_000, 1, value -> value), false, false); // dense but forced HASHED
        sameChainsInParts(skewed(300_000, 2, value -> value * 7), true, false); // WIDE
        sameChainsInParts(encodedSkewed(300_000), true, false); // ENCODED
    }

    @Test
    void smallTablesStayOnePart() {
        assertThat(ChainedHashTable.prepare(skewed(1000, 1, value -> value), true, 8)
                        .parts())
                .isEqualTo(1);
        assertThat(ChainedHashTable.prepare(skewed(1000, 2, value -> value), true, 8)
                        .parts())
                .isEqualTo(1);
    }

    @Test
    void aRegionThatFillsUpIsRebuiltInOnePart() throws Exception {
        // 70,000 keys make four regions of 65,536 slots; 60,000 of them have hashes that share
        // their top two bits, so the first region gets more than the three quarters it may fill
        int rows = 70_000;
        long[] longs = new long[rows];
        long candidate = 0;
        for (int row = 0; row < rows; row++) {
            if (row % 7 == 6) {
                longs[row] = -1 - row; // an ordinary key
                continue;
            }
            while (KeyHashing.hashLong(++candidate) >>> 62 != 0) {
                // not in the first quarter of the hash space
            }
            longs[row] = candidate;
        }
        HashKeys keys = HashKeys.packed(longs, rows, null);
        assertThat(ChainedHashTable.prepare(keys, false, 4).parts()).isEqualTo(4);
        ChainedHashTable parted = inParts(keys, false, 4, 4);
        assertThat(parted.parts()).isEqualTo(1); // rebuilt whole
        ChainedHashTable whole = ChainedHashTable.build(keys, false);
        assertThat(parted.lookup(keys)).isEqualTo(whole.lookup(keys));
        int[] heads = parted.lookup(HashKeys.packed(new long[] {longs[0], longs[rows - 1], longs[6], -5}, 4, null));
        assertThat(heads).containsExactly(0, rows - 1, 6, -1);
    }
}
