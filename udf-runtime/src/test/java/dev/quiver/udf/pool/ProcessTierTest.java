package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.ErrorHandling;
import dev.quiver.udf.FunctionIsolation;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.PythonRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process tier: functions in worker processes with the sub-interpreter tier's semantics, crashes
 * contained, cancels and deadlines ending in a killed and replaced worker, a per-worker memory cap.
 * The workers run the embedded CPython's own executable here (the default).
 */
class ProcessTierTest {
    private static InterpreterPool pool;
    private BufferAllocator allocator;

    @BeforeAll
    static void startPool() {
        pool = InterpreterPool.start(PoolOptions.defaults()
                .withWorkers(2)
                .withCancelGrace(Duration.ofMillis(500))
                .withWorkerPython(PythonRuntime.get().installation().executable())
                .withWorkerMemoryLimit(512L << 20));
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private static RegisteredFunction inProcess(String name, String source, UdfType returns, UdfType... arguments) {
        return pool.register(
                PythonFunction.builder(name, source, "f")
                        .arguments(arguments)
                        .returns(returns)
                        .build(),
                FunctionIsolation.PROCESS);
    }

    private List<Object> run(RegisteredFunction function, FieldVector... columns) {
        int rows = columns.length == 0 ? 1 : columns[0].getValueCount();
        try (FieldVector result = pool.call(function, Arrays.asList(columns), rows, allocator)) {
            return Columns.values(result);
        }
    }

    private UdfException failure(RegisteredFunction function, FieldVector... columns) {
        UdfException failure = catchThrowableOfType(UdfException.class, () -> run(function, columns));
        assertThat(failure).as("expected the call to fail").isNotNull();
        return failure;
    }

    private FieldVector column(UdfType type, Object... values) {
        return Columns.of(allocator, type, values);
    }

    @Test
    void scalarFunctionsRunInAWorkerProcessWithNullsAndStrings() {
        RegisteredFunction pid = inProcess(
                "worker_pid", "import os\ndef f(x):\n    return os.getpid()\n", UdfType.BIGINT, UdfType.INTEGER);
        RegisteredFunction shout =
                inProcess("shout", "def f(s):\n    return s.upper() + '!'\n", UdfType.VARCHAR, UdfType.VARCHAR);
        assertThat(pid.inProcess()).isTrue();
        assertThat(pid.placement()).isEqualTo("isolation = 'process'");
        try (FieldVector numbers = column(UdfType.INTEGER, 1, null, 3);
                FieldVector words = column(UdfType.VARCHAR, "héllo", null, "x")) {
            List<Object> pids = run(pid, numbers);
            assertThat(pids.get(0)).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(pids.get(1)).isNull();
            assertThat(run(shout, words)).containsExactly("HÉLLO!", null, "X!");
        }
    }

    @Test
    void vectorizedAndCalledOnNullFunctionsKeepTheirSemantics() {
        RegisteredFunction sums = pool.register(
                PythonFunction.builder("vec_sum", "def f(xs, ys):\n    return [x + y for x, y in zip(xs, ys)]\n", "f")
                        .arguments(UdfType.DOUBLE, UdfType.DOUBLE)
                        .returns(UdfType.DOUBLE)
                        .kind(FunctionKind.VECTORIZED)
                        .build(),
                FunctionIsolation.PROCESS);
        RegisteredFunction sees = pool.register(
                PythonFunction.builder("sees_none", "def f(x):\n    return x is None\n", "f")
                        .arguments(UdfType.INTEGER)
                        .returns(UdfType.BOOLEAN)
                        .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                        .build(),
                FunctionIsolation.PROCESS);
        try (FieldVector left = column(UdfType.DOUBLE, 1.5, 2.0, null);
                FieldVector right = column(UdfType.DOUBLE, 1.0, 0.5, 3.0);
                FieldVector ints = column(UdfType.INTEGER, 7, null)) {
            assertThat(run(sums, left, right)).containsExactly(2.5, 2.5, null);
            assertThat(run(sees, ints)).containsExactly(false, true);
        }
    }

    @Test
    void largeBatchesGrowTheSharedSegment() {
        RegisteredFunction repeat =
                inProcess("repeat_text", "def f(s):\n    return s * 50\n", UdfType.VARCHAR, UdfType.VARCHAR);
        List<Object> values = new ArrayList<>();
        for (int row = 0; row < 50_000; row++) {
            values.add("row" + row);
        }
        try (FieldVector words = Columns.of(allocator, UdfType.VARCHAR, values)) {
            List<Object> result = run(repeat, words);
            assertThat(result).hasSize(50_000);
            assertThat(result.get(49_999)).isEqualTo("row49999".repeat(50));
        }
    }

    @Test
    void errorsCarryTheFunctionsOwnTracebackAndNullOnErrorWorks() {
        String source = "def f(x):\n    if x == 2:\n        raise ValueError(f'bad {x}')\n    return x\n";
        RegisteredFunction raising = inProcess("raises_two", source, UdfType.INTEGER, UdfType.INTEGER);
        RegisteredFunction lenient = pool.register(
                PythonFunction.builder("raises_lenient", source, "f")
                        .arguments(UdfType.INTEGER)
                        .returns(UdfType.INTEGER)
                        .errorHandling(ErrorHandling.NULL)
                        .build(),
                FunctionIsolation.PROCESS);
        try (FieldVector input = column(UdfType.INTEGER, null, 1, 2)) {
            UdfException failure = failure(raising, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.PYTHON_ERROR);
            assertThat(failure.row()).isEqualTo(2);
            assertThat(failure.pythonTraceback())
                    .contains("File \"udf_raises_two.py\", line 3, in f")
                    .doesNotContain("quiver_worker");
            assertThat(run(lenient, input)).containsExactly(null, 1, null);
        }
    }

    @Test
    void definitionErrorsFailAtRegistration() {
        UdfException failure = catchThrowableOfType(
                UdfException.class,
                () -> inProcess(
                        "broken",
                        "import no_such_module_x\ndef f(x):\n    return x\n",
                        UdfType.INTEGER,
                        UdfType.INTEGER));
        assertThat(failure.reason()).isEqualTo(UdfException.Reason.DEFINITION_ERROR);
        assertThat(failure.getMessage()).contains("No module named 'no_such_module_x'", "udf_broken.py\", line 1");
    }

    @Test
    void crashesFailOnlyTheirCallAndTheWorkerIsReplaced() {
        String[][] crashes = {
            {"segfault", "import ctypes\ndef f(x):\n    return len(ctypes.string_at(0))\n", "signal 11 (SIGSEGV)"},
            {"aborts", "import os\ndef f(x):\n    os.abort()\n", "signal 6 (SIGABRT)"},
            {"exits", "import os\ndef f(x):\n    os._exit(3)\n", "exited with code 3"},
            {"killed", "import os, signal\ndef f(x):\n    os.kill(os.getpid(), signal.SIGKILL)\n", "signal 9 (SIGKILL"},
        };
        RegisteredFunction healthy =
                inProcess("healthy", "def f(x):\n    return x + 1\n", UdfType.INTEGER, UdfType.INTEGER);
        for (String[] crash : crashes) {
            RegisteredFunction function = inProcess(crash[0], crash[1], UdfType.INTEGER, UdfType.INTEGER);
            try (FieldVector input = column(UdfType.INTEGER, 1)) {
                UdfException failure = failure(function, input);
                assertThat(failure.reason()).as(crash[0]).isEqualTo(UdfException.Reason.WORKER_DIED);
                assertThat(failure.getMessage())
                        .as(crash[0])
                        .contains("Python function " + crash[0] + " crashed its worker process", crash[2], "replaced");
                assertThat(run(healthy, input)).as("after " + crash[0]).containsExactly(2);
            }
        }
    }

    @Test
    void aSegfaultReportsTheFunctionsLineFromStandardError() {
        RegisteredFunction function = inProcess(
                "segfault_line",
                "import ctypes\n\ndef f(x):\n    return len(ctypes.string_at(0))\n",
                UdfType.INTEGER,
                UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, 1)) {
            assertThat(failure(function, input).getMessage())
                    .contains("Last lines of its standard error", "udf_segfault_line.py\", line 4");
        }
    }

    @Test
    void aWorkerWhoseCallWasInterruptedKeepsServing() {
        // Process.destroy() used to close the worker's pipes along with the SIGTERM: a worker that
        // stopped the call in time then read end-of-input, exited with code 0 and had to be replaced
        try (InterpreterPool single = InterpreterPool.start(PoolOptions.defaults()
                        .withWorkers(1)
                        .withCancelGrace(Duration.ofSeconds(5))
                        .withWorkerPython(PythonRuntime.get().installation().executable()));
                FieldVector input = column(UdfType.INTEGER, 7)) {
            RegisteredFunction napper = single.register(
                    PythonFunction.builder("napper", "import time\ndef f(x):\n    time.sleep(30)\n    return x\n", "f")
                            .arguments(UdfType.INTEGER)
                            .returns(UdfType.INTEGER)
                            .build(),
                    FunctionIsolation.PROCESS);
            RegisteredFunction pid = single.register(
                    PythonFunction.builder("pid_after_cancel", "import os\ndef f(x):\n    return os.getpid()\n", "f")
                            .arguments(UdfType.INTEGER)
                            .returns(UdfType.BIGINT)
                            .build(),
                    FunctionIsolation.PROCESS);
            List<Object> before;
            try (FieldVector result = single.call(pid, List.of(input), 1, allocator)) {
                before = Columns.values(result);
            }
            UdfException failure = catchThrowableOfType(UdfException.class, () -> {
                try (FieldVector ignored = single.submit(napper, List.of(input), 1, allocator, Duration.ofMillis(300))
                        .get()) {
                    // not reached
                }
            });
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
            try (FieldVector result = single.call(pid, List.of(input), 1, allocator)) {
                assertThat(Columns.values(result))
                        .as("the same worker serves on")
                        .isEqualTo(before);
            }
        }
    }

    @Test
    void aDeadlineInterruptsASleepingCall() {
        RegisteredFunction sleeper = inProcess(
                "sleeper",
                "import time\ndef f(x):\n    time.sleep(30)\n    return x\n",
                UdfType.INTEGER,
                UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, 1)) {
            long start = System.nanoTime();
            UdfException failure = catchThrowableOfType(UdfException.class, () -> {
                try (FieldVector ignored = pool.submit(sleeper, List.of(input), 1, allocator, Duration.ofMillis(300))
                        .get()) {
                    // not reached
                }
            });
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aCallStuckInCIsKilledAfterTheGraceAndTheNextCallWorks() {
        RegisteredFunction stuck =
                inProcess("stuck_in_c", "def f(x):\n    return sum(range(10**15))\n", UdfType.BIGINT, UdfType.INTEGER);
        RegisteredFunction healthy =
                inProcess("healthy_after", "def f(x):\n    return x * 2\n", UdfType.INTEGER, UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, 21)) {
            UdfException failure = catchThrowableOfType(UdfException.class, () -> {
                try (FieldVector ignored = pool.submit(stuck, List.of(input), 1, allocator, Duration.ofMillis(300))
                        .get()) {
                    // not reached
                }
            });
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
            assertThat(failure.getMessage()).contains("ran past its deadline");
            assertThat(run(healthy, input)).containsExactly(42);
            assertThat(run(healthy, input)).containsExactly(42);
        }
    }

    @Test
    void cancelStopsARunningCall() throws Exception {
        RegisteredFunction spinner =
                inProcess("spinner", "def f(x):\n    while True:\n        x += 1\n", UdfType.INTEGER, UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, 1)) {
            PendingCall<FieldVector> call = pool.submit(spinner, List.of(input), 1, allocator, null);
            Thread.sleep(300);
            call.cancel();
            UdfException failure = catchThrowableOfType(UdfException.class, call::get);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.CANCELLED);
        }
    }

    @Test
    void aWorkerOverItsMemoryCapFailsTheCallWithTheLimitsError() {
        RegisteredFunction bomb = inProcess(
                "memory_bomb", "def f(x):\n    return len(b'x' * (2 << 30))\n", UdfType.BIGINT, UdfType.INTEGER);
        RegisteredFunction healthy =
                inProcess("healthy_memory", "def f(x):\n    return x\n", UdfType.INTEGER, UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, 5)) {
            UdfException failure = failure(bomb, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.MEMORY_LIMIT);
            assertThat(failure.getMessage()).contains("memory_bomb", "max_memory 512 MiB", "replaced");
            assertThat(run(healthy, input)).containsExactly(5);
        }
    }

    private static RegisteredFunction inProcess(InterpreterPool on, PythonFunction function) {
        return on.register(function, FunctionIsolation.PROCESS);
    }

    private static PythonFunction crashingAggregate(String name) {
        return AggregationTest.aggregate(
                name,
                "import os\nclass Crash:\n    aggregate_state = 0\n    def accumulate(self, x):\n"
                        + "        os._exit(3)\n    def merge(self, other):\n        pass\n"
                        + "    def finish(self):\n        return 0\n",
                "Crash",
                UdfType.BIGINT,
                UdfType.BIGINT);
    }

    private static List<Object> sumOver(InterpreterPool on, BufferAllocator memory, RegisteredFunction sum) {
        return AggregationTest.aggregateOver(
                on, memory, sum, 2, List.of(new long[] {1, 2, 3}), List.of(new int[] {0, 1, 0}));
    }

    private static final String SUM = "class Sum:\n    def __init__(self):\n        self.total = 0\n"
            + "    @property\n    def aggregate_state(self):\n        return self.total\n"
            + "    def accumulate(self, x):\n        self.total += x\n"
            + "    def merge(self, other):\n        self.total += other\n"
            + "    def finish(self):\n        return self.total\n";

    @Test
    void aCrashInAnAggregateFailsOnlyItsCall() {
        RegisteredFunction crash = inProcess(pool, crashingAggregate("agg_crash"));
        RegisteredFunction sum =
                inProcess(pool, AggregationTest.aggregate("proc_sum", SUM, "Sum", UdfType.BIGINT, UdfType.BIGINT));
        UdfException failure = catchThrowableOfType(UdfException.class, () -> sumOver(pool, allocator, crash));
        assertThat(failure.reason()).isEqualTo(UdfException.Reason.WORKER_DIED);
        assertThat(failure.getMessage())
                .contains("Python function agg_crash crashed its worker process", "exited with code 3");
        assertThat(sumOver(pool, allocator, sum)).containsExactly(4L, 2L);
        assertThat(pool.liveAggregations()).isZero();
    }

    @Test
    void aCrashInATableFunctionFailsOnlyItsRun() {
        RegisteredFunction crash = inProcess(
                pool,
                TableFunctionTest.table(
                        "table_crash",
                        "import os\ndef table_crash(n):\n    yield 1\n    os.abort()\n",
                        "table_crash",
                        List.of(UdfType.BIGINT),
                        new dev.quiver.udf.TableColumn("i", UdfType.BIGINT)));
        RegisteredFunction sum =
                inProcess(pool, AggregationTest.aggregate("proc_sum2", SUM, "Sum", UdfType.BIGINT, UdfType.BIGINT));
        try (FieldVector input = column(UdfType.BIGINT, 3L);
                PythonTableFunction.Run run =
                        pool.tableFunction(crash).start(List.of(input), 1, allocator, 100, null, row -> row)) {
            UdfException failure = catchThrowableOfType(UdfException.class, run::take);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.WORKER_DIED);
            assertThat(failure.getMessage()).contains("table_crash crashed its worker process", "SIGABRT");
        }
        assertThat(sumOver(pool, allocator, sum)).containsExactly(4L, 2L);
        assertThat(pool.liveTableRuns()).isZero();
    }

    @Test
    void statesHeldByAWorkerThatDiedAreReportedLost() {
        try (InterpreterPool single = InterpreterPool.start(PoolOptions.defaults()
                        .withWorkers(1)
                        .withWorkerPython(PythonRuntime.get().installation().executable()));
                FieldVector values = column(UdfType.BIGINT, 1L, 2L);
                FieldVector groups = column(UdfType.INTEGER, 0, 0);
                FieldVector one = column(UdfType.INTEGER, 1)) {
            RegisteredFunction sum = inProcess(
                    single, AggregationTest.aggregate("lost_sum", SUM, "Sum", UdfType.BIGINT, UdfType.BIGINT));
            RegisteredFunction exits = inProcess(
                    single,
                    PythonFunction.builder("exits_now", "import os\ndef f(x):\n    os._exit(4)\n", "f")
                            .arguments(UdfType.INTEGER)
                            .returns(UdfType.INTEGER)
                            .build());
            try (PythonAggregation aggregation = single.aggregation(sum)) {
                aggregation.accumulate(List.of(values), groups, 2, allocator);
                UdfException crash = catchThrowableOfType(
                        UdfException.class,
                        () -> single.call(exits, List.of(one), 1, allocator).close());
                assertThat(crash.reason()).isEqualTo(UdfException.Reason.WORKER_DIED);
                UdfException lost = catchThrowableOfType(
                        UdfException.class,
                        () -> aggregation.finish(1, allocator).close());
                assertThat(lost.reason()).isEqualTo(UdfException.Reason.WORKER_DIED);
                assertThat(lost.getMessage())
                        .contains("partial states of aggregate function lost_sum", "ended during the query");
            }
            assertThat(single.liveAggregations()).isZero();
        }
    }
}
