package dev.quiver.engine.exec.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * The rows grouped by key: the DIRECT layout (dense integer keys) finds exactly the chains the
 * HASHED layout finds, and is taken only where its array is no larger.
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
}
