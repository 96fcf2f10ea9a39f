package dev.quiver.engine.exec.operator.join;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.INT;
import static dev.quiver.engine.exec.operator.OperatorHarness.VARCHAR;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.ComparisonExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.project.FilterOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Joins whose inputs arrive with a selection (a filter that kept most rows hands its batches on
 * uncopied): the probe reads only the selected rows — every join type, hashed on either side, with
 * and without a remainder, for one long key (PACKED), two (WIDE) and a string key (ENCODED, which
 * is compacted first) — and the answers are {@link JoinReference}'s over the filtered rows.
 */
class HashJoinSelectionTest {
    /** (k, k2, s, d, v): keys k (BIGINT), k2 (INT), s (VARCHAR, "s" + k); d in 0..4 for the filter; v for the remainder. */
    private static final List<Field> FIELDS =
            List.of(field("k", BIGINT), field("k2", INT), field("s", VARCHAR), field("d", BIGINT), field("v", BIGINT));

    private static final int WIDTH = FIELDS.size();
    /** {@code left.v < right.v}, over the joined layout. */
    private static final BiPredicate<List<Object>, List<Object>> V_BELOW_V =
            (l, r) -> l.get(4) != null && r.get(4) != null && (Long) l.get(4) < (Long) r.get(4);

    private final OperatorHarness harness = new OperatorHarness(2, 64);

    @AfterEach
    void close() {
        harness.close(); // fails if a query leaked memory
    }

    /** Keys from {@code [offset, offset + domain)}, about one in ten NULL; d uniform in 0..4. */
    private static List<List<Object>> rows(Random random, int count, int offset, int domain) {
        List<List<Object>> rows = new ArrayList<>();
        for (int row = 0; row < count; row++) {
            Long key = random.nextInt(10) == 0 ? null : (long) (offset + random.nextInt(domain));
            Integer key2 = random.nextInt(10) == 0 ? null : random.nextInt(3);
            String text = key == null ? null : "s" + key;
            Long value = random.nextInt(20) == 0 ? null : (long) random.nextInt(100);
            rows.add(Arrays.asList(key, key2, text, (long) random.nextInt(5), value));
        }
        return rows;
    }

    /** {@code d < 3}: keeps about 60 % of the rows, so the filter's batches carry a selection. */
    private FilterOperator keepMost(List<List<Object>> rows, int perBatch) {
        Field bool = field("keep", ArrowType.Bool.INSTANCE);
        return new FilterOperator(
                harness.table(FIELDS, rows, perBatch),
                new ComparisonExpr(
                        ComparisonExpr.Operator.LESS_THAN,
                        new ColumnExpr(3, FIELDS.get(3)),
                        new LiteralExpr(FIELDS.get(3), 3L),
                        bool));
    }

    private static List<List<Object>> keptRows(List<List<Object>> rows) {
        return rows.stream().filter(row -> (Long) row.get(3) < 3).toList();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] layouts = {{0}, {0, 1}, {2}};
        for (JoinType type : JoinType.values()) {
            for (boolean buildLeft : new boolean[] {false, true}) {
                for (int[] keys : layouts) {
                    cases.add(Arguments.of(type, buildLeft, keys, false));
                    cases.add(Arguments.of(type, buildLeft, keys, true));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} build left={1} keys={2} remainder={3}")
    @MethodSource("cases")
    void probesReadTheSelectedRowsOnly(JoinType type, boolean buildLeft, int[] keys, boolean withRemainder) {
        Random random =
                new Random(type.ordinal() * 8L + (buildLeft ? 4 : 0) + keys.length * 2 + (withRemainder ? 1 : 0));
        // some keys on both sides, some only on one: matches, misses, and build rows never matched
        List<List<Object>> left = rows(random, 400, 0, 50);
        List<List<Object>> right = rows(random, 300, 20, 50);
        boolean[] nullsNeverEqual = new boolean[keys.length];
        HashJoinOperator join = HashJoinOperator.create(
                keepMost(left, 37),
                keepMost(right, 29),
                type,
                buildLeft,
                keys,
                keys,
                nullsNeverEqual,
                withRemainder ? new LessThanExpr(4, WIDTH + 4) : null);
        List<List<Object>> expected = JoinReference.join(
                keptRows(left),
                keptRows(right),
                WIDTH,
                WIDTH,
                type,
                keys,
                keys,
                nullsNeverEqual,
                withRemainder ? V_BELOW_V : null);
        assertThat(JoinReference.canonical(harness.run(join))).isEqualTo(JoinReference.canonical(expected));
    }

    /** A build side without any of the probe's keys, or with every one of them: none match, or all do. */
    @ParameterizedTest(name = "{0} build left={1} keys={2} every key={3}")
    @MethodSource("cases")
    void noneOrAllOfTheSelectedRowsMatch(JoinType type, boolean buildLeft, int[] keys, boolean everyKey) {
        Random random = new Random(type.ordinal() * 8L + (buildLeft ? 4 : 0) + keys.length * 2 + (everyKey ? 1 : 0));
        List<List<Object>> probe = rows(random, 300, 0, 10);
        List<List<Object>> build = everyKey ? new ArrayList<>(probe) : rows(random, 100, 1000, 10);
        boolean[] nullsNeverEqual = new boolean[keys.length];
        List<List<Object>> left = buildLeft ? build : probe;
        List<List<Object>> right = buildLeft ? probe : build;
        HashJoinOperator join = HashJoinOperator.create(
                keepMost(left, 41), keepMost(right, 23), type, buildLeft, keys, keys, nullsNeverEqual, null);
        List<List<Object>> expected = JoinReference.join(
                keptRows(left), keptRows(right), WIDTH, WIDTH, type, keys, keys, nullsNeverEqual, null);
        assertThat(JoinReference.canonical(harness.run(join))).isEqualTo(JoinReference.canonical(expected));
    }
}
