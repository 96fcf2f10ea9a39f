package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Splitting an aggregation's groups over merge calls of equal work, and putting the results together. */
class MergePartitionsTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /** A state column with a value of {@code sizes[g]} bytes per group (0: NULL). */
    private VarBinaryVector states(int... sizes) {
        VarBinaryVector column = new VarBinaryVector("states", allocator);
        column.allocateNew(sizes.length);
        for (int group = 0; group < sizes.length; group++) {
            if (sizes[group] > 0) {
                column.setSafe(group, new byte[sizes[group]]);
            }
        }
        column.setValueCount(sizes.length);
        return column;
    }

    private static long weight(int[] partition, int[]... columns) {
        long total = 0;
        for (int group : partition) {
            total += MergePartitions.GROUP_WEIGHT;
            for (int[] column : columns) {
                total += column[group];
            }
        }
        return total;
    }

    @Test
    void fewSkewedGroupsAreDealtOutLargestFirst() {
        // GROUP BY a flag: the middle group holds half the rows.
        int[] first = {1_000_000, 2_000_000, 1_000_000};
        int[] second = {1_000_000, 2_000_000, 1_000_000};
        try (VarBinaryVector one = states(first);
                VarBinaryVector two = states(second)) {
            List<int[]> partitions = MergePartitions.of(List.of(one, two), 3, 2);
            assertThat(partitions).hasSize(2);
            assertThat(partitions).anySatisfy(partition -> assertThat(partition).containsExactly(1));
            assertThat(partitions).anySatisfy(partition -> assertThat(partition).containsExactly(0, 2));
        }
    }

    @Test
    void manyGroupsAreCutIntoRangesOfEqualWeight() {
        int groups = 10_000;
        int[] sizes = new int[groups];
        for (int group = 0; group < groups; group++) {
            sizes[group] = group < groups / 4 ? 400 : 100; // the first quarter weighs as much as the rest
        }
        try (VarBinaryVector column = states(sizes)) {
            List<int[]> partitions = MergePartitions.of(List.of(column), groups, 2);
            assertThat(partitions).hasSize(2);
            assertThat(partitions.get(0)[0]).isZero();
            assertThat(partitions.get(1)[partitions.get(1).length - 1]).isEqualTo(groups - 1);
            assertThat(partitions.get(0).length + partitions.get(1).length).isEqualTo(groups);
            long left = weight(partitions.get(0), sizes);
            long right = weight(partitions.get(1), sizes);
            assertThat((double) Math.abs(left - right) / (left + right)).isLessThan(0.01);
        }
    }

    @Test
    void littleWorkStaysInOneCall() {
        try (VarBinaryVector column = states(8, 8, 8, 8)) {
            assertThat(MergePartitions.of(List.of(column), 4, 4))
                    .singleElement()
                    .satisfies(partition -> assertThat(partition).containsExactly(0, 1, 2, 3));
        }
        assertThat(MergePartitions.of(List.of(), 0, 2))
                .singleElement()
                .satisfies(partition -> assertThat(partition).isEmpty());
    }

    @Test
    void takeAndAssembleKeepEveryGroupInPlace() {
        int[] sizes = {3, 0, 5, 7, 0, 2};
        try (VarBinaryVector column = states(sizes)) {
            List<int[]> partitions = List.of(new int[] {0, 3, 5}, new int[] {1, 2}, new int[] {4});
            List<FieldVector> results = new ArrayList<>();
            try {
                for (int[] partition : partitions) {
                    try (FieldVector taken = MergePartitions.take(column, partition, allocator)) {
                        // the merge's stand-in: each group's result is its state's length
                        BigIntVector lengths = new BigIntVector("result", allocator);
                        results.add(lengths);
                        lengths.allocateNew(partition.length);
                        for (int row = 0; row < partition.length; row++) {
                            if (!taken.isNull(row)) {
                                lengths.set(row, ((VarBinaryVector) taken).get(row).length);
                            }
                        }
                        lengths.setValueCount(partition.length);
                    }
                }
                try (FieldVector assembled = MergePartitions.assemble(partitions, results, sizes.length, allocator)) {
                    List<Object> values = new ArrayList<>();
                    for (int group = 0; group < sizes.length; group++) {
                        values.add(assembled.getObject(group));
                    }
                    assertThat(values).isEqualTo(Arrays.asList(3L, null, 5L, 7L, null, 2L));
                }
            } finally {
                results.forEach(FieldVector::close);
            }
        }
    }
}
