package dev.quiver.engine.exec.operator.join;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.operator.OperatorHarness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A 200K x 50K join on two threads with small batches: many morsels, both build layouts, both tails. */
class HashJoinLargeTest {
    private static final int PROBE_ROWS = 200_000;
    private static final int BUILD_ROWS = 50_000;

    private final OperatorHarness harness = new OperatorHarness(2, 1000);

    @AfterEach
    void close() {
        harness.close();
    }

    /** Probe rows {@code (i % 60000, i)}: a sixth of them find no build row. */
    private static List<List<Object>> probe() {
        List<List<Object>> rows = new ArrayList<>(PROBE_ROWS);
        for (long row = 0; row < PROBE_ROWS; row++) {
            rows.add(Arrays.asList(row % 60_000, row));
        }
        return rows;
    }

    /** Build rows {@code (2i, 10i)} for the first half, then {@code (2i, NULL)}: keys 0, 2, 4 … 99998. */
    private static List<List<Object>> build() {
        List<List<Object>> rows = new ArrayList<>(BUILD_ROWS);
        for (long row = 0; row < BUILD_ROWS; row++) {
            rows.add(Arrays.asList(2 * row, row < BUILD_ROWS / 2 ? 10 * row : null));
        }
        return rows;
    }

    @Test
    void innerJoinOnEitherSide() {
        List<Field> fields = List.of(field("k", BIGINT), field("v", BIGINT));
        for (boolean buildLeft : new boolean[] {false, true}) {
            HashJoinOperator join = HashJoinOperator.create(
                    harness.table(fields, probe(), 4096),
                    harness.table(fields, build(), 1024),
                    JoinType.INNER,
                    buildLeft,
                    new int[] {0},
                    new int[] {0},
                    new boolean[] {false},
                    null);
            List<List<Object>> rows = harness.run(join);
            assertThat(rows).hasSize(PROBE_ROWS / 2); // every even probe key is a build key
            long valueSum = 0;
            for (List<Object> row : rows) {
                assertThat(row.get(0)).isEqualTo(row.get(2));
                valueSum += (Long) row.get(1);
            }
            assertThat(valueSum).isEqualTo((long) PROBE_ROWS * (PROBE_ROWS - 2) / 4); // 0 + 2 + … + 199998
        }
    }

    @Test
    void fullJoinWithTheTailOnTwoThreads() {
        List<Field> fields = List.of(field("k", BIGINT), field("v", BIGINT));
        HashJoinOperator join = HashJoinOperator.create(
                harness.table(fields, probe(), 4096),
                harness.table(fields, build(), 1024),
                JoinType.FULL,
                false,
                new int[] {0},
                new int[] {0},
                new boolean[] {false},
                null);
        long matched = 0;
        long probeOnly = 0;
        long buildOnly = 0;
        for (List<Object> row : harness.run(join)) {
            if (row.get(0) == null) {
                buildOnly++;
                assertThat((Long) row.get(2)).isGreaterThanOrEqualTo(60_000L);
            } else if (row.get(2) == null) {
                probeOnly++;
            } else {
                matched++;
            }
        }
        assertThat(buildOnly).isEqualTo(20_000); // build keys 60000..99998
        assertThat(probeOnly).isEqualTo(PROBE_ROWS / 2); // the odd keys: i % 60000 is odd exactly when i is
        assertThat(matched + probeOnly).isEqualTo(PROBE_ROWS);
    }
}
