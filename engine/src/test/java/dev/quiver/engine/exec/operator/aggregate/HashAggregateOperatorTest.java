package dev.quiver.engine.exec.operator.aggregate;

import static dev.quiver.engine.exec.operator.TestTables.field;
import static dev.quiver.engine.exec.operator.TestTables.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.operator.ResultCollector;
import dev.quiver.engine.exec.operator.TestTables;
import dev.quiver.engine.exec.operator.aggregate.Aggregation.Function;
import dev.quiver.engine.exec.operator.scan.TableScanOperator;
import dev.quiver.engine.exec.pipeline.PipelineBuilder;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.engine.exec.pipeline.QueryState;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hash aggregate over hand-built tables, run by the pipeline executor on two threads with
 * small morsels, so that every query has many morsels and a real combine. Every test closes its
 * allocators: a leaked buffer or memory reservation fails it.
 */
class HashAggregateOperatorTest {
    static final ArrowType BOOLEAN = ArrowType.Bool.INSTANCE;
    static final ArrowType TINYINT = new ArrowType.Int(8, true);
    static final ArrowType SMALLINT = new ArrowType.Int(16, true);
    static final ArrowType INTEGER = new ArrowType.Int(32, true);
    static final ArrowType BIGINT = new ArrowType.Int(64, true);
    static final ArrowType REAL = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType DECIMAL = new ArrowType.Decimal(10, 2, 128);
    static final ArrowType DECIMAL_SUM = new ArrowType.Decimal(38, 2, 128);
    static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;
    static final ArrowType VARBINARY = ArrowType.Binary.INSTANCE;
    static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
    static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);

    private RootAllocator root;
    private BufferAllocator storage;
    private ExecutorService workers;
    private final List<MemoryTable> tables = new ArrayList<>();

    @BeforeEach
    void open() {
        root = new RootAllocator();
        storage = root.newChildAllocator("tables", 0, Long.MAX_VALUE);
        workers = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void close() {
        workers.shutdownNow();
        tables.forEach(MemoryTable::close);
        storage.close();
        root.close(); // fails if a query leaked memory
    }

    private MemoryTable table(List<Field> fields, List<List<Object>> rows, int perBatch) {
        MemoryTable table = TestTables.table("t", fields, rows, perBatch, storage);
        tables.add(table);
        return table;
    }

    private List<List<Object>> aggregate(MemoryTable table, int[] keys, List<Aggregation> aggregations) {
        return aggregate(table, keys, aggregations, 3, Long.MAX_VALUE);
    }

    /** Runs scan → aggregate → result on two threads; the rows, with byte[] as ByteBuffer (comparable). */
    private List<List<Object>> aggregate(
            MemoryTable table, int[] keys, List<Aggregation> aggregations, int batchRows, long memoryLimit) {
        int[] columns = IntStream.range(0, table.schema().getFields().size()).toArray();
        HashAggregateOperator operator =
                new HashAggregateOperator(new TableScanOperator(table, columns), keys, aggregations);
        ResultCollector collector = new ResultCollector(operator);
        try (BufferAllocator allocator = root.newChildAllocator("query", 0, memoryLimit);
                QueryState state = new QueryState(new ExecutionContext(allocator, 2, batchRows))) {
            new PipelineExecutor(workers).run(PipelineBuilder.build(operator, collector), state);
            List<List<Object>> rows = new ArrayList<>();
            for (Batch batch : state.<ResultCollector.Result>finished(collector).take()) {
                try (batch) {
                    assertThat(batch.rowCount()).isLessThanOrEqualTo(batchRows);
                    for (int row = 0; row < batch.rowCount(); row++) {
                        List<Object> values = new ArrayList<>();
                        for (FieldVector column : batch.columns()) {
                            values.add(comparable(QueryResult.value(column, row)));
                        }
                        rows.add(values);
                    }
                }
            }
            return rows;
        }
    }

    private static Object comparable(Object value) {
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
    }

    static Aggregation countStar() {
        return new Aggregation(
                Function.COUNT, List.of(), -1, new Field("count", FieldType.notNullable(BIGINT), null), null);
    }

    static Aggregation call(Function function, int argument, ArrowType output) {
        return new Aggregation(
                function, List.of(argument), -1, field(function.name().toLowerCase(), output), null);
    }

    /** Three values of each key type, in ascending order. */
    static Stream<Arguments> keyTypes() {
        return Stream.of(
                Arguments.of(BOOLEAN, false, true, true),
                Arguments.of(TINYINT, (byte) -128, (byte) 0, (byte) 127),
                Arguments.of(SMALLINT, (short) -300, (short) 2, (short) 30_000),
                Arguments.of(INTEGER, -5, 7, Integer.MAX_VALUE),
                Arguments.of(BIGINT, Long.MIN_VALUE, 0L, 1L << 40),
                Arguments.of(REAL, -1.5f, 0.25f, Float.NaN),
                Arguments.of(DOUBLE, Double.NEGATIVE_INFINITY, -0.5, 1e300),
                Arguments.of(DECIMAL, new BigDecimal("-12345678.90"), new BigDecimal("0.01"), new BigDecimal("1.00")),
                Arguments.of(VARCHAR, "", "Z", "ä"),
                Arguments.of(
                        VARBINARY,
                        ByteBuffer.wrap(new byte[] {0, (byte) 0xff}),
                        ByteBuffer.wrap(new byte[] {1}),
                        ByteBuffer.wrap(new byte[] {(byte) 0x80})),
                Arguments.of(DATE, LocalDate.of(1969, 12, 31), LocalDate.of(1970, 1, 1), LocalDate.of(2024, 2, 29)),
                Arguments.of(
                        TIMESTAMP,
                        LocalDateTime.of(1900, 1, 1, 0, 0),
                        LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1000),
                        LocalDateTime.of(2038, 1, 19, 3, 14, 8)));
    }

    private static Object input(Object value) {
        return value instanceof ByteBuffer buffer ? buffer.array() : value;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyTypes")
    void groupsByEveryKeyTypeWithNullAsItsOwnGroup(ArrowType type, Object low, Object middle, Object high) {
        boolean booleans = type == BOOLEAN; // only two values: the "high" one repeats "middle"
        Object[] keys = {low, middle, null, low, high, null, low, middle};
        List<List<Object>> rows = new ArrayList<>();
        for (int index = 0; index < keys.length; index++) {
            rows.add(row(input(keys[index]), (long) index));
        }
        MemoryTable table = table(List.of(field("k", type), field("v", BIGINT)), rows, 3);

        List<List<Object>> result = aggregate(
                table,
                new int[] {0},
                List.of(
                        countStar(),
                        call(Function.SUM, 1, BIGINT),
                        call(Function.MIN, 0, type),
                        call(Function.MAX, 0, type),
                        call(Function.COUNT, 0, BIGINT)));

        List<List<Object>> expected = booleans
                ? List.of(
                        row(low, 3L, 9L, low, low, 3L),
                        row(middle, 3L, 12L, middle, middle, 3L),
                        row(null, 2L, 7L, null, null, 0L))
                : List.of(
                        row(low, 3L, 9L, low, low, 3L),
                        row(middle, 2L, 8L, middle, middle, 2L),
                        row(high, 1L, 4L, high, high, 1L),
                        row(null, 2L, 7L, null, null, 0L));
        assertThat(result).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyTypes")
    void minAndMaxOfEveryTypeWithoutGroupBy(ArrowType type, Object low, Object middle, Object high) {
        List<List<Object>> rows =
                List.of(row(input(middle)), row((Object) null), row(input(high)), row(input(low)), row(input(middle)));
        MemoryTable table = table(List.of(field("x", type)), rows, 2);

        List<List<Object>> result = aggregate(
                table,
                new int[0],
                List.of(call(Function.MIN, 0, type), call(Function.MAX, 0, type), call(Function.ANY_VALUE, 0, type)));

        assertThat(result).hasSize(1);
        assertThat(result.getFirst().subList(0, 2)).containsExactly(low, high);
        assertThat(result.getFirst().get(2)).isIn(low, middle, high);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyTypes")
    void groupsByTwoKeysOfEveryTypeWithNulls(ArrowType type, Object low, Object middle, Object high) {
        // the second key makes this the byte-row layout for every type
        List<List<Object>> rows = List.of(
                row(input(low), 1),
                row(input(low), 1),
                row(null, 1),
                row(null, null),
                row(input(low), null),
                row(input(low), 2),
                row(null, 1));
        MemoryTable table = table(List.of(field("k", type), field("j", INTEGER)), rows, 2);

        List<List<Object>> result = aggregate(table, new int[] {0, 1}, List.of(countStar()));

        assertThat(result)
                .containsExactlyInAnyOrder(
                        row(low, 1, 2L), row(null, 1, 2L), row(null, null, 1L), row(low, null, 1L), row(low, 2, 1L));
    }

    @Test
    void zeroAndMinusZeroAreOneGroupAndSoAreAllNaNs() {
        double otherNaN = Double.longBitsToDouble(0x7ff8_0000_dead_0001L);
        List<List<Object>> rows = List.of(row(0.0), row(-0.0), row(Double.NaN), row(otherNaN), row(1.0));
        MemoryTable table = table(List.of(field("x", DOUBLE)), rows, 2);

        assertThat(aggregate(table, new int[] {0}, List.of(countStar())))
                .containsExactlyInAnyOrder(row(0.0, 2L), row(Double.NaN, 2L), row(1.0, 1L));
        assertThat(aggregate(table, new int[0], List.of(call(Function.MIN, 0, DOUBLE), call(Function.MAX, 0, DOUBLE))))
                .containsExactly(row(0.0, Double.NaN));
    }

    @Test
    void sumsIntegersIntoBigintAndFloatsIntoDouble() {
        List<List<Object>> rows = new ArrayList<>();
        for (int index = 0; index < 20; index++) {
            rows.add(row(index % 2, index % 3 == 0 ? null : 100 * index, index % 4 == 0 ? null : index / 4.0f));
        }
        MemoryTable table = table(List.of(field("k", INTEGER), field("i", INTEGER), field("f", REAL)), rows, 3);

        List<List<Object>> result = aggregate(
                table,
                new int[] {0},
                List.of(
                        call(Function.SUM, 1, BIGINT),
                        call(Function.SUM, 2, DOUBLE),
                        call(Function.COUNT, 1, BIGINT),
                        call(Function.COUNT, 2, BIGINT)));

        long evenSum = 0;
        long oddSum = 0;
        double evenFloats = 0;
        double oddFloats = 0;
        for (int index = 0; index < 20; index++) {
            long value = index % 3 == 0 ? 0 : 100 * index;
            double real = index % 4 == 0 ? 0 : index / 4.0f;
            if (index % 2 == 0) {
                evenSum += value;
                evenFloats += real;
            } else {
                oddSum += value;
                oddFloats += real;
            }
        }
        assertThat(result)
                .containsExactlyInAnyOrder(row(0, evenSum, evenFloats, 6L, 5L), row(1, oddSum, oddFloats, 7L, 10L));
    }

    @Test
    void sumsDecimalsExactlyBeyondSixtyFourBits() {
        BigDecimal big = new BigDecimal("99999999.99");
        List<List<Object>> rows = new ArrayList<>();
        for (int index = 0; index < 1000; index++) {
            rows.add(row(index % 2 == 0 ? big : big.negate().add(new BigDecimal("0.01"))));
        }
        rows.add(row((Object) null));
        Field wide = field("x", new ArrowType.Decimal(38, 2, 128));
        List<List<Object>> wideRows = List.of(
                row(new BigDecimal("90000000000000000000000000000000000.00")),
                row(new BigDecimal("9999999999999999999999999999999999.99")),
                row(new BigDecimal("-0.01")));

        assertThat(aggregate(
                        table(List.of(field("x", DECIMAL)), rows, 7),
                        new int[0],
                        List.of(call(Function.SUM, 0, DECIMAL_SUM))))
                .containsExactly(row(new BigDecimal("5.00")));
        assertThat(aggregate(
                        table(List.of(wide), wideRows, 1), new int[0], List.of(call(Function.SUM, 0, DECIMAL_SUM))))
                .containsExactly(row(new BigDecimal("99999999999999999999999999999999999.98")));
    }

    @Test
    void emptyInputWithoutGroupByGivesOneRow() {
        MemoryTable table = table(List.of(field("x", INTEGER), field("s", VARCHAR)), List.of(), 3);

        List<List<Object>> result = aggregate(
                table,
                new int[0],
                List.of(
                        countStar(),
                        call(Function.COUNT, 0, BIGINT),
                        call(Function.SUM, 0, BIGINT),
                        call(Function.SUM0, 0, BIGINT),
                        call(Function.MIN, 1, VARCHAR),
                        call(Function.MAX, 0, INTEGER)));

        assertThat(result).containsExactly(row(0L, 0L, null, 0L, null, null));
    }

    @Test
    void emptyInputWithGroupByGivesNoRows() {
        MemoryTable table = table(List.of(field("k", INTEGER), field("s", VARCHAR)), List.of(), 3);

        assertThat(aggregate(table, new int[] {0}, List.of(countStar()))).isEmpty();
        assertThat(aggregate(table, new int[] {0, 1}, List.of(countStar()))).isEmpty();
    }

    @Test
    void allNullInputSumsToNullAndCountsZero() {
        MemoryTable table = table(
                List.of(field("k", INTEGER), field("x", DOUBLE)), List.of(row(1, null), row(1, null), row(2, 1.5)), 1);

        assertThat(aggregate(
                        table,
                        new int[] {0},
                        List.of(
                                call(Function.SUM, 1, DOUBLE),
                                call(Function.SUM0, 1, DOUBLE),
                                call(Function.COUNT, 1, BIGINT),
                                countStar())))
                .containsExactlyInAnyOrder(row(1, null, 0.0, 0L, 2L), row(2, 1.5, 1.5, 1L, 1L));
    }

    /**
     * Keys of at most one byte take a shortcut past the row encoding; NULL, the empty string, a
     * byte above 127 and a longer string in some batches must still make groups of their own.
     */
    @Test
    void groupsByOneCharacterStringKeysAlongsideLongerOnes() {
        List<String> flags = Arrays.asList("A", "R", null, "", "\u00e9", "N");
        List<List<Object>> rows = new ArrayList<>();
        Map<List<Object>, Long> expected = new HashMap<>();
        for (int index = 0; index < 3_000; index++) {
            String flag = index >= 2_000 && index % 97 == 0 ? "AR" : flags.get(index % flags.size());
            String status = index % 3 == 0 ? "F" : index % 7 == 0 ? null : "O";
            rows.add(row(flag, status, (long) index));
            expected.merge(row(flag, status), (long) index, Long::sum);
        }
        MemoryTable table =
                table(List.of(field("flag", VARCHAR), field("status", VARCHAR), field("v", BIGINT)), rows, 50);

        List<List<Object>> groups =
                aggregate(table, new int[] {0, 1}, List.of(call(Function.SUM, 2, BIGINT)), 64, Long.MAX_VALUE);
        Map<List<Object>, Long> actual = new HashMap<>();
        for (List<Object> group : groups) {
            assertThat(actual.put(row(group.get(0), group.get(1)), (Long) group.get(2)))
                    .as("one group per key")
                    .isNull();
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void oneGroupForAllRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (int index = 0; index < 10_000; index++) {
            rows.add(row("same", (long) index));
        }
        MemoryTable table = table(List.of(field("k", VARCHAR), field("v", BIGINT)), rows, 100);

        assertThat(aggregate(
                        table,
                        new int[] {0},
                        List.of(
                                countStar(),
                                call(Function.SUM, 1, BIGINT),
                                call(Function.MIN, 1, BIGINT),
                                call(Function.MAX, 1, BIGINT)),
                        64,
                        Long.MAX_VALUE))
                .containsExactly(row("same", 10_000L, 49_995_000L, 0L, 9_999L));
    }

    @Test
    @Tag("slow") // ~4 s
    void hundredThousandGroupsAcrossThreadsWithOneFixedWidthKey() {
        int groups = 100_000;
        List<List<Object>> rows = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int key = 0; key < groups; key++) {
                rows.add(row((long) key * 7919, (long) round));
            }
        }
        MemoryTable table = table(List.of(field("k", BIGINT), field("v", BIGINT)), rows, 4_096);

        List<List<Object>> result = aggregate(
                table, new int[] {0}, List.of(countStar(), call(Function.SUM, 1, BIGINT)), 1_000, Long.MAX_VALUE);

        assertThat(result).hasSize(groups);
        assertThat(result).allSatisfy(row -> assertThat(row.subList(1, 3)).containsExactly(3L, 3L));
        assertThat(result.stream().map(row -> (Long) row.getFirst()).distinct().count())
                .isEqualTo(groups);
    }

    @Test
    @Tag("slow") // ~7 s
    void hundredThousandGroupsAcrossThreadsWithStringAndIntegerKeys() {
        int groups = 100_000;
        List<List<Object>> rows = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int key = 0; key < groups; key++) {
                rows.add(row("key-" + (key / 10), key % 10 == 9 ? null : key % 10, new BigDecimal(round + ".50")));
            }
        }
        MemoryTable table = table(List.of(field("s", VARCHAR), field("i", INTEGER), field("d", DECIMAL)), rows, 5_000);

        List<List<Object>> result = aggregate(
                table,
                new int[] {0, 1},
                List.of(countStar(), call(Function.SUM, 2, DECIMAL_SUM), call(Function.MAX, 2, DECIMAL)),
                777,
                Long.MAX_VALUE);

        assertThat(result).hasSize(groups);
        assertThat(result)
                .allSatisfy(row -> assertThat(row.subList(2, 5))
                        .containsExactly(2L, new BigDecimal("2.00"), new BigDecimal("1.50")));
        assertThat(result).contains(row("key-42", null, 2L, new BigDecimal("2.00"), new BigDecimal("1.50")));
    }

    @Test
    void bigintSumOverflowIsAnError() {
        MemoryTable table =
                table(List.of(field("v", BIGINT)), List.of(row(Long.MAX_VALUE - 1), row(1L), row(1L), row(5L)), 1);

        QuiverException failure = catchThrowableOfType(
                QuiverException.class, () -> aggregate(table, new int[0], List.of(call(Function.SUM, 0, BIGINT))));

        assertThat(failure.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
        assertThat(failure.getMessage()).startsWith("Overflow in SUM of v: the sum is out of range for BIGINT");
    }

    @Test
    void decimalSumBeyondThirtyEightDigitsIsAnError() {
        BigDecimal max = new BigDecimal("999999999999999999999999999999999999.99");
        MemoryTable table = table(List.of(field("v", DECIMAL_SUM)), List.of(row(max), row(max), row(max)), 1);

        QuiverException failure = catchThrowableOfType(
                QuiverException.class, () -> aggregate(table, new int[0], List.of(call(Function.SUM, 0, DECIMAL_SUM))));

        assertThat(failure.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
        assertThat(failure.getMessage())
                .isEqualTo("Overflow in SUM of DECIMAL v: the sum does not fit in DECIMAL(38,2)");
    }

    @Test
    void decimalSumsCarryPastSixtyFourBitsExactly() {
        // values that fit 64 bits go to 64-bit partial sums: 40 near-maximal DECIMAL(18,2) values
        // overflow them many times (both ways in group 2), across threads; the DECIMAL(38,2)
        // column mixes values that fit 64 bits with ones that do not
        ArrowType narrow = new ArrowType.Decimal(18, 2, 128);
        BigDecimal max = new BigDecimal("9999999999999999.99");
        BigDecimal huge = new BigDecimal("-1000000000000000000000000000.01");
        List<List<Object>> rows = new ArrayList<>();
        for (int index = 0; index < 40; index++) {
            rows.add(row(1, max, index % 2 == 0 ? huge : max));
            rows.add(row(2, index % 3 == 0 ? max : max.negate(), max.negate()));
            rows.add(row(3, index % 2 == 0 ? null : new BigDecimal("-0.01"), null));
        }
        MemoryTable table = table(List.of(field("k", INTEGER), field("v", narrow), field("w", DECIMAL_SUM)), rows, 7);

        List<List<Object>> result = aggregate(
                table, new int[] {0}, List.of(call(Function.SUM, 1, DECIMAL_SUM), call(Function.SUM, 2, DECIMAL_SUM)));

        assertThat(result)
                .containsExactlyInAnyOrder(
                        row(
                                1,
                                max.multiply(BigDecimal.valueOf(40)),
                                huge.add(max).multiply(BigDecimal.valueOf(20))),
                        row(2, max.multiply(BigDecimal.valueOf(14 - 26)), max.multiply(BigDecimal.valueOf(-40))),
                        row(3, new BigDecimal("-0.20"), null));
    }

    @Test
    void filteredAggregatesCountOnlyRowsWhereTheFilterIsTrue() {
        MemoryTable table = table(
                List.of(field("k", INTEGER), field("v", BIGINT), field("keep", BOOLEAN)),
                List.of(
                        row(1, 10L, true),
                        row(1, 20L, false),
                        row(1, 30L, null),
                        row(2, 40L, false),
                        row(1, null, true)),
                2);
        Aggregation countKept = new Aggregation(Function.COUNT, List.of(), 2, field("n", BIGINT), null);
        Aggregation sumKept = new Aggregation(Function.SUM, List.of(1), 2, field("s", BIGINT), null);

        assertThat(aggregate(table, new int[] {0}, List.of(countKept, sumKept)))
                .containsExactlyInAnyOrder(row(1, 2L, 10L), row(2, 0L, null));
    }

    @Test
    void singleValueIsTheOnlyRowOrAnError() {
        MemoryTable one = table(
                List.of(field("k", INTEGER), field("v", VARCHAR)), List.of(row(1, "a"), row(2, null), row(3, "c")), 1);
        assertThat(aggregate(one, new int[] {0}, List.of(call(Function.SINGLE_VALUE, 1, VARCHAR))))
                .containsExactlyInAnyOrder(row(1, "a"), row(2, null), row(3, "c"));

        MemoryTable two = table(
                List.of(field("k", INTEGER), field("v", VARCHAR)), List.of(row(1, "a"), row(2, null), row(2, null)), 1);
        QuiverException failure = catchThrowableOfType(
                QuiverException.class,
                () -> aggregate(two, new int[] {0}, List.of(call(Function.SINGLE_VALUE, 1, VARCHAR))));
        assertThat(failure.code()).isEqualTo(ErrorCode.CARDINALITY_VIOLATION);
        assertThat(failure.getMessage()).contains("More than one row");
    }

    @Test
    void literalIsTheSameForEveryGroup() {
        MemoryTable table = table(List.of(field("k", INTEGER)), List.of(row(1), row(2), row(1)), 1);
        Aggregation literal = new Aggregation(Function.LITERAL, List.of(), -1, field("i", BOOLEAN), true);

        assertThat(aggregate(table, new int[] {0}, List.of(literal)))
                .containsExactlyInAnyOrder(row(1, true), row(2, true));
    }

    @Test
    void booleanMinAndMaxAreEveryAndSome() {
        MemoryTable table = table(
                List.of(field("k", INTEGER), field("b", BOOLEAN)),
                List.of(row(1, true), row(1, false), row(1, null), row(2, true), row(3, null)),
                2);

        assertThat(aggregate(
                        table, new int[] {0}, List.of(call(Function.MIN, 1, BOOLEAN), call(Function.MAX, 1, BOOLEAN))))
                .containsExactlyInAnyOrder(row(1, false, true), row(2, true, true), row(3, null, null));
    }

    @Test
    void goingOverTheMemoryLimitIsAClearErrorAndFreesEverything() {
        List<List<Object>> rows = new ArrayList<>();
        for (int key = 0; key < 200_000; key++) {
            rows.add(row("a fairly long grouping key number " + key));
        }
        MemoryTable table = table(List.of(field("k", VARCHAR)), rows, 10_000);

        QuiverException failure = catchThrowableOfType(
                QuiverException.class, () -> aggregate(table, new int[] {0}, List.of(countStar()), 4_096, 4L << 20));

        assertThat(failure.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
        assertThat(failure.getMessage()).contains("GROUP BY");
    }

    /**
     * Enough groups (over 2^16 across both threads) for the final merge to run in partitions on both
     * threads: every group once, with its sums (DECIMAL partial sums settled first), extremes and
     * count, the NULL key's group included, for a BIGINT key and for encoded (VARCHAR, BIGINT) rows.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void mergesManyGroupsInPartitionsOnEveryThread(boolean rowKeys) {
        int groups = 70_000;
        List<List<Object>> rows = new ArrayList<>();
        Map<List<Object>, Object[]> expected = new HashMap<>();
        for (int index = 0; index < 2 * groups + 5; index++) {
            Long key = index % groups == 7 ? null : (long) (index % groups);
            String text = key == null ? null : "k" + key % 100;
            BigDecimal value = BigDecimal.valueOf(index, 2);
            rows.add(Arrays.asList(key, text, value));
            List<Object> groupKey = rowKeys ? Arrays.asList(text, key) : Arrays.asList(key);
            Object[] aggregates = expected.computeIfAbsent(
                    groupKey, unused -> new Object[] {0L, BigDecimal.ZERO.setScale(2), value, value});
            aggregates[0] = (Long) aggregates[0] + 1;
            aggregates[1] = ((BigDecimal) aggregates[1]).add(value);
            aggregates[2] = ((BigDecimal) aggregates[2]).min(value);
            aggregates[3] = ((BigDecimal) aggregates[3]).max(value);
        }
        MemoryTable table = table(List.of(field("k", BIGINT), field("t", VARCHAR), field("v", DECIMAL)), rows, 4_096);
        List<Aggregation> calls = List.of(
                countStar(),
                call(Function.SUM, 2, DECIMAL_SUM),
                call(Function.MIN, 2, DECIMAL),
                call(Function.MAX, 2, DECIMAL));

        List<List<Object>> result =
                aggregate(table, rowKeys ? new int[] {1, 0} : new int[] {0}, calls, 1_024, Long.MAX_VALUE);

        // compared as maps: AssertJ's any-order list comparison is quadratic
        Map<List<Object>, List<Object>> byKey = new HashMap<>();
        int keyCount = rowKeys ? 2 : 1;
        for (List<Object> row : result) {
            assertThat(byKey.put(row.subList(0, keyCount), row.subList(keyCount, row.size())))
                    .as("groups once")
                    .isNull();
        }
        Map<List<Object>, List<Object>> wanted = new HashMap<>();
        expected.forEach((key, aggregates) -> wanted.put(key, Arrays.asList(aggregates)));
        assertThat(byKey).isEqualTo(wanted);
    }

    @Test
    void describesKeysAndCalls() {
        MemoryTable table = table(List.of(field("k", INTEGER), field("v", BIGINT)), List.of(), 1);
        HashAggregateOperator operator = new HashAggregateOperator(
                new TableScanOperator(table, new int[] {0, 1}),
                new int[] {0},
                List.of(countStar(), call(Function.SUM, 1, BIGINT)));

        assertThat(operator.describe()).isEqualTo("HashAggregate(keys=[0], COUNT(), SUM($1))");
        assertThat(operator.outputFields()).extracting(Field::getName).containsExactly("k", "count", "sum");
    }
}
