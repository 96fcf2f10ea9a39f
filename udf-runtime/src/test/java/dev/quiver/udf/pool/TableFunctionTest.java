package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiver.udf.Columns;
import dev.quiver.udf.FunctionIsolation;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.TableColumn;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The table function protocol: runs over slices, chunks of bounded size, terminate, errors, cancel. */
class TableFunctionTest extends PoolTestSupport {
    static final String SPLIT = """
            def split_words(text):
                for word in text.split():
                    yield word, len(word)
            """;

    static final String COUNTER = """
            class Counter:
                def __init__(self):
                    self.rows = 0
                def eval(self, n):
                    self.rows += 1
                    for i in range(n):
                        yield i
                def terminate(self):
                    yield -self.rows
            """;

    @AfterEach
    void noStateLeft() {
        assertThat(pool.liveTableRuns())
                .as("table function runs still holding state")
                .isZero();
    }

    static PythonFunction table(
            String name, String source, String handler, List<UdfType> arguments, TableColumn... columns) {
        return PythonFunction.builder(name, source, handler)
                .arguments(arguments.toArray(UdfType[]::new))
                .returnsTable(columns)
                .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                .build();
    }

    /** Every row of one run, as [input row, column values...], reading chunk by chunk. */
    List<List<Object>> runAll(RegisteredFunction function, int maxRows, FieldVector... arguments) {
        List<List<Object>> rows = new ArrayList<>();
        int rowCount = arguments.length == 0 ? 1 : arguments[0].getValueCount();
        try (PythonTableFunction.Run run = pool.tableFunction(function)
                .start(List.of(arguments), rowCount, allocator, maxRows, null, row -> row)) {
            while (true) {
                try (TableChunk chunk = run.take()) {
                    assertThat(chunk.rowCount()).isLessThanOrEqualTo(maxRows);
                    for (int row = 0; row < chunk.rowCount(); row++) {
                        List<Object> values = new ArrayList<>();
                        values.add(chunk.inputRows().get(row));
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

    @Test
    void generatorYieldsTuplesPerInputRow() {
        RegisteredFunction split = register(table(
                "split_words",
                SPLIT,
                "split_words",
                List.of(UdfType.VARCHAR),
                new TableColumn("word", UdfType.VARCHAR),
                new TableColumn("length", UdfType.INTEGER)));
        try (FieldVector text = column(UdfType.VARCHAR, "a bb", "", "ccc dd e")) {
            assertThat(runAll(split, 2, text))
                    .containsExactly(
                            List.of(0, "a", 1),
                            List.of(0, "bb", 2),
                            List.of(2, "ccc", 3),
                            List.of(2, "dd", 2),
                            List.of(2, "e", 1));
        }
    }

    @Test
    void runsStartedAtOnceSpreadOverTheInterpreters() {
        assumeTrue(isolation() == FunctionIsolation.SUBINTERPRETER, "the process tier places runs itself");
        // A run stays on the interpreter of its first chunk: four runs go two to each interpreter,
        // not to whichever interpreter was free when they were queued.
        RegisteredFunction where = register(table(
                "where_am_i",
                "import threading\n\ndef where_am_i(n):\n    yield threading.get_native_id()\n",
                "where_am_i",
                List.of(UdfType.BIGINT),
                new TableColumn("thread", UdfType.BIGINT)));
        List<PythonTableFunction.Run> runs = new ArrayList<>();
        try (FieldVector n = column(UdfType.BIGINT, 1L)) {
            try {
                for (int index = 0; index < 4; index++) {
                    runs.add(pool.tableFunction(where).start(List.of(n), 1, allocator, 10, null, row -> row));
                }
                Map<Object, Integer> runsPerThread = new HashMap<>();
                for (PythonTableFunction.Run run : runs) {
                    try (TableChunk chunk = run.take()) {
                        runsPerThread.merge(Columns.value(chunk.columns().getFirst(), 0), 1, Integer::sum);
                    }
                }
                assertThat(runsPerThread.values()).containsExactly(2, 2);
            } finally {
                runs.forEach(PythonTableFunction.Run::close);
            }
        }
    }

    @Test
    void classInstanceSeesTheSliceThenTerminates() {
        RegisteredFunction counter = register(
                table("counter", COUNTER, "Counter", List.of(UdfType.BIGINT), new TableColumn("i", UdfType.BIGINT)));
        try (FieldVector n = column(UdfType.BIGINT, 2L, 0L, 1L)) {
            assertThat(runAll(counter, 1000, n))
                    .containsExactly(List.of(0, 0L), List.of(0, 1L), List.of(2, 0L), List.of(2, -3L));
        }
    }

    @Test
    void hugeGeneratorStreamsInBoundedChunks() {
        RegisteredFunction numbers = register(table(
                "numbers",
                "def numbers(n):\n    yield from range(n)\n",
                "numbers",
                List.of(UdfType.BIGINT),
                new TableColumn("n", UdfType.BIGINT)));
        try (RootAllocator bounded = new RootAllocator(4 << 20);
                FieldVector n = Columns.of(bounded, UdfType.BIGINT, 2_000_000L)) {
            long total = 0;
            long sum = 0;
            try (PythonTableFunction.Run run =
                    pool.tableFunction(numbers).start(List.of(n), 1, bounded, 8192, null, row -> row)) {
                while (true) {
                    try (TableChunk chunk = run.take()) {
                        total += chunk.rowCount();
                        for (int row = 0; row < chunk.rowCount(); row++) {
                            sum += (Long) Columns.value(chunk.columns().getFirst(), row);
                        }
                        if (!chunk.more()) {
                            break;
                        }
                    }
                    run.requestNext();
                }
            }
            assertThat(total).isEqualTo(2_000_000L);
            assertThat(sum).isEqualTo(2_000_000L * 1_999_999L / 2);
            assertThat(bounded.getPeakMemoryAllocation()).isLessThan(1 << 20);
        }
    }

    @Test
    void wrongWidthNamesFunctionInputRowAndColumns() {
        RegisteredFunction bad = register(table(
                "bad_width",
                "def bad_width(x):\n    yield (x,)\n    yield (x, 1, 2)\n",
                "bad_width",
                List.of(UdfType.BIGINT),
                new TableColumn("a", UdfType.BIGINT),
                new TableColumn("b", UdfType.BIGINT)));
        try (FieldVector x = column(UdfType.BIGINT, 5L, 6L)) {
            UdfException failure = catchThrowableOfType(UdfException.class, () -> runAll(bad, 100, x));
            assertThat(failure.getMessage())
                    .contains("table function bad_width yielded a tuple of 1 values for input row 0")
                    .contains("expected a tuple of 2 values (a, b)");
        }
    }

    @Test
    void wrongTypeNamesColumnAndInputRow() {
        RegisteredFunction bad = register(table(
                "bad_type",
                "def bad_type(x):\n    yield x, 'one'\n",
                "bad_type",
                List.of(UdfType.BIGINT),
                new TableColumn("a", UdfType.BIGINT),
                new TableColumn("b", UdfType.INTEGER)));
        try (FieldVector x = column(UdfType.BIGINT, 5L, 6L)) {
            UdfException failure = catchThrowableOfType(UdfException.class, () -> runAll(bad, 100, x));
            assertThat(failure.getMessage())
                    .contains("table function bad_type yielded a bad value for column b (INTEGER) for input row 0")
                    .contains("str 'one'");
        }
    }

    @Test
    void pythonErrorNamesInputRowAndTraceback() {
        RegisteredFunction failing = register(table(
                "failing",
                "def failing(x):\n    yield 1\n    if x == 7:\n        raise ValueError('seven')\n",
                "failing",
                List.of(UdfType.BIGINT),
                new TableColumn("a", UdfType.BIGINT)));
        try (FieldVector x = column(UdfType.BIGINT, 5L, 7L)) {
            UdfException failure = catchThrowableOfType(UdfException.class, () -> runAll(failing, 100, x));
            assertThat(failure.getMessage())
                    .contains("Python function failing raised ValueError: seven (row 1, arguments: 7)")
                    .contains("udf_failing.py");
        }
        try (FieldVector x = column(UdfType.BIGINT, 1L)) {
            assertThat(runAll(failing, 100, x)).containsExactly(List.of(0, 1L)); // the pool survives
        }
    }

    @Test
    void endlessGeneratorIsCancelledAndItsStateFreed() throws Exception {
        RegisteredFunction endless = register(table(
                "endless",
                "def endless(x):\n    while True:\n        pass\n    yield 1\n",
                "endless",
                List.of(UdfType.BIGINT),
                new TableColumn("a", UdfType.BIGINT)));
        try (FieldVector x = column(UdfType.BIGINT, 1L)) {
            PythonTableFunction.Run run =
                    pool.tableFunction(endless).start(List.of(x), 1, allocator, 100, null, row -> row);
            assertThat(run.await(Duration.ofMillis(200))).isFalse();
            long start = System.nanoTime();
            run.cancel();
            assertThatThrownBy(run::take).isInstanceOf(UdfException.class).hasMessageContaining("cancelled");
            run.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void closingAnUnfinishedRunFreesItsGenerator() {
        RegisteredFunction numbers = register(table(
                "numbers2",
                "def numbers2(n):\n    yield from range(n)\n",
                "numbers2",
                List.of(UdfType.BIGINT),
                new TableColumn("n", UdfType.BIGINT)));
        try (FieldVector n = column(UdfType.BIGINT, 1_000_000L)) {
            try (PythonTableFunction.Run run =
                    pool.tableFunction(numbers).start(List.of(n), 1, allocator, 10, null, row -> row)) {
                try (TableChunk chunk = run.take()) {
                    assertThat(chunk.more()).isTrue();
                }
                run.requestNext(); // never taken: close drops it
            }
        }
    }

    @Test
    void definitionErrorsNameTheProblem() {
        assertThatThrownBy(() -> register(table(
                        "not_gen",
                        "def not_gen(x):\n    return [x]\n",
                        "not_gen",
                        List.of(UdfType.BIGINT),
                        new TableColumn("a", UdfType.BIGINT))))
                .isInstanceOf(UdfException.class)
                .hasMessageContaining("not a generator function");
        assertThatThrownBy(() -> register(table(
                        "no_eval",
                        "class NoEval:\n    pass\n",
                        "NoEval",
                        List.of(UdfType.BIGINT),
                        new TableColumn("a", UdfType.BIGINT))))
                .isInstanceOf(UdfException.class)
                .hasMessageContaining("has no method eval");
        assertThatThrownBy(() -> register(table(
                        "arity",
                        "def arity(x, y):\n    yield x\n",
                        "arity",
                        List.of(UdfType.BIGINT),
                        new TableColumn("a", UdfType.BIGINT))))
                .isInstanceOf(UdfException.class)
                .hasMessageContaining("must take 1 argument");
    }

    @Test
    void scalarCallsOfATableFunctionAreRefused() {
        RegisteredFunction split = register(table(
                "split2",
                SPLIT.replace("split_words", "split2"),
                "split2",
                List.of(UdfType.VARCHAR),
                new TableColumn("word", UdfType.VARCHAR),
                new TableColumn("length", UdfType.INTEGER)));
        try (FieldVector text = column(UdfType.VARCHAR, "a")) {
            assertThatThrownBy(() -> pool.call(split, List.of(text), 1, allocator))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tableFunction");
        }
    }
}
