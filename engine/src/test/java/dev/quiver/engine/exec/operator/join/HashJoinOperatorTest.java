package dev.quiver.engine.exec.operator.join;

import static dev.quiver.engine.exec.operator.OperatorHarness.BIGINT;
import static dev.quiver.engine.exec.operator.OperatorHarness.INT;
import static dev.quiver.engine.exec.operator.OperatorHarness.VARCHAR;
import static dev.quiver.engine.exec.operator.OperatorHarness.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.exec.operator.OperatorHarness;
import dev.quiver.engine.exec.operator.sort.LimitOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every join type, hashed on either side, against {@link JoinReference}: duplicates, NULL keys, remainders. */
class HashJoinOperatorTest {
    private static final List<Field> LEFT = List.of(field("k", BIGINT), field("v", BIGINT));
    private static final List<Field> RIGHT = List.of(field("k", BIGINT), field("w", BIGINT));
    private static final int[] KEY = {0};
    private static final boolean[] NULLS_NEVER_EQUAL = {false};
    /** {@code left.v < right.w}, over the joined layout (k, v, k, w). */
    private static final BiPredicate<List<Object>, List<Object>> V_BELOW_W =
            (l, r) -> l.get(1) != null && r.get(1) != null && (Long) l.get(1) < (Long) r.get(1);

    private final OperatorHarness harness = new OperatorHarness(2, 64);

    @AfterEach
    void close() {
        harness.close(); // fails if a query leaked memory
    }

    /** Keys from a small domain (many duplicates on both sides), about one in ten NULL. */
    private static List<List<Object>> rows(Random random, int count, int domain) {
        List<List<Object>> rows = new ArrayList<>();
        for (int row = 0; row < count; row++) {
            Long key = random.nextInt(10) == 0 ? null : (long) random.nextInt(domain);
            Long value = random.nextInt(20) == 0 ? null : (long) random.nextInt(100);
            rows.add(Arrays.asList(key, value));
        }
        return rows;
    }

    static Stream<Arguments> everyJoin() {
        List<Arguments> cases = new ArrayList<>();
        for (JoinType type : JoinType.values()) {
            for (boolean buildLeft : new boolean[] {false, true}) {
                for (boolean remainder : new boolean[] {false, true}) {
                    cases.add(Arguments.of(type, buildLeft, remainder));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} build left={1} remainder={2}")
    @MethodSource("everyJoin")
    void matchesTheReference(JoinType type, boolean buildLeft, boolean withRemainder) {
        Random random = new Random(type.ordinal() * 4 + (buildLeft ? 2 : 0) + (withRemainder ? 1 : 0));
        List<List<Object>> left = rows(random, 300, 40);
        List<List<Object>> right = rows(random, 200, 60);
        HashJoinOperator join = HashJoinOperator.create(
                harness.table(LEFT, left, 17),
                harness.table(RIGHT, right, 13),
                type,
                buildLeft,
                KEY,
                KEY,
                NULLS_NEVER_EQUAL,
                withRemainder ? new LessThanExpr(1, 3) : null);
        List<List<Object>> expected = JoinReference.join(
                left, right, 2, 2, type, KEY, KEY, NULLS_NEVER_EQUAL, withRemainder ? V_BELOW_W : null);
        List<List<Object>> actual = harness.run(join);
        assertThat(expected).isNotEmpty();
        assertThat(JoinReference.canonical(actual)).isEqualTo(JoinReference.canonical(expected));
        assertThat(join.outputFields()).hasSize(type.outputsRight() ? 4 : 2);
    }

    /**
     * A join narrowed to some joined columns (v of the left, w of the right) outputs exactly those
     * columns of the reference's rows, for every join type and side that allows it; the others
     * refuse to be narrowed.
     */
    @ParameterizedTest(name = "{0} build left={1}")
    @MethodSource("everyJoin")
    void aNarrowedJoinOutputsOnlyTheChosenColumns(JoinType type, boolean buildLeft, boolean unused) {
        int[] kept = {1, 3};
        if (!HashJoinOperator.canNarrowOutput(type, buildLeft, false)) {
            assertThatThrownBy(() -> HashJoinOperator.createNarrowed(
                            harness.table(LEFT, List.of(), 1),
                            harness.table(RIGHT, List.of(), 1),
                            type,
                            buildLeft,
                            KEY,
                            KEY,
                            NULLS_NEVER_EQUAL,
                            kept))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot narrow");
            return;
        }
        Random random = new Random(type.ordinal() * 4 + (buildLeft ? 2 : 0) + 101);
        List<List<Object>> left = rows(random, 300, 40);
        List<List<Object>> right = rows(random, 200, 60);
        HashJoinOperator join = HashJoinOperator.createNarrowed(
                harness.table(LEFT, left, 17),
                harness.table(RIGHT, right, 13),
                type,
                buildLeft,
                KEY,
                KEY,
                NULLS_NEVER_EQUAL,
                kept);
        List<List<Object>> expected =
                JoinReference.join(left, right, 2, 2, type, KEY, KEY, NULLS_NEVER_EQUAL, null).stream()
                        .map(row -> Arrays.asList(row.get(1), row.get(3)))
                        .toList();
        assertThat(join.outputFields()).extracting(Field::getName).containsExactly("v", "w");
        assertThat(join.describe()).endsWith(", keep=[1, 3])");
        assertThat(JoinReference.canonical(harness.run(join))).isEqualTo(JoinReference.canonical(expected));
        assertThat(HashJoinOperator.canNarrowOutput(type, buildLeft, true))
                .isFalse(); // a remainder reads the joined row
    }

    @ParameterizedTest(name = "{0} build left={1} remainder={2}")
    @MethodSource("everyJoin")
    void withoutKeysIsANestedLoopJoin(JoinType type, boolean buildLeft, boolean withRemainder) {
        Random random = new Random(7);
        List<List<Object>> left = rows(random, 40, 5);
        List<List<Object>> right = rows(random, 30, 5);
        HashJoinOperator join = HashJoinOperator.create(
                harness.table(LEFT, left, 7),
                harness.table(RIGHT, right, 5),
                type,
                buildLeft,
                new int[0],
                new int[0],
                new boolean[0],
                withRemainder ? new LessThanExpr(1, 3) : null);
        List<List<Object>> expected = JoinReference.join(
                left, right, 2, 2, type, new int[0], new int[0], new boolean[0], withRemainder ? V_BELOW_W : null);
        assertThat(JoinReference.canonical(harness.run(join))).isEqualTo(JoinReference.canonical(expected));
        assertThat(join.describe()).startsWith("NestedLoopJoin(");
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void emptyBuildOrProbeSide(JoinType type) {
        List<List<Object>> some = List.of(Arrays.asList(1L, 10L), Arrays.asList(null, 11L), Arrays.asList(2L, 12L));
        for (boolean buildLeft : new boolean[] {false, true}) {
            for (boolean leftEmpty : new boolean[] {false, true}) {
                List<List<Object>> left = leftEmpty ? List.of() : some;
                List<List<Object>> right = leftEmpty ? some : List.of();
                HashJoinOperator join = HashJoinOperator.create(
                        harness.table(LEFT, left, 2),
                        harness.table(RIGHT, right, 2),
                        type,
                        buildLeft,
                        KEY,
                        KEY,
                        NULLS_NEVER_EQUAL,
                        null);
                List<List<Object>> expected =
                        JoinReference.join(left, right, 2, 2, type, KEY, KEY, NULLS_NEVER_EQUAL, null);
                assertThat(JoinReference.canonical(harness.run(join)))
                        .as("%s, build left %s, left empty %s", type, buildLeft, leftEmpty)
                        .isEqualTo(JoinReference.canonical(expected));
            }
        }
    }

    @Test
    void nullKeysMatchNothingButAreKeptByOuterAndAntiJoins() {
        List<List<Object>> left = List.of(Arrays.asList(null, 1L), Arrays.asList(5L, 2L));
        List<List<Object>> right = List.of(Arrays.asList(null, 3L), Arrays.asList(5L, 4L));
        assertThat(harness.run(HashJoinOperator.create(
                        harness.table(LEFT, left, 2),
                        harness.table(RIGHT, right, 2),
                        JoinType.INNER,
                        false,
                        KEY,
                        KEY,
                        NULLS_NEVER_EQUAL,
                        null)))
                .containsExactly(List.of(5L, 2L, 5L, 4L));
        assertThat(JoinReference.canonical(harness.run(HashJoinOperator.create(
                        harness.table(LEFT, left, 2),
                        harness.table(RIGHT, right, 2),
                        JoinType.FULL,
                        false,
                        KEY,
                        KEY,
                        NULLS_NEVER_EQUAL,
                        null))))
                .containsExactly("[5, 2, 5, 4]", "[null, 1, null, null]", "[null, null, null, 3]");
        assertThat(harness.run(HashJoinOperator.create(
                        harness.table(LEFT, left, 2),
                        harness.table(RIGHT, right, 2),
                        JoinType.ANTI,
                        false,
                        KEY,
                        KEY,
                        NULLS_NEVER_EQUAL,
                        null)))
                .containsExactly(Arrays.asList(null, 1L));
    }

    @Test
    void isNotDistinctFromMatchesNullWithNull() {
        List<List<Object>> left = List.of(Arrays.asList(null, 1L), Arrays.asList(5L, 2L), Arrays.asList(6L, 3L));
        List<List<Object>> right = List.of(Arrays.asList(null, 3L), Arrays.asList(5L, 4L));
        boolean[] nullsEqual = {true};
        assertThat(JoinReference.canonical(harness.run(HashJoinOperator.create(
                        harness.table(LEFT, left, 2),
                        harness.table(RIGHT, right, 2),
                        JoinType.INNER,
                        false,
                        KEY,
                        KEY,
                        nullsEqual,
                        null))))
                .containsExactly("[5, 2, 5, 4]", "[null, 1, null, 3]");
    }

    @Test
    void multiColumnKeysOfDifferentIntegerWidthsAndStrings() {
        List<Field> leftFields = List.of(field("name", VARCHAR), field("n", INT), field("v", BIGINT));
        List<Field> rightFields = List.of(field("n", BIGINT), field("name", VARCHAR), field("w", VARCHAR));
        Random random = new Random(3);
        List<List<Object>> left = new ArrayList<>();
        List<List<Object>> right = new ArrayList<>();
        String[] names = {"", "a", "ab", "héllo", "a much longer string than eight bytes", null};
        for (int row = 0; row < 200; row++) {
            Integer n = random.nextInt(8) == 0 ? null : random.nextInt(4);
            left.add(Arrays.asList(names[random.nextInt(names.length)], n, (long) row));
            right.add(Arrays.asList(
                    n == null ? null : (long) random.nextInt(4), names[random.nextInt(names.length)], "w" + row));
        }
        int[] leftKeys = {0, 1};
        int[] rightKeys = {1, 0};
        boolean[] nullsEqual = {false, false};
        for (JoinType type : JoinType.values()) {
            HashJoinOperator join = HashJoinOperator.create(
                    harness.table(leftFields, left, 9),
                    harness.table(rightFields, right, 11),
                    type,
                    true,
                    leftKeys,
                    rightKeys,
                    nullsEqual,
                    null);
            List<List<Object>> expected =
                    JoinReference.join(left, right, 3, 3, type, leftKeys, rightKeys, nullsEqual, null);
            assertThat(JoinReference.canonical(harness.run(join)))
                    .as(type.name())
                    .isEqualTo(JoinReference.canonical(expected));
        }
    }

    /** Two integer keys (the WIDE layout: longs, not bytes), INT against BIGINT, NULLs in either. */
    @Test
    void twoIntegerKeysOfDifferentWidths() {
        List<Field> leftFields = List.of(field("a", INT), field("b", BIGINT), field("v", BIGINT));
        List<Field> rightFields = List.of(field("b", BIGINT), field("a", BIGINT), field("w", VARCHAR));
        Random random = new Random(5);
        List<List<Object>> left = new ArrayList<>();
        List<List<Object>> right = new ArrayList<>();
        for (int row = 0; row < 300; row++) {
            Integer a = random.nextInt(9) == 0 ? null : random.nextInt(5) - 2;
            Long b = random.nextInt(9) == 0 ? null : (long) random.nextInt(6) << 40;
            left.add(Arrays.asList(a, b, (long) row));
            right.add(Arrays.asList(
                    random.nextInt(9) == 0 ? null : (long) random.nextInt(6) << 40,
                    random.nextInt(9) == 0 ? null : (long) (random.nextInt(5) - 2),
                    "w" + row));
        }
        int[] leftKeys = {0, 1};
        int[] rightKeys = {1, 0};
        boolean[] nullsEqual = {false, false};
        for (JoinType type : JoinType.values()) {
            for (boolean buildLeft : new boolean[] {false, true}) {
                HashJoinOperator join = HashJoinOperator.create(
                        harness.table(leftFields, left, 7),
                        harness.table(rightFields, right, 10),
                        type,
                        buildLeft,
                        leftKeys,
                        rightKeys,
                        nullsEqual,
                        null);
                List<List<Object>> expected =
                        JoinReference.join(left, right, 3, 3, type, leftKeys, rightKeys, nullsEqual, null);
                assertThat(JoinReference.canonical(harness.run(join)))
                        .as(type.name() + " build left " + buildLeft)
                        .isEqualTo(JoinReference.canonical(expected));
            }
        }
    }

    @Test
    void floatingPointKeysTreatNegativeZeroAndNaNAsDuckDbDoes() {
        List<Field> fields = List.of(field(
                "d",
                new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
                        org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)));
        List<List<Object>> left =
                List.of(List.of(0.0), List.of(Double.NaN), List.of(1.5), Arrays.asList((Object) null));
        List<List<Object>> right = List.of(
                List.of(-0.0),
                List.of(Double.longBitsToDouble(0x7ff8000000000123L)),
                List.of(1.5),
                Arrays.asList((Object) null));
        assertThat(JoinReference.canonical(harness.run(HashJoinOperator.create(
                        harness.table(fields, left, 4),
                        harness.table(fields, right, 4),
                        JoinType.INNER,
                        false,
                        KEY,
                        KEY,
                        NULLS_NEVER_EQUAL,
                        null))))
                .containsExactly("[0.0, -0.0]", "[1.5, 1.5]", "[NaN, NaN]");
    }

    @Test
    void decimalDateAndBooleanKeys() {
        List<Field> fields = List.of(
                field("d", new org.apache.arrow.vector.types.pojo.ArrowType.Decimal(12, 2, 128)),
                field(
                        "day",
                        new org.apache.arrow.vector.types.pojo.ArrowType.Date(
                                org.apache.arrow.vector.types.DateUnit.DAY)),
                field("b", org.apache.arrow.vector.types.pojo.ArrowType.Bool.INSTANCE));
        List<List<Object>> left = List.of(
                Arrays.asList(new java.math.BigDecimal("1.25"), java.time.LocalDate.of(2024, 1, 1), true),
                Arrays.asList(new java.math.BigDecimal("-1.25"), java.time.LocalDate.of(2024, 1, 2), false),
                Arrays.asList(new java.math.BigDecimal("1.25"), java.time.LocalDate.of(2024, 1, 2), true));
        List<List<Object>> right = List.of(
                Arrays.asList(new java.math.BigDecimal("1.25"), java.time.LocalDate.of(2024, 1, 2), true),
                Arrays.asList(new java.math.BigDecimal("-1.25"), java.time.LocalDate.of(2024, 1, 2), false));
        for (int[] keys : new int[][] {{0}, {1}, {2}, {0, 1, 2}}) {
            boolean[] nullsEqual = new boolean[keys.length];
            List<List<Object>> expected =
                    JoinReference.join(left, right, 3, 3, JoinType.INNER, keys, keys, nullsEqual, null);
            assertThat(JoinReference.canonical(harness.run(HashJoinOperator.create(
                            harness.table(fields, left, 2),
                            harness.table(fields, right, 2),
                            JoinType.INNER,
                            false,
                            keys,
                            keys,
                            nullsEqual,
                            null))))
                    .as(Arrays.toString(keys))
                    .isEqualTo(JoinReference.canonical(expected));
        }
    }

    @Test
    void binaryTimestampRealAndNarrowIntegerKeys() {
        List<Field> leftFields = List.of(
                field("bin", org.apache.arrow.vector.types.pojo.ArrowType.Binary.INSTANCE),
                field(
                        "ts",
                        new org.apache.arrow.vector.types.pojo.ArrowType.Timestamp(
                                org.apache.arrow.vector.types.TimeUnit.MICROSECOND, null)),
                field(
                        "r",
                        new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
                                org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE)),
                field("tiny", new org.apache.arrow.vector.types.pojo.ArrowType.Int(8, true)));
        List<Field> rightFields = List.of(
                leftFields.get(0),
                leftFields.get(1),
                field(
                        "d",
                        new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
                                org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)),
                field("small", new org.apache.arrow.vector.types.pojo.ArrowType.Int(16, true)));
        java.time.LocalDateTime noon = java.time.LocalDateTime.of(2024, 5, 1, 12, 0, 0, 123_000);
        List<List<Object>> left = List.of(
                Arrays.asList(new byte[] {1, 2}, noon, 0.5f, (byte) -3),
                Arrays.asList(new byte[] {}, noon.plusDays(1), 2.25f, (byte) 7),
                Arrays.asList(null, null, null, null));
        List<List<Object>> right = List.of(
                Arrays.asList(new byte[] {1, 2}, noon, 0.5, (short) -3),
                Arrays.asList(new byte[] {}, noon.plusDays(1), 2.25, (short) 7),
                Arrays.asList(new byte[] {1}, noon.plusDays(2), 2.26, (short) 700));
        for (int key = 0; key < 4; key++) {
            int[] keys = {key};
            List<List<Object>> joined = harness.run(HashJoinOperator.create(
                    harness.table(leftFields, left, 2),
                    harness.table(rightFields, right, 2),
                    JoinType.INNER,
                    false,
                    keys,
                    keys,
                    NULLS_NEVER_EQUAL,
                    null));
            assertThat(joined).as("key %d", key).hasSize(2);
        }
        int[] all = {0, 1, 2, 3};
        assertThat(harness.run(HashJoinOperator.create(
                        harness.table(leftFields, left, 2),
                        harness.table(rightFields, right, 2),
                        JoinType.INNER,
                        true,
                        all,
                        all,
                        new boolean[4],
                        null)))
                .hasSize(2);
    }

    @Test
    void stackedFullJoinsRunTheirTailsInOrderAndLimitCountsThem() {
        Random random = new Random(11);
        List<List<Object>> a = rows(random, 100, 30);
        List<List<Object>> b = rows(random, 80, 30);
        List<List<Object>> c = rows(random, 60, 30);
        // (a FULL b ON a.k = b.k) FULL c ON b.k = c.k; both hash their left input, so both have tails
        HashJoinOperator lower = HashJoinOperator.create(
                harness.table(LEFT, a, 7),
                harness.table(RIGHT, b, 7),
                JoinType.FULL,
                true,
                KEY,
                KEY,
                NULLS_NEVER_EQUAL,
                null);
        HashJoinOperator upper = HashJoinOperator.create(
                harness.table(RIGHT, c, 7), lower, JoinType.FULL, false, KEY, new int[] {2}, NULLS_NEVER_EQUAL, null);
        List<List<Object>> ab = JoinReference.join(a, b, 2, 2, JoinType.FULL, KEY, KEY, NULLS_NEVER_EQUAL, null);
        List<List<Object>> expected =
                JoinReference.join(c, ab, 2, 4, JoinType.FULL, KEY, new int[] {2}, NULLS_NEVER_EQUAL, null);
        assertThat(JoinReference.canonical(harness.run(upper))).isEqualTo(JoinReference.canonical(expected));
        assertThat(harness.run(new LimitOperator(upper, 0, 100_000))).hasSameSizeAs(expected);
        assertThat(harness.run(new LimitOperator(upper, 3, expected.size() - 5)))
                .hasSize(expected.size() - 5);
    }

    @Test
    void aFailingRemainderFreesEverything() {
        List<List<Object>> rows = rows(new Random(1), 200, 10);
        HashJoinOperator join = HashJoinOperator.create(
                harness.table(LEFT, rows, 16),
                harness.table(RIGHT, rows, 16),
                JoinType.FULL,
                true,
                KEY,
                KEY,
                NULLS_NEVER_EQUAL,
                new FailingExpr());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> harness.run(join))
                .isInstanceOf(dev.quiver.engine.error.QuiverException.class)
                .hasMessageContaining("division by zero");
    } // the harness's close() fails if the query leaked

    /** A remainder that fails on its third batch, as a data error would. */
    private static final class FailingExpr implements dev.quiver.engine.exec.expr.Expr {
        private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Field field() {
            return new LessThanExpr(1, 3).field();
        }

        @Override
        public org.apache.arrow.vector.FieldVector evaluate(
                dev.quiver.engine.exec.Batch input, dev.quiver.engine.exec.ExecutionContext context) {
            if (calls.incrementAndGet() == 3) {
                throw new dev.quiver.engine.error.QuiverException(
                        dev.quiver.engine.error.ErrorCode.DIVISION_BY_ZERO, "division by zero");
            }
            return new LessThanExpr(1, 3).evaluate(input, context);
        }

        @Override
        public String describe() {
            return "failing";
        }
    }

    @Test
    void describesKeysAndBuildSide() {
        HashJoinOperator join = HashJoinOperator.create(
                harness.table(LEFT, List.of(), 1),
                harness.table(RIGHT, List.of(), 1),
                JoinType.LEFT,
                false,
                KEY,
                KEY,
                NULLS_NEVER_EQUAL,
                new LessThanExpr(1, 3));
        assertThat(join.describe()).isEqualTo("HashJoin(LEFT, build right, $0 = $2, $1 < $3)");
        assertThat(join).isNotInstanceOf(dev.quiver.engine.exec.pipeline.SourceOperator.class);
        assertThat(HashJoinOperator.create(
                        harness.table(LEFT, List.of(), 1),
                        harness.table(RIGHT, List.of(), 1),
                        JoinType.LEFT,
                        true,
                        KEY,
                        KEY,
                        NULLS_NEVER_EQUAL,
                        null))
                .isInstanceOf(dev.quiver.engine.exec.pipeline.SourceOperator.class);
    }

    @ParameterizedTest(name = "remainder={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aProbeBatchMatchingManyBuildRowsIsEmittedInBoundedBatches(boolean withRemainder) {
        // 40 probe rows in one batch, each matching all 100 build rows: 4000 pairs from one input batch
        List<List<Object>> left = new ArrayList<>();
        for (long row = 0; row < 40; row++) {
            left.add(List.of(1L, row));
        }
        List<List<Object>> right = new ArrayList<>();
        for (long row = 0; row < 100; row++) {
            right.add(List.of(1L, 1000 + row));
        }
        HashJoinOperator join = HashJoinOperator.create(
                harness.table(LEFT, left, 40),
                harness.table(RIGHT, right, 50),
                JoinType.INNER,
                false,
                KEY,
                KEY,
                NULLS_NEVER_EQUAL,
                withRemainder ? new LessThanExpr(1, 3) : null);
        List<Integer> sizes = harness.batchSizes(join);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(4000);
        assertThat(sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1024)); // max(1024, batchRows)
        assertThat(sizes).hasSizeGreaterThanOrEqualTo(4);
    }
}
