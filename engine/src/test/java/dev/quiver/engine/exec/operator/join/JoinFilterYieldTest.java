package dev.quiver.engine.exec.operator.join;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a placed join filter keeps testing batches ({@code BuildState.filterWorthTesting}). */
class JoinFilterYieldTest {
    private static final int BATCH = 65_536;

    @Test
    void aFilterThatDropsRowsTestsEveryBatch() {
        try (HashJoinOperator.BuildState state = new HashJoinOperator.BuildState()) {
            for (int batch = 0; batch < 40; batch++) {
                assertThat(state.filterWorthTesting()).as("batch %d", batch).isTrue();
                state.filterTested(BATCH, BATCH / 10 * 9); // drops 10 %
            }
        }
    }

    @Test
    void aFilterThatKeepsNearlyEveryRowTestsOnlyNowAndThenUntilItDropsAgain() {
        try (HashJoinOperator.BuildState state = new HashJoinOperator.BuildState()) {
            int tested = 0;
            for (int batch = 0; batch < 64; batch++) {
                if (state.filterWorthTesting()) {
                    tested++;
                    state.filterTested(BATCH, BATCH); // keeps every row
                }
            }
            // the first two batches make the sample; then one batch in sixteen
            assertThat(tested).isBetween(4, 7);
            // rows that start being dropped bring it back once the share dropped reaches 1 in 20
            int before = tested;
            for (int batch = 0; batch < 200; batch++) {
                if (state.filterWorthTesting()) {
                    tested++;
                    state.filterTested(BATCH, 0);
                }
            }
            assertThat(tested - before).isGreaterThan(150);
        }
    }
}
