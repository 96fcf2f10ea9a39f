package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.ErrorHandling;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every SQL type into Python and back, with NULLs and edge values, in every call mode. */
class TypeRoundTripTest extends PoolTestSupport {
    private static final UdfType WIDE_DECIMAL = UdfType.decimal(38, 10);
    private static final UdfType MONEY = UdfType.decimal(10, 2);

    /** Per type: values with NULLs and the edges of its range. */
    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(UdfType.BOOLEAN, list(true, false, null, true, false, true, true, false, true, null)),
                Arguments.of(UdfType.TINYINT, list((byte) -128, (byte) 127, null, (byte) 0, (byte) -1)),
                Arguments.of(UdfType.SMALLINT, list((short) -32768, (short) 32767, null, (short) 0)),
                Arguments.of(UdfType.INTEGER, list(Integer.MIN_VALUE, Integer.MAX_VALUE, null, 0, -1)),
                Arguments.of(UdfType.BIGINT, list(Long.MIN_VALUE, Long.MAX_VALUE, null, 0L, -1L)),
                Arguments.of(
                        UdfType.REAL,
                        list(
                                Float.MIN_VALUE,
                                -Float.MAX_VALUE,
                                Float.NaN,
                                Float.POSITIVE_INFINITY,
                                Float.NEGATIVE_INFINITY,
                                -0.0f,
                                null,
                                1.5f)),
                Arguments.of(
                        UdfType.DOUBLE,
                        list(
                                Double.MIN_VALUE,
                                Double.MAX_VALUE,
                                Double.NaN,
                                Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY,
                                -0.0d,
                                null,
                                0.1d)),
                Arguments.of(
                        WIDE_DECIMAL,
                        list(
                                new BigDecimal("9999999999999999999999999999.9999999999"),
                                new BigDecimal("-9999999999999999999999999999.9999999999"),
                                null,
                                new BigDecimal("0.0000000001"),
                                new BigDecimal("-0.0000000001"),
                                new BigDecimal("0E-10"),
                                new BigDecimal("-1234567890123.4567890123"))),
                Arguments.of(
                        MONEY,
                        list(
                                new BigDecimal("12345678.91"),
                                new BigDecimal("-0.01"),
                                null,
                                new BigDecimal("-99999999.99"))),
                Arguments.of(
                        UdfType.VARCHAR, list("", "hello", null, "héllo", "日本", "🎉 emoji 👍🏽", "", "tab\tnul\0end")),
                Arguments.of(
                        UdfType.VARBINARY,
                        list(
                                new byte[0],
                                new byte[] {0, 1, -1, -128, 127},
                                null,
                                "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                Arguments.of(
                        UdfType.DATE,
                        list(
                                LocalDate.of(1970, 1, 1),
                                LocalDate.of(1969, 12, 31),
                                null,
                                LocalDate.of(1900, 2, 28),
                                LocalDate.of(1, 1, 1),
                                LocalDate.of(9999, 12, 31),
                                LocalDate.of(2024, 2, 29))),
                Arguments.of(
                        UdfType.TIMESTAMP,
                        list(
                                LocalDateTime.of(1970, 1, 1, 0, 0),
                                LocalDateTime.parse("1969-12-31T23:59:59.999999"),
                                null,
                                LocalDateTime.parse("1900-01-01T12:34:56.000001"),
                                LocalDateTime.parse("2024-02-29T23:59:59.123456"),
                                LocalDateTime.parse("0001-01-01T00:00:00"),
                                LocalDateTime.parse("9999-12-31T23:59:59.999999"))));
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
        try (FieldVector input = Columns.of(allocator, type, values)) {
            assertThat(Columns.normalize(run(identity, input))).isEqualTo(Columns.normalize(values));
        }
    }

    /** What Python receives, independently of how results come back. */
    static Stream<Arguments> pythonValues() {
        return Stream.of(
                Arguments.of(UdfType.BOOLEAN, list(true, false), list("bool:True", "bool:False")),
                Arguments.of(UdfType.TINYINT, list((byte) -128), list("int:-128")),
                Arguments.of(UdfType.SMALLINT, list((short) 32767), list("int:32767")),
                Arguments.of(UdfType.INTEGER, list(Integer.MIN_VALUE), list("int:-2147483648")),
                Arguments.of(UdfType.BIGINT, list(Long.MAX_VALUE), list("int:9223372036854775807")),
                Arguments.of(UdfType.REAL, list(0.1f, Float.NaN), list("float:0.10000000149011612", "float:nan")),
                Arguments.of(UdfType.DOUBLE, list(-0.0d, Double.NEGATIVE_INFINITY), list("float:-0.0", "float:-inf")),
                Arguments.of(
                        WIDE_DECIMAL,
                        list(new BigDecimal("-9999999999999999999999999999.9999999999")),
                        list("Decimal:Decimal('-9999999999999999999999999999.9999999999')")),
                Arguments.of(
                        MONEY,
                        list(new BigDecimal("-0.01"), new BigDecimal("5.00")),
                        list("Decimal:Decimal('-0.01')", "Decimal:Decimal('5.00')")),
                Arguments.of(
                        UdfType.VARCHAR,
                        list("", "héllo", "日本", "🎉"),
                        list("str:''", "str:'héllo'", "str:'日本'", "str:'🎉'")),
                Arguments.of(UdfType.VARBINARY, list(new byte[] {0, -1}), list("bytes:b'\\x00\\xff'")),
                Arguments.of(
                        UdfType.DATE,
                        list(LocalDate.of(1969, 12, 31), LocalDate.of(1, 1, 1)),
                        list("date:datetime.date(1969, 12, 31)", "date:datetime.date(1, 1, 1)")),
                Arguments.of(
                        UdfType.TIMESTAMP,
                        list(LocalDateTime.parse("1969-12-31T23:59:59.999999")),
                        list("datetime:datetime.datetime(1969, 12, 31, 23, 59, 59, 999999)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pythonValues")
    void pythonSeesTheNaturalType(UdfType type, List<Object> values, List<String> expected) {
        RegisteredFunction describe =
                scalar("describe", "def f(x):\n    return f'{type(x).__name__}:{x!r}'\n", UdfType.VARCHAR, type);
        try (FieldVector input = Columns.of(allocator, type, values)) {
            assertThat(run(describe, input)).isEqualTo(new ArrayList<Object>(expected));
        }
    }

    /** What Python may return for each type, written as Python literals. */
    static Stream<Arguments> pythonResults() {
        return Stream.of(
                Arguments.of(UdfType.BOOLEAN, "[True, False, None]", list(true, false, null)),
                Arguments.of(UdfType.TINYINT, "[-128, 127, None]", list((byte) -128, (byte) 127, null)),
                Arguments.of(UdfType.INTEGER, "[True, -2**31, None]", list(1, Integer.MIN_VALUE, null)),
                Arguments.of(UdfType.BIGINT, "[2**63 - 1, -2**63, None]", list(Long.MAX_VALUE, Long.MIN_VALUE, null)),
                Arguments.of(UdfType.DOUBLE, "[1, float('nan'), None]", list(1.0d, Double.NaN, null)),
                Arguments.of(UdfType.REAL, "[0.5, -3, None]", list(0.5f, -3.0f, null)),
                Arguments.of(
                        MONEY,
                        "[Decimal('1.005'), 7, Decimal('-0.004')]",
                        list(new BigDecimal("1.01"), new BigDecimal("7.00"), new BigDecimal("0.00"))),
                Arguments.of(
                        WIDE_DECIMAL,
                        "[Decimal('-9999999999999999999999999999.9999999999'), None, 0]",
                        list(
                                new BigDecimal("-9999999999999999999999999999.9999999999"),
                                null,
                                new BigDecimal("0E-10"))),
                Arguments.of(UdfType.VARCHAR, "['', None, 'héllo', '日本', '🎉']", list("", null, "héllo", "日本", "🎉")),
                Arguments.of(
                        UdfType.VARBINARY,
                        "[b'', bytearray(b'ab'), None]",
                        list(new byte[0], new byte[] {'a', 'b'}, null)),
                Arguments.of(
                        UdfType.DATE,
                        "[date(1969, 12, 31), None, date(2000, 2, 29)]",
                        list(LocalDate.of(1969, 12, 31), null, LocalDate.of(2000, 2, 29))),
                Arguments.of(
                        UdfType.TIMESTAMP,
                        "[datetime(1969, 12, 31, 23, 59, 59, 999999), None,"
                                + " datetime(2024, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))]",
                        list(
                                LocalDateTime.parse("1969-12-31T23:59:59.999999"),
                                null,
                                LocalDateTime.parse("2024-01-01T10:00:00"))));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("pythonResults")
    void pythonResultsOfEveryType(UdfType type, String literal, List<Object> expected) {
        String prelude = "from decimal import Decimal\nfrom datetime import date, datetime, timezone, timedelta\n"
                + "VALUES = " + literal + "\n";
        RegisteredFunction scalarResults =
                scalar("literals", prelude + "def f(i):\n    return VALUES[i]\n", type, UdfType.INTEGER);
        RegisteredFunction vectorResults = pool.register(
                PythonFunction.builder("literals_vectorized", prelude + "def f(rows):\n    return VALUES\n", "f")
                        .arguments(UdfType.INTEGER)
                        .returns(type)
                        .kind(FunctionKind.VECTORIZED)
                        .build());
        Object[] rows = IntStream.range(0, expected.size()).boxed().toArray();
        try (FieldVector index = column(UdfType.INTEGER, rows)) {
            assertThat(Columns.normalize(run(scalarResults, index))).isEqualTo(Columns.normalize(expected));
            assertThat(Columns.normalize(run(vectorResults, index))).isEqualTo(Columns.normalize(expected));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = FunctionKind.class,
            names = {"SCALAR", "VECTORIZED"})
    void returnsNullOnNullInputNeverCallsTheFunctionWithNone(FunctionKind kind) {
        // x + 1 raises TypeError on None: any NULL reaching Python fails the call.
        String source = kind == FunctionKind.SCALAR
                ? "def f(x, s):\n    return x + len(s)\n"
                : "def f(xs, ss):\n    return [x + len(s) for x, s in zip(xs, ss)]\n";
        RegisteredFunction function = pool.register(PythonFunction.builder("null_in_null_out", source, "f")
                .arguments(UdfType.BIGINT, UdfType.VARCHAR)
                .returns(UdfType.BIGINT)
                .kind(kind)
                .build());
        try (FieldVector numbers = column(UdfType.BIGINT, 1L, null, 3L, 4L, null, 6L);
                FieldVector strings = column(UdfType.VARCHAR, "a", "bb", null, "dddd", null, "日本")) {
            assertThat(run(function, numbers, strings)).containsExactly(2L, null, null, 8L, null, 8L);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = FunctionKind.class,
            names = {"SCALAR", "VECTORIZED"})
    void calledOnNullInputReceivesNone(FunctionKind kind) {
        String source = kind == FunctionKind.SCALAR
                ? "def f(x, s):\n    return f'{x!r}/{s!r}'\n"
                : "def f(xs, ss):\n    return [f'{x!r}/{s!r}' for x, s in zip(xs, ss)]\n";
        RegisteredFunction function = pool.register(PythonFunction.builder("sees_none", source, "f")
                .arguments(UdfType.DOUBLE, UdfType.VARCHAR)
                .returns(UdfType.VARCHAR)
                .kind(kind)
                .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                .build());
        try (FieldVector numbers = column(UdfType.DOUBLE, 1.5, null, null, 4.0);
                FieldVector strings = column(UdfType.VARCHAR, "a", "b", null, null)) {
            assertThat(run(function, numbers, strings)).containsExactly("1.5/'a'", "None/'b'", "None/None", "4.0/None");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = FunctionKind.class,
            names = {"SCALAR", "VECTORIZED"})
    void allNullBatch(FunctionKind kind) {
        String raising = kind == FunctionKind.SCALAR
                ? "def f(x):\n    raise RuntimeError('called')\n"
                : "def f(xs):\n    raise RuntimeError('called')\n";
        RegisteredFunction skipped = pool.register(PythonFunction.builder("never_called", raising, "f")
                .arguments(UdfType.VARCHAR)
                .returns(UdfType.VARCHAR)
                .kind(kind)
                .build());
        String counting = kind == FunctionKind.SCALAR
                ? "def f(x):\n    return x is None\n"
                : "def f(xs):\n    return [x is None for x in xs]\n";
        RegisteredFunction called = pool.register(PythonFunction.builder("is_none", counting, "f")
                .arguments(UdfType.VARCHAR)
                .returns(UdfType.BOOLEAN)
                .kind(kind)
                .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                .build());
        try (FieldVector nulls = column(UdfType.VARCHAR, null, null, null)) {
            assertThat(run(skipped, nulls)).containsExactly(null, null, null);
            assertThat(run(called, nulls)).containsExactly(true, true, true);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = FunctionKind.class,
            names = {"SCALAR", "VECTORIZED"})
    void emptyBatch(FunctionKind kind) {
        for (UdfType type : List.of(UdfType.DOUBLE, UdfType.VARCHAR, UdfType.BOOLEAN, WIDE_DECIMAL, UdfType.DATE)) {
            for (NullHandling nulls : NullHandling.values()) {
                String source =
                        kind == FunctionKind.SCALAR ? "def f(x):\n    return x\n" : "def f(xs):\n    return xs\n";
                RegisteredFunction identity = pool.register(PythonFunction.builder("empty", source, "f")
                        .arguments(type)
                        .returns(type)
                        .kind(kind)
                        .nullHandling(nulls)
                        .build());
                try (FieldVector empty = column(type)) {
                    assertThat(run(identity, empty)).isEmpty();
                }
            }
        }
    }

    @Test
    void zeroOneAndSeveralArguments() {
        RegisteredFunction none = scalar("constant", "def f():\n    return 42\n", UdfType.INTEGER);
        RegisteredFunction vectorizedNone =
                pool.register(PythonFunction.builder("constants", "def f():\n    return ['a', 'b', 'c']\n", "f")
                        .returns(UdfType.VARCHAR)
                        .kind(FunctionKind.VECTORIZED)
                        .build());
        RegisteredFunction one = scalar("twice", "def f(x):\n    return 2 * x\n", UdfType.BIGINT, UdfType.BIGINT);
        RegisteredFunction several = scalar(
                "join",
                """
                def f(flag, n, x, d, s, b, day, ts):
                    return '|'.join(map(str, (flag, n, x, d, s, b, day, ts)))
                """,
                UdfType.VARCHAR,
                UdfType.BOOLEAN,
                UdfType.SMALLINT,
                UdfType.DOUBLE,
                MONEY,
                UdfType.VARCHAR,
                UdfType.VARBINARY,
                UdfType.DATE,
                UdfType.TIMESTAMP);
        assertThat(run(none, 3)).containsExactly(42, 42, 42);
        assertThat(run(vectorizedNone, 3)).containsExactly("a", "b", "c");
        try (FieldVector numbers = column(UdfType.BIGINT, 1L, -2L, null);
                FieldVector flag = column(UdfType.BOOLEAN, true, null);
                FieldVector n = column(UdfType.SMALLINT, (short) -7, (short) 8);
                FieldVector x = column(UdfType.DOUBLE, 2.5, 3.0);
                FieldVector d = column(MONEY, new BigDecimal("-1.25"), new BigDecimal("1.00"));
                FieldVector s = column(UdfType.VARCHAR, "日本", "x");
                FieldVector b = column(UdfType.VARBINARY, new byte[] {1}, new byte[] {2});
                FieldVector day = column(UdfType.DATE, LocalDate.of(1960, 5, 6), LocalDate.of(2000, 1, 1));
                FieldVector ts = column(
                        UdfType.TIMESTAMP,
                        LocalDateTime.parse("1960-05-06T07:08:09.000010"),
                        LocalDateTime.parse("2000-01-01T00:00"))) {
            assertThat(run(one, numbers)).containsExactly(2L, -4L, null);
            assertThat(run(several, flag, n, x, d, s, b, day, ts))
                    .containsExactly("True|-7|2.5|-1.25|日本|b'\\x01'|1960-05-06|1960-05-06 07:08:09.000010", null);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = FunctionKind.class,
            names = {"SCALAR", "VECTORIZED"})
    void errorHandlingNullTurnsRaisingRowsIntoNull(FunctionKind kind) {
        String source = kind == FunctionKind.SCALAR
                ? "def f(x):\n    return 10 // x\n"
                : "def f(xs):\n    return [10 // x for x in xs]\n";
        RegisteredFunction function = pool.register(PythonFunction.builder("divide", source, "f")
                .arguments(UdfType.INTEGER)
                .returns(UdfType.INTEGER)
                .kind(kind)
                .errorHandling(ErrorHandling.NULL)
                .build());
        try (FieldVector input = column(UdfType.INTEGER, 5, 0, null, 2)) {
            List<Object> expected = kind == FunctionKind.SCALAR ? list(2, null, null, 5) : list(null, null, null, null);
            assertThat(run(function, input)).isEqualTo(expected);
        }
        try (FieldVector input = column(UdfType.INTEGER, 5, 2)) {
            assertThat(run(function, input)).containsExactly(2, 5);
        }
    }

    @Test
    void vectorizedFunctionsGetMemoryviewsForDenseNumbersAndListsOtherwise() {
        RegisteredFunction kinds = pool.register(PythonFunction.builder(
                        "sequence_types",
                        "def f(xs, ss):\n    return [f'{type(xs).__name__}:{xs.format if hasattr(xs, \"format\") else \"\"}"
                                + ",{type(ss).__name__}'] * len(ss)\n",
                        "f")
                .arguments(UdfType.DOUBLE, UdfType.VARCHAR)
                .returns(UdfType.VARCHAR)
                .kind(FunctionKind.VECTORIZED)
                .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                .build());
        try (FieldVector dense = column(UdfType.DOUBLE, 1.0, 2.0);
                FieldVector withNull = column(UdfType.DOUBLE, 1.0, null);
                FieldVector strings = column(UdfType.VARCHAR, "a", "b")) {
            assertThat(run(kinds, dense, strings)).containsExactly("memoryview:d,list", "memoryview:d,list");
            assertThat(run(kinds, withNull, strings)).containsExactly("list:,list", "list:,list");
        }
    }

    @Test
    void vectorizedFunctionsMayReturnAnyIterable() {
        for (String expression : List.of(
                "(x * 2 for x in xs)",
                "array('d', (x * 2 for x in xs))",
                "tuple(x * 2 for x in xs)",
                "map(lambda x: x * 2, xs)")) {
            RegisteredFunction function = pool.register(PythonFunction.builder(
                            "doubled", "from array import array\ndef f(xs):\n    return " + expression + "\n", "f")
                    .arguments(UdfType.DOUBLE)
                    .returns(UdfType.DOUBLE)
                    .kind(FunctionKind.VECTORIZED)
                    .build());
            try (FieldVector input = column(UdfType.DOUBLE, 1.0, null, -2.5)) {
                assertThat(run(function, input)).as(expression).containsExactly(2.0, null, -5.0);
            }
        }
    }

    @Test
    void nullSlotsHoldingGarbageAreNeverDecoded() {
        // Arrow leaves whatever bytes a NULL slot held; a year-300000 timestamp must not reach Python.
        RegisteredFunction function =
                pool.register(PythonFunction.builder("garbage", "def f(t, d):\n    return f'{t}/{d}'\n", "f")
                        .arguments(UdfType.TIMESTAMP, UdfType.DATE)
                        .returns(UdfType.VARCHAR)
                        .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                        .build());
        try (TimeStampMicroVector stamps = (TimeStampMicroVector) column(
                        UdfType.TIMESTAMP,
                        LocalDateTime.parse("2000-01-01T00:00"),
                        LocalDateTime.parse("2000-01-01T00:00"));
                FieldVector days = column(UdfType.DATE, LocalDate.of(2000, 1, 1), LocalDate.of(2000, 1, 1))) {
            stamps.set(1, Long.MAX_VALUE);
            stamps.setNull(1);
            ((org.apache.arrow.vector.DateDayVector) days).set(0, Integer.MIN_VALUE);
            days.setNull(0);
            assertThat(run(function, stamps, days)).containsExactly("2000-01-01 00:00:00/None", "None/2000-01-01");
        }
    }

    @ParameterizedTest
    @EnumSource(NullHandling.class)
    void aBatchMayBeAPrefixOfLongerVectors(NullHandling nulls) {
        RegisteredFunction function =
                pool.register(PythonFunction.builder("prefix", "def f(s, x, b):\n    return f'{s}/{x}/{b}'\n", "f")
                        .arguments(UdfType.VARCHAR, UdfType.DOUBLE, UdfType.BOOLEAN)
                        .returns(UdfType.VARCHAR)
                        .nullHandling(nulls)
                        .build());
        try (FieldVector strings = column(UdfType.VARCHAR, "a", "日本", null, "tail");
                FieldVector doubles = column(UdfType.DOUBLE, 1.5, 2.5, 3.5, null);
                FieldVector booleans = column(UdfType.BOOLEAN, true, false, true, null)) {
            Object third = nulls == NullHandling.CALLED_ON_NULL_INPUT ? "None/3.5/True" : null;
            assertThat(run(function, 3, strings, doubles, booleans))
                    .containsExactly("a/1.5/True", "日本/2.5/False", third);
            assertThat(run(function, 1, strings, doubles, booleans)).containsExactly("a/1.5/True");
        }
    }

    @Test
    void largeBatchesOfEveryWidth() {
        int rows = 50_000;
        RegisteredFunction numbers =
                scalar("affine", "def f(x):\n    return x * 3 + 1\n", UdfType.BIGINT, UdfType.BIGINT);
        RegisteredFunction strings =
                scalar("shout", "def f(s):\n    return s.upper() + '!'\n", UdfType.VARCHAR, UdfType.VARCHAR);
        List<Object> longs = new ArrayList<>();
        List<Object> texts = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            longs.add(row % 7 == 0 ? null : (long) row);
            texts.add(row % 5 == 0 ? null : (row % 2 == 0 ? "row" + row : "zeile-ü" + row));
        }
        try (FieldVector longColumn = Columns.of(allocator, UdfType.BIGINT, longs);
                FieldVector textColumn = Columns.of(allocator, UdfType.VARCHAR, texts)) {
            List<Object> affine = run(numbers, longColumn);
            List<Object> shouted = run(strings, textColumn);
            for (int row = 0; row < rows; row++) {
                Long value = (Long) longs.get(row);
                assertThat(affine.get(row)).isEqualTo(value == null ? null : value * 3 + 1);
                String text = (String) texts.get(row);
                assertThat(shouted.get(row)).isEqualTo(text == null ? null : text.toUpperCase() + "!");
            }
        }
    }

    @Test
    void argumentsThatDoNotMatchTheSignatureAreRejected() {
        RegisteredFunction function = scalar("typed", "def f(x):\n    return x\n", UdfType.INTEGER, UdfType.INTEGER);
        try (FieldVector wrong = column(UdfType.BIGINT, 1L);
                FieldVector right = column(UdfType.INTEGER, 1)) {
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> run(function, wrong)))
                    .hasMessageContaining("argument 1 of function typed must be INTEGER, got BIGINT");
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> run(function, 2, right)))
                    .hasMessageContaining("has 1 values for a batch of 2 rows");
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> run(function, 1)))
                    .hasMessageContaining("takes 1 arguments, got 0");
        }
    }

    @SafeVarargs
    private static <T> List<Object> list(T... values) {
        return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values)));
    }
}
