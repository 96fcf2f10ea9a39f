package dev.quiver.engine.exec.operator.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortRangesTest {
    private static int[] keys(int rows, int distinct, long seed) {
        Random random = new Random(seed);
        int[] keys = new int[rows];
        Arrays.setAll(keys, row -> random.nextInt(distinct));
        return keys;
    }

    /** The ranges, sorted each and joined, as the stable sort of all rows. */
    private static int[] joinedSortedRanges(int[][] ranges, RowComparators.RowComparator order) {
        List<Integer> joined = new ArrayList<>();
        for (int[] range : ranges) {
            int[] copy = range.clone();
            RowComparators.sort(copy, order);
            Arrays.stream(copy).forEach(joined::add);
        }
        return joined.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sortedRangesJoinedAreTheStableSortOfAllRows() {
        for (int distinct : new int[] {1, 3, 1000, 1_000_000}) {
            int[] keys = keys(50_000, distinct, distinct);
            RowComparators.RowComparator order = (left, right) -> Integer.compare(keys[left], keys[right]);
            int[][] ranges = SortRanges.split(keys.length, 8, order);
            int[] all = new int[keys.length];
            Arrays.setAll(all, row -> row);
            RowComparators.sort(all, order);
            assertThat(joinedSortedRanges(ranges, order))
                    .as("%d distinct keys", distinct)
                    .isEqualTo(all);
        }
    }

    @Test
    void equalRowsShareARangeAndRangesKeepInputOrder() {
        int[] keys = keys(20_000, 50, 7);
        RowComparators.RowComparator order = (left, right) -> Integer.compare(keys[left], keys[right]);
        int[][] ranges = SortRanges.split(keys.length, 16, order);
        int[] rangeOfKey = new int[50];
        Arrays.fill(rangeOfKey, -1);
        for (int range = 0; range < ranges.length; range++) {
            assertThat(ranges[range]).isSorted();
            for (int row : ranges[range]) {
                assertThat(rangeOfKey[keys[row]]).isIn(-1, range);
                rangeOfKey[keys[row]] = range;
            }
        }
        assertThat(Arrays.stream(ranges).mapToInt(range -> range.length).sum()).isEqualTo(keys.length);
        // with 50 distinct keys over 16 ranges, no range holds more than a few keys' worth of rows
        assertThat(Arrays.stream(ranges).mapToInt(range -> range.length).max().orElseThrow())
                .isLessThan(keys.length / 4);
    }

    @Test
    void fewRowsOrOnePartGiveOneRange() {
        RowComparators.RowComparator order = Integer::compare;
        assertThat(SortRanges.split(0, 8, order)).hasDimensions(1, 0);
        assertThat(SortRanges.split(10, 8, order)).hasDimensions(1, 10);
        assertThat(SortRanges.split(100, 1, order)[0]).hasSize(100);
        assertThatThrownBy(() -> SortRanges.split(100_000, 257, order))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 256 ranges");
    }
}
