package dev.quiver.engine.exec.operator.join;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.VARCHAR;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.join.AsofJoinOperator.Inequality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ASOF join against a nested-loop reference: every inequality, INNER and LEFT, with keys and without. */
class AsofJoinOperatorTest {
    private static final List<Field> LEFT = List.of(field("k", BIGINT), field("t", BIGINT));
    /** w is a function of t, so that of tied right rows any one gives the same output. */
    private static final List<Field> RIGHT = List.of(field("k", BIGINT), field("t", BIGINT), field("w", BIGINT));

    private final OperatorHarness harness = new OperatorHarness(2, 64);

    @AfterEach
    void close() {
        harness.close(); // fails if a query leaked memory
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Inequality inequality : Inequality.values()) {
            for (boolean left : new boolean[] {false, true}) {
                for (boolean keys : new boolean[] {false, true}) {
                    cases.add(Arguments.of(inequality, left, keys));
                }
            }
        }
        return cases.stream();
    }

    /** Keys from a small domain, times with many ties, about one value in ten NULL. */
    private static List<List<Object>> rows(Random random, int count, boolean withPayload) {
        List<List<Object>> rows = new ArrayList<>();
        for (int row = 0; row < count; row++) {
            Long key = random.nextInt(10) == 0 ? null : (long) random.nextInt(8);
            Long time = random.nextInt(10) == 0 ? null : (long) random.nextInt(200) - 100;
            rows.add(
                    withPayload ? Arrays.asList(key, time, time == null ? null : time * 10) : Arrays.asList(key, time));
        }
        return rows;
    }

    @ParameterizedTest(name = "{0} left={1} keys={2}")
    @MethodSource("cases")
    void matchesTheReference(Inequality inequality, boolean keepUnmatched, boolean withKeys) {
        Random random = new Random(inequality.ordinal() * 4 + (keepUnmatched ? 2 : 0) + (withKeys ? 1 : 0));
        List<List<Object>> left = rows(random, 500, false);
        List<List<Object>> right = rows(random, 300, true);
        int[] keys = withKeys ? new int[] {0} : new int[0];
        AsofJoinOperator join = new AsofJoinOperator(
                harness.table(LEFT, left, 37),
                harness.table(RIGHT, right, 23),
                keepUnmatched,
                keys,
                keys,
                1,
                1,
                inequality);
        List<List<Object>> expected = reference(left, right, inequality, keepUnmatched, withKeys);
        List<List<Object>> actual = harness.run(join);
        if (!withKeys) { // tied right rows may differ in k
            actual = actual.stream()
                    .map(row -> {
                        List<Object> copy = new ArrayList<>(row);
                        copy.set(2, row.get(3) == null ? null : "any");
                        return copy;
                    })
                    .toList();
        }
        assertThat(sorted(actual)).isEqualTo(sorted(expected));
        assertThat(join.describe()).startsWith("AsofJoin");
    }

    @Test
    void emptyRightSide() {
        List<List<Object>> left = List.of(Arrays.asList(1L, 5L), Arrays.asList(null, 6L));
        for (boolean keepUnmatched : new boolean[] {false, true}) {
            AsofJoinOperator join = new AsofJoinOperator(
                    harness.table(LEFT, left, 2),
                    harness.table(RIGHT, List.of(), 2),
                    keepUnmatched,
                    new int[] {0},
                    new int[] {0},
                    1,
                    1,
                    Inequality.GREATER_OR_EQUAL);
            assertThat(harness.run(join)).hasSize(keepUnmatched ? 2 : 0);
        }
    }

    @Test
    void ordersTextByItsBytes() {
        List<Field> fields = List.of(field("s", VARCHAR));
        List<List<Object>> right = List.of(List.of("apple"), List.of("Zebra"), List.of("é"), List.of("b"));
        List<List<Object>> left = List.of(List.of("a"), List.of("zz"), List.of("éé"), List.of("A"));
        AsofJoinOperator join = new AsofJoinOperator(
                harness.table(fields, left, 2),
                harness.table(fields, right, 3),
                true,
                new int[0],
                new int[0],
                0,
                0,
                Inequality.GREATER_OR_EQUAL);
        assertThat(sorted(harness.run(join)))
                .isEqualTo(sorted(List.of(
                        Arrays.asList("A", null), List.of("a", "Zebra"), List.of("zz", "b"), List.of("éé", "é"))));
    }

    @Test
    void sortsPairsOfLongs() {
        Random random = new Random(3);
        for (int size : new int[] {0, 1, 5, 30, 1000}) {
            long[] values = random.longs(size, -50, 50).toArray();
            int[] rows = new int[size];
            for (int index = 0; index < size; index++) {
                rows[index] = index;
            }
            long[] original = values.clone();
            LongPairSort.sort(values, rows, 0, size);
            long[] expected = original.clone();
            Arrays.sort(expected);
            assertThat(values).containsExactly(expected);
            for (int index = 0; index < size; index++) {
                assertThat(original[rows[index]]).isEqualTo(values[index]);
            }
        }
    }

    /** For each left row, the best right row by scanning them all. */
    private static List<List<Object>> reference(
            List<List<Object>> left,
            List<List<Object>> right,
            Inequality inequality,
            boolean keepUnmatched,
            boolean withKeys) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> probe : left) {
            List<Object> best = null;
            Long time = (Long) probe.get(1);
            boolean probeKeyNull = withKeys && probe.get(0) == null;
            for (List<Object> candidate : right) {
                Long other = (Long) candidate.get(1);
                if (time == null || other == null || probeKeyNull) {
                    continue;
                }
                if (withKeys && !probe.get(0).equals(candidate.get(0))) {
                    continue;
                }
                boolean allowed = switch (inequality) {
                    case GREATER_OR_EQUAL -> time >= other;
                    case GREATER -> time > other;
                    case LESS_OR_EQUAL -> time <= other;
                    case LESS -> time < other;
                };
                boolean before = inequality == Inequality.GREATER_OR_EQUAL || inequality == Inequality.GREATER;
                if (allowed && (best == null || (before ? other > (Long) best.get(1) : other < (Long) best.get(1)))) {
                    best = candidate;
                }
            }
            if (best != null || keepUnmatched) {
                List<Object> row = new ArrayList<>(probe);
                if (best == null) {
                    row.addAll(Arrays.asList(null, null, null));
                } else {
                    // with keys the key is the probe's; without, any right row of that time: report the time's
                    row.add(withKeys ? best.get(0) : "any");
                    row.add(best.get(1));
                    row.add(best.get(2));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static List<String> sorted(List<List<Object>> rows) {
        return rows.stream()
                .map(Object::toString)
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
