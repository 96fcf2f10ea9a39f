package dev.quiver.engine.exec.operator.sample;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.VARCHAR;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.scan.TableScanOperator;
import dev.quiver.engine.exec.pipeline.PhysicalOperator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/**
 * Samples through the real pipelines: a seeded sample is the same on one thread and on several, in
 * every method; sizes are exact for a reservoir and near the probability for bernoulli; a
 * reservoir's rows are spread evenly over the input. Each harness checks that no memory leaked.
 */
class SampleOperatorTest {
    private static final List<Field> FIELDS = List.of(field("id", BIGINT), field("s", VARCHAR));

    private static List<List<Object>> rows(int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = 0; id < count; id++) {
            rows.add(List.of(id, "row " + id));
        }
        return rows;
    }

    /** The rows of {@code sample} over a table of {@code count} rows in 500-row batches, on {@code threads} threads. */
    private static List<List<Object>> run(
            int threads, int count, Function<TableScanOperator, PhysicalOperator> sample) {
        try (OperatorHarness harness = new OperatorHarness(threads, 256)) {
            return harness.run(sample.apply(harness.table(FIELDS, rows(count), 500)));
        }
    }

    @Test
    void seededSamplesAreTheSameOnOneThreadAndOnSeveral() {
        List<Function<TableScanOperator, PhysicalOperator>> samples = List.of(
                scan -> SampleOperator.bernoulli(scan, 20, OptionalLong.of(7)),
                scan -> SampleOperator.system(scan, 50, OptionalLong.of(7)),
                scan -> SampleOperator.reservoir(scan, 300, OptionalLong.of(7)),
                scan -> SampleOperator.reservoirPercent(scan, 5, OptionalLong.of(7)));
        for (Function<TableScanOperator, PhysicalOperator> sample : samples) {
            List<List<Object>> serial = run(1, 20_000, sample);
            assertThat(run(2, 20_000, sample)).isEqualTo(serial);
            assertThat(run(4, 20_000, sample)).isEqualTo(serial);
        }
    }

    @Test
    void differentSeedsDrawDifferentSamples() {
        List<List<Object>> one = run(2, 5_000, scan -> SampleOperator.reservoir(scan, 50, OptionalLong.of(1)));
        List<List<Object>> two = run(2, 5_000, scan -> SampleOperator.reservoir(scan, 50, OptionalLong.of(2)));
        assertThat(one).hasSize(50).isNotEqualTo(two);
        List<List<Object>> unseeded = run(2, 5_000, scan -> SampleOperator.reservoir(scan, 50, OptionalLong.empty()));
        assertThat(unseeded).hasSize(50);
    }

    @Test
    void reservoirKeepsExactlyItsSizeOfDistinctInputRows() {
        for (int size : new int[] {0, 1, 999, 1_000, 5_000}) {
            List<List<Object>> sample = run(2, 3_000, scan -> SampleOperator.reservoir(scan, size, OptionalLong.of(3)));
            assertThat(sample).hasSize(Math.min(size, 3_000));
            assertThat(new HashSet<>(sample)).hasSameSizeAs(sample);
            for (List<Object> row : sample) {
                assertThat(row.get(1)).isEqualTo("row " + row.get(0)); // rows stay whole
            }
        }
        assertThat(run(2, 25, scan -> SampleOperator.reservoirPercent(scan, 10, OptionalLong.of(3))))
                .hasSize(3); // 2.5 rows, rounded half up as DuckDB does
    }

    @Test
    void bernoulliKeepsAboutItsShare() {
        int kept = run(2, 40_000, scan -> SampleOperator.bernoulli(scan, 30, OptionalLong.of(11)))
                .size();
        // the standard deviation is about 92 rows
        assertThat(kept).isBetween(11_500, 12_500);
        assertThat(run(2, 1_000, scan -> SampleOperator.bernoulli(scan, 0, OptionalLong.of(1))))
                .isEmpty();
        assertThat(run(2, 1_000, scan -> SampleOperator.bernoulli(scan, 100, OptionalLong.of(1))))
                .hasSize(1_000);
    }

    @Test
    void reservoirRowsAreSpreadEvenlyOverTheInput() {
        // 200 samples of 100 rows out of 1,000: each tenth of the input should hold about 2,000
        int[] perTenth = new int[10];
        for (long seed = 0; seed < 200; seed++) {
            long current = seed;
            for (List<Object> row :
                    run(2, 1_000, scan -> SampleOperator.reservoir(scan, 100, OptionalLong.of(current)))) {
                perTenth[(int) ((Long) row.get(0) / 100)]++;
            }
        }
        for (int count : perTenth) {
            assertThat(count).isBetween(1_800, 2_200); // about 4.5 standard deviations
        }
    }
}
