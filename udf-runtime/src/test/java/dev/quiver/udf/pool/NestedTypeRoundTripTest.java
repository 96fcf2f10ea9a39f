package dev.quiver.udf.pool;

import static dev.quiver.udf.UdfType.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.TableColumn;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nested types (LIST, ARRAY, STRUCT, MAP at depths 1 to 4, NULLs at every level, empty lists and
 * maps) and the scalar types of issue 10 (TIME, TIMESTAMPTZ, INTERVAL, UUID, HUGEINT) into Python
 * and back, in every call mode, with the errors a wrong shape gets.
 */
class NestedTypeRoundTripTest extends PoolTestSupport {
    private static final UdfType INTS = UdfType.list(UdfType.INTEGER);
    private static final UdfType PERSON =
            UdfType.struct(field("name", UdfType.VARCHAR), field("scores", UdfType.list(UdfType.BIGINT)));
    private static final UdfType DEEP_MAP = UdfType.map(
            UdfType.VARCHAR,
            UdfType.list(UdfType.struct(field("x", UdfType.DOUBLE), field("tags", UdfType.list(UdfType.VARCHAR)))));
    private static final UdfType EVERY_LEAF = UdfType.struct(
            field("b", UdfType.BOOLEAN),
            field("t", UdfType.TINYINT),
            field("r", UdfType.REAL),
            field("d", UdfType.decimal(10, 2)),
            field("h", UdfType.HUGEINT),
            field("bin", UdfType.VARBINARY),
            field("day", UdfType.DATE),
            field("time", UdfType.TIME),
            field("ts", UdfType.TIMESTAMP),
            field("tz", UdfType.TIMESTAMPTZ),
            field("span", UdfType.INTERVAL),
            field("id", UdfType.UUID),
            field("odd \"name\"", UdfType.VARCHAR));

    static Stream<Arguments> samples() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        return Stream.of(
                // scalar types of issue 10
                Arguments.of(UdfType.TIME, list(LocalTime.MIDNIGHT, LocalTime.parse("23:59:59.999999"), null)),
                Arguments.of(
                        UdfType.TIMESTAMPTZ,
                        list(
                                Instant.parse("1969-12-31T23:59:59.999999Z"),
                                null,
                                Instant.parse("2024-02-29T12:00:00Z"))),
                Arguments.of(
                        UdfType.INTERVAL,
                        list(Duration.ofDays(3).plusHours(4), null, Duration.ofNanos(-1000), Duration.ZERO)),
                Arguments.of(UdfType.UUID, list(id, null, new UUID(0, 0), new UUID(-1, -1))),
                Arguments.of(
                        UdfType.HUGEINT,
                        list(
                                new BigDecimal("99999999999999999999999999999999999999"),
                                new BigDecimal("-99999999999999999999999999999999999999"),
                                null,
                                BigDecimal.ZERO)),
                // depth 1
                Arguments.of(INTS, list(list(1, null, 3), list(), null, list((Integer) null))),
                Arguments.of(UdfType.list(UdfType.BOOLEAN), list(list(true, null, false), null, list())),
                Arguments.of(UdfType.array(UdfType.VARCHAR, 2), list(list("a", null), null, list("", "ü日"))),
                Arguments.of(
                        UdfType.struct(field("a", UdfType.INTEGER), field("b", UdfType.VARCHAR)),
                        list(map("a", 1, "b", "x"), null, map("a", null, "b", null))),
                Arguments.of(
                        UdfType.map(UdfType.VARCHAR, UdfType.INTEGER),
                        list(map("k", 1, "z", null), map(), null, map("only", 7))),
                // depth 2
                Arguments.of(
                        PERSON,
                        list(map("name", "ann", "scores", list(1L, null)), null, map("name", null, "scores", null))),
                Arguments.of(
                        UdfType.list(UdfType.list(UdfType.VARCHAR)),
                        list(list(list("a", null), list(), null), null, list(list()), list())),
                Arguments.of(
                        UdfType.map(UdfType.INTEGER, UdfType.array(UdfType.DOUBLE, 2)),
                        list(map(1, list(1.5, null), 2, null), map(), null)),
                Arguments.of(UdfType.list(EVERY_LEAF), list(list(everyLeaf(id), nullFields(EVERY_LEAF), null), null)),
                // depth 4
                Arguments.of(
                        UdfType.list(UdfType.list(UdfType.list(UdfType.list(UdfType.BIGINT)))),
                        list(list(list(list(list(1L, null), list(), null), null, list()), null, list()), null, list())),
                Arguments.of(
                        DEEP_MAP,
                        list(
                                map(
                                        "a",
                                        list(
                                                map("x", 1.5, "tags", list("t", null)),
                                                null,
                                                map("x", null, "tags", null)),
                                        "b",
                                        null,
                                        "c",
                                        list()),
                                map(),
                                null)));
    }

    static Stream<Arguments> samplesInEveryMode() {
        return samples()
                .flatMap(sample -> Stream.of(FunctionKind.SCALAR, FunctionKind.VECTORIZED)
                        .flatMap(kind -> Stream.of(NullHandling.values())
                                .map(nulls -> Arguments.of(sample.get()[0], sample.get()[1], kind, nulls))));
    }

    @ParameterizedTest(name = "{0} {2} {3}")
    @MethodSource("samplesInEveryMode")
    void identityKeepsEveryValueAndNull(UdfType type, List<Object> values, FunctionKind kind, NullHandling nulls) {
        String source = kind == FunctionKind.SCALAR ? "def f(x):\n    return x\n" : "def f(xs):\n    return xs\n";
        RegisteredFunction identity = pool.register(PythonFunction.builder("identity", source, "f")
                .arguments(type)
                .returns(type)
                .kind(kind)
                .nullHandling(nulls)
                .build());
        assertThat(Columns.normalize(run(identity, type, values))).isEqualTo(Columns.normalize(values));
    }

    @Test
    void pythonSeesListsDictsAndTheNaturalScalarTypes() {
        UdfType type = UdfType.struct(
                field("l", INTS),
                field("m", UdfType.map(UdfType.VARCHAR, UdfType.INTEGER)),
                field("t", UdfType.TIME),
                field("tz", UdfType.TIMESTAMPTZ),
                field("i", UdfType.INTERVAL),
                field("u", UdfType.UUID),
                field("h", UdfType.HUGEINT));
        RegisteredFunction describe =
                calledOnNull("describe", "def f(x):\n    return repr(x)\n", UdfType.VARCHAR, type);
        Map<String, Object> value = map(
                "l", list(1, null),
                "m", map("k", 2),
                "t", LocalTime.parse("01:02:03.000004"),
                "tz", Instant.parse("2024-01-02T03:04:05.000006Z"),
                "i", Duration.ofDays(1).plusSeconds(2),
                "u", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                "h", new BigDecimal("-17014118346046923173168730371588410572"));
        assertThat(run(describe, type, list(value)))
                .containsExactly("{'l': [1, None], 'm': {'k': 2}, 't': datetime.time(1, 2, 3, 4), "
                        + "'tz': datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc), "
                        + "'i': datetime.timedelta(days=1, seconds=2), "
                        + "'u': UUID('123e4567-e89b-12d3-a456-426614174000'), "
                        + "'h': -17014118346046923173168730371588410572}");
    }

    /** What Python may return, written as Python literals: tuples for lists, any Mapping for MAP and STRUCT. */
    static Stream<Arguments> pythonResults() {
        return Stream.of(
                Arguments.of(INTS, "[(1, None), [], None, ()]", list(list(1, null), list(), null, list())),
                Arguments.of(
                        PERSON,
                        "[MappingProxyType({'name': 'a', 'scores': (1, 2)}), None]",
                        list(map("name", "a", "scores", list(1L, 2L)), null)),
                Arguments.of(
                        UdfType.map(UdfType.VARCHAR, INTS),
                        "[MappingProxyType({'k': [1], 'n': None}), {}, None]",
                        list(map("k", list(1), "n", null), map(), null)),
                Arguments.of(
                        UdfType.TIMESTAMPTZ,
                        "[datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=2))), datetime(2024, 1, 1), None]",
                        list(Instant.parse("2024-01-01T10:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"), null)),
                Arguments.of(
                        UdfType.UUID,
                        "[UUID(int=1), '123e4567-e89b-12d3-a456-426614174000', None]",
                        list(new UUID(0, 1), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), null)),
                Arguments.of(
                        UdfType.HUGEINT,
                        "[10**38 - 1, True, None]",
                        list(new BigDecimal("1E38").subtract(BigDecimal.ONE), BigDecimal.ONE, null)),
                Arguments.of(
                        UdfType.INTERVAL, "[timedelta(microseconds=-1), None]", list(Duration.ofNanos(-1000), null)),
                Arguments.of(
                        UdfType.TIME,
                        "[time(23, 59, 59, 999999), None]",
                        list(LocalTime.parse("23:59:59.999999"), null)));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("pythonResults")
    void pythonResultsOfEveryShape(UdfType type, String literal, List<Object> expected) {
        String prelude = "from datetime import date, datetime, time, timezone, timedelta\n"
                + "from types import MappingProxyType\nfrom uuid import UUID\n"
                + "VALUES = " + literal + "\n";
        RegisteredFunction scalarResults =
                calledOnNull("literals", prelude + "def f(i):\n    return VALUES[i]\n", type, UdfType.INTEGER);
        RegisteredFunction vectorResults = pool.register(
                PythonFunction.builder("literals_vectorized", prelude + "def f(rows):\n    return iter(VALUES)\n", "f")
                        .arguments(UdfType.INTEGER)
                        .returns(type)
                        .kind(FunctionKind.VECTORIZED)
                        .build());
        List<Object> rows =
                new ArrayList<>(IntStream.range(0, expected.size()).boxed().toList());
        assertThat(run(scalarResults, UdfType.INTEGER, rows)).isEqualTo(expected);
        assertThat(run(vectorResults, UdfType.INTEGER, rows)).isEqualTo(expected);
    }

    static Stream<Arguments> wrongShapes() {
        return Stream.of(
                Arguments.of(
                        UdfType.list(UdfType.BIGINT),
                        "[[1], [1, 2, 3, 'x']]",
                        "function wrong returned a bad value at row 1: element 3 of the list: "
                                + "expected int for BIGINT, got str 'x'"),
                Arguments.of(
                        UdfType.list(UdfType.BIGINT),
                        "[[1], 'abc']",
                        "function wrong returned a bad value at row 1: expected a list or tuple for BIGINT[], got str 'abc'"),
                Arguments.of(
                        PERSON,
                        "[{'name': 'a', 'scores': [1]}, {'name': 'b'}]",
                        "function wrong returned a bad value at row 1: expected a value for field scores for "
                                + "STRUCT(name VARCHAR, scores BIGINT[]), got dict {'name': 'b'}"),
                Arguments.of(
                        PERSON,
                        "[{'name': 'a', 'scores': [1], 'age': 3}]",
                        "function wrong returned a bad value at row 0: 'age' is not a field of "
                                + "STRUCT(name VARCHAR, scores BIGINT[])"),
                Arguments.of(
                        UdfType.array(UdfType.INTEGER, 2),
                        "[[1, 2], [1]]",
                        "function wrong returned a bad value at row 1: expected 2 elements for INTEGER[2], got 1"),
                Arguments.of(
                        UdfType.map(UdfType.VARCHAR, UdfType.INTEGER),
                        "[{}, {'a': 1, None: 2}]",
                        "function wrong returned a bad value at row 1: key of entry 1 of the map: a map key is None; "
                                + "MAP keys cannot be NULL"),
                Arguments.of(
                        DEEP_MAP,
                        "[{'a': [{'x': 1.0, 'tags': ['ok']}, {'x': 2.0, 'tags': ['ok', 7]}]}]",
                        "function wrong returned a bad value at row 0: value of entry 0 of the map: element 1 of the list: "
                                + "field tags of the struct: element 1 of the list: expected str for VARCHAR, got int 7"),
                Arguments.of(
                        UdfType.list(UdfType.HUGEINT),
                        "[[10**38]]",
                        "function wrong returned a bad value at row 0: element 0 of the list: "
                                + "100000000000000000000000000000000000000 is out of range for HUGEINT (at most 38 digits)"),
                Arguments.of(
                        UdfType.INTERVAL,
                        "[1]",
                        "function wrong returned int 1 at row 0, expected datetime.timedelta for SQL type INTERVAL"));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("wrongShapes")
    void aWrongShapeNamesTheRowAndThePath(UdfType type, String literal, String message) {
        RegisteredFunction wrong = calledOnNull(
                "wrong", "VALUES = " + literal + "\ndef f(i):\n    return VALUES[i]\n", type, UdfType.INTEGER);
        List<Object> rows = new ArrayList<>(
                IntStream.range(0, pythonLength(literal)).boxed().toList());
        UdfException failure = catchThrowableOfType(UdfException.class, () -> run(wrong, UdfType.INTEGER, rows));
        assertThat(failure.reason()).isEqualTo(UdfException.Reason.BAD_RESULT);
        assertThat(failure.getMessage()).isEqualTo(message + " (arguments: " + (rows.size() - 1) + ")");
    }

    /** How many values a Python list literal of the tests above holds (a top-level comma count). */
    private static int pythonLength(String literal) {
        int depth = 0;
        int count = 1;
        for (char character : literal.substring(1, literal.length() - 1).toCharArray()) {
            if ("[({".indexOf(character) >= 0) {
                depth++;
            } else if ("])}".indexOf(character) >= 0) {
                depth--;
            } else if (character == ',' && depth == 0) {
                count++;
            }
        }
        return count;
    }

    @Test
    void anIntervalWithMonthsIsRefusedNamingFunctionRowAndArgument() {
        RegisteredFunction days = scalar(
                "days",
                "def f(l):\n    return str(l)\n",
                UdfType.VARCHAR,
                UdfType.INTEGER,
                UdfType.list(UdfType.INTERVAL));
        try (IntVector first = (IntVector) Columns.of(allocator, UdfType.INTEGER, 1, 2);
                FieldVector spans = Columns.of(
                        allocator,
                        UdfType.list(UdfType.INTERVAL),
                        list(list(Duration.ofDays(1)), list(null, Duration.ZERO)))) {
            // Give row 1's second element a month, as SQL's INTERVAL '1 month' would.
            IntervalMonthDayNanoVector elements =
                    (IntervalMonthDayNanoVector) ((org.apache.arrow.vector.complex.ListVector) spans).getDataVector();
            elements.set(2, 1, 2, 0);
            assertThatThrownBy(() ->
                            pool.call(days, List.of(first, spans), 2, allocator).close())
                    .isInstanceOf(UdfException.class)
                    .hasMessage("argument 2 of function days at row 1: element 1 of the list: the INTERVAL value "
                            + "1 months 2 days 0 microseconds has a month part, which a Python datetime.timedelta "
                            + "cannot hold (a month has no fixed length); pass days instead, e.g. INTERVAL '30 days'");
        }
    }

    @Test
    void vectorizedFunctionsReachFlatListBuffersDirectly() {
        RegisteredFunction sizes = pool.register(PythonFunction.builder("sizes", """
                        def f(lists):
                            offsets, values = lists.offsets, lists.values
                            return [None if row is None else sum(values[start:end])
                                    for row, start, end in zip(lists, offsets, offsets[1:])]
                        """, "f")
                .arguments(UdfType.list(UdfType.BIGINT))
                .returns(UdfType.BIGINT)
                .kind(FunctionKind.VECTORIZED)
                .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                .build());
        assertThat(run(sizes, UdfType.list(UdfType.BIGINT), list(list(1L, 2L), list(), null, list(40L, 2L))))
                .containsExactly(3L, 0L, null, 42L);
    }

    @Test
    void aSignatureMismatchNamesBothNestedTypes() {
        RegisteredFunction takesInts = calledOnNull("takes_ints", "def f(x):\n    return 1\n", UdfType.INTEGER, INTS);
        try (FieldVector strings = Columns.of(allocator, UdfType.list(UdfType.VARCHAR), list(list("a")))) {
            assertThatThrownBy(() -> pool.call(takesInts, List.of(strings), 1, allocator))
                    .hasMessage("argument 1 of function takes_ints must be INTEGER[], got VARCHAR[]");
        }
    }

    @Test
    void spellingsAreDuckDbs() {
        assertThat(DEEP_MAP.sql()).isEqualTo("MAP(VARCHAR, STRUCT(x DOUBLE, tags VARCHAR[])[])");
        assertThat(UdfType.array(UdfType.list(UdfType.TIMESTAMPTZ), 3).sql())
                .isEqualTo("TIMESTAMP WITH TIME ZONE[][3]");
        assertThat(UdfType.struct(field("a b", UdfType.decimal(10, 2))).sql())
                .isEqualTo("STRUCT(\"a b\" DECIMAL(10,2))");
        assertThat(UdfType.fromField(DEEP_MAP.toField("m"))).isEqualTo(DEEP_MAP);
        assertThat(EVERY_LEAF.nodeCount()).isEqualTo(14);
    }

    @Test
    void aggregatesTakeAndReturnListsAndStructs() {
        RegisteredFunction collect = pool.register(PythonFunction.builder("collect", """
                        class Collect:
                            def __init__(self):
                                self.items = []
                            def accumulate(self, person):
                                self.items.append((person['name'], tuple(person['scores'] or ())))
                            @property
                            def aggregate_state(self):
                                return self.items
                            def merge(self, other):
                                self.items.extend(other)
                            def finish(self):
                                items = sorted(self.items)
                                return {'names': [name for name, _ in items], 'total': sum(sum(s) for _, s in items)}
                        """, "Collect")
                .arguments(PERSON)
                .returns(UdfType.struct(field("names", UdfType.list(UdfType.VARCHAR)), field("total", UdfType.BIGINT)))
                .kind(FunctionKind.AGGREGATE)
                .build());
        try (FieldVector people = Columns.of(
                        allocator,
                        PERSON,
                        list(map("name", "b", "scores", list(1L, 2L)), null, map("name", "a", "scores", list(3L))));
                FieldVector groups = Columns.of(allocator, UdfType.INTEGER, 0, 0, 0);
                PythonAggregation aggregation = pool.aggregation(collect)) {
            aggregation.accumulate(List.of(people), groups, 3, allocator);
            try (FieldVector result = aggregation.finish(1, allocator)) {
                assertThat(Columns.values(result)).containsExactly(map("names", list("a", "b"), "total", 6L));
            }
        }
    }

    @Test
    void tableFunctionsYieldNestedColumns() {
        RegisteredFunction explode = pool.register(PythonFunction.builder("explode", """
                        def explode(person):
                            for score in person['scores']:
                                yield person['name'], {'score': score, 'history': [score] * 2}
                        """, "explode")
                .arguments(PERSON)
                .returnsTable(
                        new TableColumn("name", UdfType.VARCHAR),
                        new TableColumn(
                                "detail",
                                UdfType.struct(
                                        field("score", UdfType.BIGINT),
                                        field("history", UdfType.list(UdfType.BIGINT)))))
                .build());
        try (FieldVector people = Columns.of(
                allocator,
                PERSON,
                list(map("name", "a", "scores", list(1L, null)), map("name", "b", "scores", list())))) {
            List<List<Object>> rows = runAll(explode, people);
            assertThat(rows)
                    .containsExactly(
                            list(0, "a", map("score", 1L, "history", list(1L, 1L))),
                            list(0, "a", map("score", null, "history", list(null, null))));
        }
    }

    @Test
    void aTableFunctionsWrongShapeNamesColumnInputRowAndPath() {
        RegisteredFunction bad = pool.register(PythonFunction.builder("bad_lists", """
                        def bad_lists(n):
                            yield [1, 'two']
                        """, "bad_lists")
                .arguments(UdfType.INTEGER)
                .returnsTable(new TableColumn("l", UdfType.list(UdfType.INTEGER)))
                .build());
        try (FieldVector input = Columns.of(allocator, UdfType.INTEGER, 5)) {
            assertThatThrownBy(() -> runAll(bad, input))
                    .hasMessageContaining("table function bad_lists yielded a bad value for column l (INTEGER[]) for "
                            + "input row 0: element 1 of the list: expected int for INTEGER, got str 'two'");
        }
    }

    /** Every row of a table function's run, as [input row, column values...]. */
    private List<List<Object>> runAll(RegisteredFunction function, FieldVector arguments) {
        List<List<Object>> rows = new ArrayList<>();
        try (PythonTableFunction.Run run = pool.tableFunction(function)
                .start(List.of(arguments), arguments.getValueCount(), allocator, 100, null, row -> row)) {
            while (true) {
                try (TableChunk chunk = run.take()) {
                    for (int row = 0; row < chunk.rowCount(); row++) {
                        List<Object> values = list(chunk.inputRows().get(row));
                        for (FieldVector column : chunk.columns()) {
                            values.add(Columns.value(column, row));
                        }
                        rows.add(values);
                    }
                    if (!chunk.more()) {
                        return rows;
                    }
                }
                run.requestNext();
            }
        }
    }

    private RegisteredFunction calledOnNull(String name, String source, UdfType returns, UdfType... arguments) {
        return pool.register(PythonFunction.builder(name, source, "f")
                .arguments(arguments)
                .returns(returns)
                .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                .build());
    }

    private List<Object> run(RegisteredFunction function, UdfType type, List<?> values) {
        try (FieldVector input = Columns.of(allocator, type, values);
                FieldVector result = pool.call(function, List.of(input), values.size(), allocator)) {
            return Columns.values(result);
        }
    }

    private static Map<String, Object> everyLeaf(UUID id) {
        return map(
                "b",
                true,
                "t",
                (byte) -7,
                "r",
                1.5f,
                "d",
                new BigDecimal("-12.34"),
                "h",
                new BigDecimal("12345678901234567890123456789"),
                "bin",
                new byte[] {0, -1},
                "day",
                LocalDate.of(1, 1, 1),
                "time",
                LocalTime.parse("12:34:56.000001"),
                "ts",
                LocalDateTime.parse("9999-12-31T23:59:59.999999"),
                "tz",
                Instant.parse("1970-01-01T00:00:00.000001Z"),
                "span",
                Duration.ofDays(-2).plusNanos(5000),
                "id",
                id,
                "odd \"name\"",
                "ok");
    }

    private static Map<String, Object> nullFields(UdfType struct) {
        Map<String, Object> fields = new LinkedHashMap<>();
        struct.fields().forEach(member -> fields.put(member.name(), null));
        return fields;
    }

    private static List<Object> list(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    /** A map of alternating keys and values (values may be null), in order. */
    @SuppressWarnings("unchecked")
    private static <K> Map<K, Object> map(Object... keysAndValues) {
        Map<K, Object> map = new LinkedHashMap<>();
        for (int index = 0; index < keysAndValues.length; index += 2) {
            map.put((K) keysAndValues[index], keysAndValues[index + 1]);
        }
        return map;
    }
}
