package dev.quiver.engine.exec.operator.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order in which a Python aggregate's batch reaches Python (stably sorted by group id) and how
 * it is cut into calls.
 */
class PythonAccumulatorGroupOrderTest {
    @Test
    void ascendingIdsKeepTheirOrder() {
        assertThat(PythonAccumulator.groupOrder(new int[] {0, 0, 1, 5, 5, 9}, 6))
                .isNull();
        assertThat(PythonAccumulator.groupOrder(new int[] {3, 1, 2}, 0)).isNull();
    }

    @Test
    void fewGroupsSortStablyByCounting() {
        int[] groups = {2, 0, 1, 0, 2, 1, 0};
        assertThat(PythonAccumulator.groupOrder(groups, groups.length)).containsExactly(1, 3, 6, 2, 5, 0, 4);
        // only the first count ids take part
        assertThat(PythonAccumulator.groupOrder(new int[] {1, 0, 7, -3}, 2)).containsExactly(1, 0);
    }

    @Test
    void sparseGroupsSortStablyByPairs() {
        Random random = new Random(7);
        int[] groups = new int[1000];
        for (int index = 0; index < groups.length; index++) {
            groups[index] = random.nextInt(50) * 1_000_000; // a span far wider than the batch
        }
        int[] order = PythonAccumulator.groupOrder(groups, groups.length);
        Integer[] expected = new Integer[groups.length];
        Arrays.setAll(expected, index -> index);
        Arrays.sort(expected, (left, right) -> Integer.compare(groups[left], groups[right])); // stable
        assertThat(order)
                .containsExactly(
                        Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
    }

    @Test
    void aBatchIsCutIntoOneCallPerInterpreterOfAtLeastTheMinimum() {
        assertThat(PythonAccumulator.sliceRows(65_536, 2)).isEqualTo(32_768);
        assertThat(PythonAccumulator.sliceRows(65_537, 2)).isEqualTo(32_769); // two calls, not three
        assertThat(PythonAccumulator.sliceRows(65_536, 1)).isEqualTo(65_536);
        assertThat(PythonAccumulator.sliceRows(6_000, 4)).isEqualTo(PythonAccumulator.MIN_CALL_ROWS);
        assertThat(PythonAccumulator.sliceRows(100, 0)).isEqualTo(PythonAccumulator.MIN_CALL_ROWS);
    }
}
