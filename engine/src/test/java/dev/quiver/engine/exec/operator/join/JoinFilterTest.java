package dev.quiver.engine.exec.operator.join;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.ResultCollector;
import dev.quiver.engine.exec.operator.project.FilterOperator;
import dev.quiver.engine.exec.pipeline.Pipeline;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.SourceOperator;
import dev.quiver.engine.exec.pipeline.StreamOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Join filters: a join's keys traced down its probe pipeline (through a lower join and a filter)
 * drop rows early, and every join type still gives the reference result.
 */
class JoinFilterTest {
    /** (k, v, w): the lower join's key k; the upper join's key w, which passes the lower join. */
    private static final List<Field> PROBE = List.of(field("k", BIGINT), field("v", BIGINT), field("w", BIGINT));

    private static final List<Field> SIDE = List.of(field("k", BIGINT), field("x", BIGINT));
    private static final int[] KEY = {0};

    private final OperatorHarness harness = new OperatorHarness(2, 64);

    @AfterEach
    void close() {
        harness.close(); // fails if a query leaked memory
    }

    private static List<List<Object>> rows(Random random, int count, int columns, int domain) {
        List<List<Object>> rows = new ArrayList<>();
        for (int row = 0; row < count; row++) {
            List<Object> values = new ArrayList<>();
            for (int column = 0; column < columns; column++) {
                values.add(random.nextInt(12) == 0 ? null : (long) random.nextInt(domain));
            }
            rows.add(values);
        }
        return rows;
    }

    static Stream<Arguments> joins() {
        List<Arguments> cases = new ArrayList<>();
        for (JoinType lower : new JoinType[] {JoinType.INNER, JoinType.LEFT, JoinType.ANTI, JoinType.FULL}) {
            for (JoinType upper : JoinType.values()) {
                for (boolean nullsEqual : new boolean[] {false, true}) {
                    cases.add(Arguments.of(lower, upper, nullsEqual));
                }
            }
        }
        return cases.stream();
    }

    /** (probe WHERE v < w) lower JOIN side ON k, then upper JOIN a small table ON w, probing with the lower join's output. */
    @ParameterizedTest(name = "lower {0} upper {1} nulls equal={2}")
    @MethodSource("joins")
    void tracedFiltersKeepEveryJoinsResult(JoinType lowerType, JoinType upperType, boolean nullsEqual) {
        Random random = new Random(lowerType.ordinal() * 16 + upperType.ordinal() * 2 + (nullsEqual ? 1 : 0));
        List<List<Object>> probe = rows(random, 2000, 3, 300);
        List<List<Object>> middle = rows(random, 200, 2, 300);
        List<List<Object>> small = rows(random, 12, 2, 300); // few keys: the filter drops most rows
        boolean[] upperNulls = {nullsEqual};
        HashJoinOperator lower = HashJoinOperator.create(
                new FilterOperator(harness.table(PROBE, probe, 97), new LessThanExpr(1, 2)),
                harness.table(SIDE, middle, 50),
                lowerType,
                false,
                KEY,
                KEY,
                new boolean[] {false},
                null);
        HashJoinOperator upper = HashJoinOperator.create(
                lower, harness.table(SIDE, small, 5), upperType, false, new int[] {2}, KEY, upperNulls, null);

        List<List<Object>> filtered = probe.stream()
                .filter(row -> row.get(1) != null && row.get(2) != null && (Long) row.get(1) < (Long) row.get(2))
                .toList();
        List<List<Object>> lowerRows =
                JoinReference.join(filtered, middle, 3, 2, lowerType, KEY, KEY, new boolean[] {false}, null);
        int lowerWidth = lowerType.outputsRight() ? 5 : 3;
        List<List<Object>> expected =
                JoinReference.join(lowerRows, small, lowerWidth, 2, upperType, new int[] {2}, KEY, upperNulls, null);
        assertThat(JoinReference.canonical(harness.run(upper))).isEqualTo(JoinReference.canonical(expected));

        // the probe pipeline has a filter for the upper join exactly when unmatched probe rows are dropped,
        // its key passes the lower join unchanged (not when the lower join emits build rows after) and
        // is a long (IS NOT DISTINCT FROM keys are encoded as bytes)
        boolean expectFilter = upperType != JoinType.ANTI
                && !upperType.keepsUnmatchedLeft()
                && lowerType != JoinType.FULL
                && !nullsEqual;
        assertThat(probePipeline(upper).stream().map(StreamOperator::describe))
                .filteredOn(text -> text.startsWith("JoinFilter(") && text.contains("$2 of HashJoin(" + upperType))
                .hasSize(expectFilter ? 1 : 0);
    }

    @Test
    void wideKeysPassTheKeyFilterBeforeTheTable() {
        Random random = new Random(3);
        List<List<Object>> probe = rows(random, 5000, 3, 2000);
        List<List<Object>> build = rows(random, 30, 3, 2000);
        for (List<Object> row : build.subList(0, 10)) { // some matches on both keys
            probe.set(random.nextInt(probe.size()), new ArrayList<>(row));
        }
        int[] keys = {0, 2};
        boolean[] nulls = {false, false};
        for (JoinType type : new JoinType[] {JoinType.INNER, JoinType.SEMI, JoinType.ANTI, JoinType.LEFT}) {
            HashJoinOperator join = HashJoinOperator.create(
                    harness.table(PROBE, probe, 1500),
                    harness.table(PROBE, build, 7),
                    type,
                    false,
                    keys,
                    keys,
                    nulls,
                    null);
            List<List<Object>> expected = JoinReference.join(probe, build, 3, 3, type, keys, keys, nulls, null);
            assertThat(JoinReference.canonical(harness.run(join)))
                    .as(type.name())
                    .isEqualTo(JoinReference.canonical(expected));
        }
    }

    /**
     * An upper join on (w, x) where x comes from the lower join's build side: its filter, which
     * tests only the first key, goes below the lower join, where w already is.
     */
    @Test
    void aFirstKeyFilterGoesBelowTheJoinThatBringsTheOtherKey() {
        Random random = new Random(11);
        List<List<Object>> probe = rows(random, 3000, 3, 300);
        List<List<Object>> middle = rows(random, 250, 2, 300);
        List<List<Object>> small = rows(random, 15, 2, 300);
        for (int row = 0; row < 10; row++) { // some rows match both keys
            List<Object> side = middle.get(random.nextInt(middle.size()));
            small.add(Arrays.asList(probe.get(random.nextInt(probe.size())).get(2), side.get(1)));
        }
        boolean[] notNullEqual = {false};
        boolean[] bothNotNullEqual = {false, false};
        HashJoinOperator lower = HashJoinOperator.create(
                harness.table(PROBE, probe, 97),
                harness.table(SIDE, middle, 50),
                JoinType.INNER,
                false,
                KEY,
                KEY,
                notNullEqual,
                null);
        int[] upperKeys = {2, 4}; // w of the probe, x of the lower join's build side
        int[] smallKeys = {0, 1};
        HashJoinOperator upper = HashJoinOperator.create(
                lower,
                harness.table(SIDE, small, 5),
                JoinType.INNER,
                false,
                upperKeys,
                smallKeys,
                bothNotNullEqual,
                null);

        List<List<Object>> lowerRows =
                JoinReference.join(probe, middle, 3, 2, JoinType.INNER, KEY, KEY, notNullEqual, null);
        List<List<Object>> expected = JoinReference.join(
                lowerRows, small, 5, 2, JoinType.INNER, upperKeys, smallKeys, bothNotNullEqual, null);
        assertThat(expected).isNotEmpty();
        assertThat(JoinReference.canonical(harness.run(upper))).isEqualTo(JoinReference.canonical(expected));
        List<StreamOperator> operators = probePipeline(upper);
        assertThat(operators.subList(0, operators.indexOf(lower)).stream().map(StreamOperator::describe))
                .anyMatch(text -> text.startsWith("JoinFilter(")
                        && text.contains("$2 of HashJoin(INNER, build right, $2 = $5 AND $4 = $6)")
                        && text.endsWith(", selection)")); // the lower join's probe reads the kept rows
    }

    /**
     * An upper join's filter below a lower join hands the lower join's probe the rows it keeps as a
     * selection, however few (the probe reads only those): every lower join type that lets the
     * filter through gives the reference's answer.
     */
    @ParameterizedTest(name = "lower {0} upper {1}")
    @MethodSource("sparseCases")
    void aFilterRightBelowAnotherJoinHandsItSparseSelections(JoinType lowerType, JoinType upperType) {
        Random random = new Random(lowerType.ordinal() * 16L + upperType.ordinal());
        List<List<Object>> probe = rows(random, 3000, 3, 300);
        List<List<Object>> middle = rows(random, 200, 2, 300);
        List<List<Object>> small = rows(random, 10, 2, 300); // few keys: the filter keeps few rows
        boolean[] notNullEqual = {false};
        HashJoinOperator lower = HashJoinOperator.create(
                harness.table(PROBE, probe, 97),
                harness.table(SIDE, middle, 50),
                lowerType,
                false,
                KEY,
                KEY,
                notNullEqual,
                null);
        HashJoinOperator upper = HashJoinOperator.create(
                lower, harness.table(SIDE, small, 5), upperType, false, new int[] {2}, KEY, notNullEqual, null);

        List<List<Object>> lowerRows = JoinReference.join(probe, middle, 3, 2, lowerType, KEY, KEY, notNullEqual, null);
        int lowerWidth = lowerType.outputsRight() ? 5 : 3;
        List<List<Object>> expected =
                JoinReference.join(lowerRows, small, lowerWidth, 2, upperType, new int[] {2}, KEY, notNullEqual, null);
        assertThat(expected).isNotEmpty();
        assertThat(JoinReference.canonical(harness.run(upper))).isEqualTo(JoinReference.canonical(expected));
        List<StreamOperator> operators = probePipeline(upper);
        assertThat(operators.getFirst().describe()) // fused with the lower join's own filter, if it has one
                .startsWith("JoinFilter(")
                .contains("$2 of HashJoin(" + upperType)
                .endsWith(", selection)");
    }

    static Stream<Arguments> sparseCases() {
        List<Arguments> cases = new ArrayList<>();
        for (JoinType lower : new JoinType[] {JoinType.INNER, JoinType.LEFT, JoinType.SEMI, JoinType.ANTI}) {
            for (JoinType upper : new JoinType[] {JoinType.INNER, JoinType.SEMI, JoinType.RIGHT}) {
                cases.add(Arguments.of(lower, upper));
            }
        }
        return cases.stream();
    }

    /**
     * Two joins whose filters both land right after the scan run as one operator: the second tests
     * only the rows the first kept, the kept rows are copied once, and the answer is the reference's.
     */
    @Test
    void adjacentJoinFiltersAreFusedIntoOne() {
        Random random = new Random(21);
        List<List<Object>> probe = rows(random, 4000, 3, 400);
        List<List<Object>> middle = rows(random, 60, 2, 400); // each side keeps a few keys of 400
        List<List<Object>> small = rows(random, 40, 2, 400);
        boolean[] notNullEqual = {false};
        HashJoinOperator lower = HashJoinOperator.create(
                new FilterOperator(harness.table(PROBE, probe, 97), new LessThanExpr(1, 2)),
                harness.table(SIDE, middle, 50),
                JoinType.INNER,
                false,
                KEY,
                KEY,
                notNullEqual,
                null);
        HashJoinOperator upper = HashJoinOperator.create(
                lower, harness.table(SIDE, small, 5), JoinType.SEMI, false, new int[] {2}, KEY, notNullEqual, null);

        List<List<Object>> filtered = probe.stream()
                .filter(row -> row.get(1) != null && row.get(2) != null && (Long) row.get(1) < (Long) row.get(2))
                .toList();
        List<List<Object>> lowerRows =
                JoinReference.join(filtered, middle, 3, 2, JoinType.INNER, KEY, KEY, notNullEqual, null);
        List<List<Object>> expected =
                JoinReference.join(lowerRows, small, 5, 2, JoinType.SEMI, new int[] {2}, KEY, notNullEqual, null);
        assertThat(expected).isNotEmpty();
        assertThat(JoinReference.canonical(harness.run(upper))).isEqualTo(JoinReference.canonical(expected));

        List<String> filters = probePipeline(upper).stream()
                .map(StreamOperator::describe)
                .filter(text -> text.startsWith("JoinFilter("))
                .toList();
        assertThat(filters).hasSize(1);
        assertThat(filters.getFirst()).contains("$0 of HashJoin(INNER").contains("; $2 of HashJoin(SEMI");
    }

    @Test
    void anEmptyBuildSideDropsEveryProbeRowEarly() {
        List<List<Object>> probe = List.of(Arrays.asList(1L, 1L, 2L), Arrays.asList(2L, 1L, 3L));
        List<List<Object>> nullKeys = List.of(Arrays.asList(null, 5L));
        HashJoinOperator upper = HashJoinOperator.create(
                new FilterOperator(harness.table(PROBE, probe, 1), new LessThanExpr(1, 2)),
                harness.table(SIDE, nullKeys, 1),
                JoinType.INNER,
                false,
                KEY,
                KEY,
                new boolean[] {false},
                null);
        assertThat(harness.run(upper)).isEmpty();
        assertThat(probePipeline(upper).getFirst().describe()).startsWith("JoinFilter($0");
    }

    /**
     * A probe table stored in key order: the scan under every join type skips (or keeps, where
     * unmatched rows stay) the batches by their key range, and the answers stay the reference's.
     */
    @ParameterizedTest(name = "{0} nulls equal={1}")
    @MethodSource("skippingCases")
    void aScanInKeyOrderSkipsTheBatchesNoBuildKeyReaches(JoinType type, boolean nullsEqual) {
        List<List<Object>> probe = new ArrayList<>();
        for (long row = 0; row < 1000; row++) {
            probe.add(Arrays.asList(row % 50 == 7 ? null : row / 2, row, row % 3)); // NULL keys in every batch
        }
        List<List<Object>> build = List.of(
                Arrays.asList(251L, 1L), Arrays.asList(260L, 2L), Arrays.asList(null, 3L), Arrays.asList(640L, 4L));
        boolean[] nulls = {nullsEqual};
        HashJoinOperator join = HashJoinOperator.create(
                harness.table(PROBE, probe, 100), harness.table(SIDE, build, 2), type, false, KEY, KEY, nulls, null);
        List<List<Object>> expected = JoinReference.join(probe, build, 3, 2, type, KEY, KEY, nulls, null);
        assertThat(JoinReference.canonical(harness.run(join))).isEqualTo(JoinReference.canonical(expected));

        boolean dropsUnmatched = type != JoinType.ANTI && !type.keepsUnmatchedLeft();
        assertThat(probeSource(join).describe().contains("skips batches by [k]"))
                .as("scan of %s skips", type)
                .isEqualTo(dropsUnmatched && !nullsEqual);
    }

    static Stream<Arguments> skippingCases() {
        return Arrays.stream(JoinType.values())
                .flatMap(type -> Stream.of(Arguments.of(type, false), Arguments.of(type, true)));
    }

    /** The source of the pipeline where {@code root} probes. */
    private static SourceOperator probeSource(HashJoinOperator root) {
        return PipelineBuilder.build(root, new ResultCollector(root)).stream()
                .filter(pipeline -> pipeline.operators().stream().anyMatch(operator -> operator == root))
                .findFirst()
                .orElseThrow()
                .source();
    }

    /** The streaming operators of the pipeline where {@code root} probes (not its build-row tail). */
    private static List<StreamOperator> probePipeline(HashJoinOperator root) {
        List<Pipeline> pipelines = PipelineBuilder.build(root, new ResultCollector(root));
        return pipelines.stream()
                .filter(pipeline -> pipeline.operators().stream().anyMatch(operator -> operator == root))
                .findFirst()
                .orElseThrow()
                .operators();
    }
}
