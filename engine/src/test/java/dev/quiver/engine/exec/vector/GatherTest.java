package dev.quiver.engine.exec.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

class GatherTest {
    private static final int ROWS = 1000;

    /** Row lists: long runs with gaps (the run-copy path), scattered rows, and outer-join NULL rows. */
    private static int[][] rowLists() {
        Random random = new Random(11);
        int[] mostly =
                IntStream.range(0, ROWS).filter(row -> random.nextInt(50) != 0).toArray();
        int[] all = IntStream.range(0, ROWS).toArray();
        int[] scattered =
                IntStream.range(0, 300).map(index -> random.nextInt(ROWS)).toArray();
        int[] withMissing = IntStream.range(0, 100)
                .map(index -> index % 7 == 0 ? -1 : index)
                .toArray();
        return new int[][] {mostly, all, scattered, withMissing, new int[0]};
    }

    @Test
    void everyLayoutGathersTheChosenRows() {
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector longs = new BigIntVector("l", allocator);
                DecimalVector decimals = new DecimalVector("d", allocator, 15, 2);
                VarCharVector strings = new VarCharVector("s", allocator);
                BigIntVector noNulls = new BigIntVector("n", allocator)) {
            for (int row = 0; row < ROWS; row++) {
                noNulls.setSafe(row, row * 3L);
                if (row % 13 == 5) {
                    longs.setNull(row);
                    decimals.setNull(row);
                    strings.setNull(row);
                    continue;
                }
                longs.setSafe(row, row * 1000L - 7);
                decimals.setSafe(row, row * 101L);
                strings.setSafe(row, ("v" + "x".repeat(row % 4) + row).getBytes(StandardCharsets.UTF_8));
            }
            for (FieldVector vector : new FieldVector[] {longs, decimals, strings, noNulls}) {
                vector.setValueCount(ROWS);
            }
            for (int[] rows : rowLists()) {
                for (FieldVector source : new FieldVector[] {longs, decimals, strings, noNulls}) {
                    try (FieldVector gathered = Gather.gather(source, rows, rows.length, allocator)) {
                        assertThat(gathered.getValueCount()).isEqualTo(rows.length);
                        long nulls = 0;
                        for (int index = 0; index < rows.length; index++) {
                            Object expected = rows[index] < 0 ? null : source.getObject(rows[index]);
                            assertThat(gathered.getObject(index))
                                    .as("%s row %d", source.getName(), index)
                                    .isEqualTo(expected);
                            nulls += expected == null ? 1 : 0;
                        }
                        assertThat(gathered.getNullCount()).isEqualTo(nulls);
                    }
                }
            }
        }
    }
}
