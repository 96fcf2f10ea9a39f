package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.Isolation;
import dev.quiver.udf.cpython.PythonRuntime;
import dev.quiver.udf.testing.StartSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pools start, close and start again in one process; a closed pool refuses work clearly. */
class PoolLifecycleTest {
    private static final PythonFunction SQUARE = PythonFunction.builder("square", "def f(x):\n    return x * x\n", "f")
            .arguments(UdfType.BIGINT)
            .returns(UdfType.BIGINT)
            .build();
    private BufferAllocator allocator;

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private List<Object> square(InterpreterPool pool, RegisteredFunction function, Long... values) {
        try (FieldVector input = Columns.of(allocator, UdfType.BIGINT, (Object[]) values);
                FieldVector result = pool.call(function, List.of(input), values.length, allocator)) {
            return Columns.values(result);
        }
    }

    @Test
    void closeAndReopenManyTimes() {
        PythonRuntime runtime = PythonRuntime.get();
        for (int cycle = 0; cycle < 5; cycle++) {
            try (InterpreterPool pool =
                    InterpreterPool.start(PoolOptions.defaults().withWorkers(2))) {
                assertThat(runtime.liveInterpreters()).isEqualTo(2);
                assertThat(pool.workerCount()).isEqualTo(2);
                assertThat(pool.interpreterCreateTimes())
                        .hasSize(2)
                        .allSatisfy(time -> assertThat(time).isPositive());
                assertThat(pool.startupTime()).isPositive();
                RegisteredFunction square = pool.register(SQUARE);
                assertThat(square(pool, square, 3L, null, (long) cycle))
                        .containsExactly(9L, null, (long) cycle * cycle);
            }
            assertThat(runtime.liveInterpreters())
                    .as("interpreters alive after close in cycle %d", cycle)
                    .isZero();
        }
    }

    @Test
    void functionsThatStartPythonThreadsDoNotBreakClose() {
        // Py_EndInterpreter aborts the process if another thread state of the interpreter is left;
        // threads a UDF starts (joined or not) must be finished and gone by then.
        PythonFunction threads = PythonFunction.builder("starts_threads", """
                import threading
                done = []
                def work(n):
                    done.append(sum(range(n)))
                def f(x):
                    thread = threading.Thread(target=work, args=(x,))
                    thread.start()
                    if x % 2:
                        thread.join()
                    return x
                """, "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .build();
        for (int cycle = 0; cycle < 3; cycle++) {
            try (InterpreterPool pool =
                    InterpreterPool.start(PoolOptions.defaults().withWorkers(2))) {
                RegisteredFunction function = pool.register(threads);
                for (int call = 0; call < 4; call++) {
                    assertThat(square(pool, function, 100_000L, 3L)).containsExactly(100_000L, 3L);
                }
            }
            assertThat(PythonRuntime.get().liveInterpreters()).isZero();
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        InterpreterPool pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(1));
        RegisteredFunction square = pool.register(SQUARE);
        pool.close();
        pool.close(); // idempotent
        assertThat(catchThrowableOfType(UdfException.class, () -> pool.register(SQUARE))
                        .reason())
                .isEqualTo(UdfException.Reason.POOL_UNAVAILABLE);
        UdfException failure = catchThrowableOfType(UdfException.class, () -> square(pool, square, 2L));
        assertThat(failure.reason()).isEqualTo(UdfException.Reason.POOL_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("closed");
        assertThat(pool.workerCount()).isZero();
    }

    @Test
    void closingWhileAFunctionLoopsForeverReturnsPromptly(@TempDir Path signalDirectory) {
        PythonRuntime runtime = PythonRuntime.get();
        InterpreterPool pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(2));
        StartSignal started = StartSignal.in(signalDirectory);
        RegisteredFunction spin = pool.register(PythonFunction.builder(
                        "spin",
                        "def f(x):\n    " + started.pythonStatement() + "\n    while True:\n        pass\n",
                        "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .build());
        try (FieldVector input = Columns.of(allocator, UdfType.BIGINT, 1L)) {
            PendingCall<FieldVector> running = pool.submit(spin, List.of(input), 1, allocator, null);
            PendingCall<FieldVector> alsoRunning = pool.submit(spin, List.of(input), 1, allocator, null);
            PendingCall<FieldVector> queued = pool.submit(spin, List.of(input), 1, allocator, null);
            started.await(2, Duration.ofSeconds(30)); // both workers run Python; the third call waits
            long start = System.nanoTime();
            pool.close();
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("close() took (ms)")
                    .isLessThan(8_000);
            for (PendingCall<FieldVector> call : List.of(running, alsoRunning, queued)) {
                UdfException failure = catchThrowableOfType(UdfException.class, call::get);
                assertThat(failure.reason()).isIn(UdfException.Reason.CANCELLED, UdfException.Reason.POOL_UNAVAILABLE);
            }
        }
        assertThat(runtime.liveInterpreters()).isZero();
    }

    @Test
    void aFunctionRegisteredInOnePoolRunsItsOwnCodeInAnother() {
        try (InterpreterPool first =
                        InterpreterPool.start(PoolOptions.defaults().withWorkers(1));
                InterpreterPool second =
                        InterpreterPool.start(PoolOptions.defaults().withWorkers(1))) {
            RegisteredFunction square = first.register(SQUARE);
            RegisteredFunction negate =
                    second.register(PythonFunction.builder("negate", "def f(x):\n    return -x\n", "f")
                            .arguments(UdfType.BIGINT)
                            .returns(UdfType.BIGINT)
                            .build());
            assertThat(square(second, negate, 4L)).containsExactly(-4L);
            assertThat(square(second, square, 4L)).containsExactly(16L);
            assertThat(square(first, negate, 5L)).containsExactly(-5L);
        }
    }

    @Test
    void aReleasedFunctionIsForgottenByTheInterpretersAndCompiledAgainIfCalledAnyway() {
        PythonFunction counter = PythonFunction.builder(
                        "counter", "calls = 0\ndef f(x):\n    global calls\n    calls += 1\n    return calls\n", "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .deterministic(false)
                .build();
        try (InterpreterPool pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(1))) {
            RegisteredFunction function = pool.register(counter);
            assertThat(square(pool, function, 1L, 1L)).containsExactly(1L, 2L);
            assertThat(square(pool, function, 1L)).containsExactly(3L); // the module (and its counter) is cached
            pool.release(function);
            // the interpreter dropped its module: a late call compiles it afresh, counting from 1 again
            assertThat(square(pool, function, 1L)).containsExactly(1L);
        }
    }

    @Test
    void aRegisteredFunctionOutlivesItsPool() {
        RegisteredFunction square;
        try (InterpreterPool pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(1))) {
            square = pool.register(SQUARE);
        }
        try (InterpreterPool pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(1))) {
            pool.register(PythonFunction.builder("cube", "def f(x):\n    return x ** 3\n", "f")
                    .arguments(UdfType.BIGINT)
                    .returns(UdfType.BIGINT)
                    .build());
            assertThat(square(pool, square, 3L)).containsExactly(9L);
        }
    }

    @Test
    void sharedGilInterpretersWorkToo() {
        try (InterpreterPool pool = InterpreterPool.start(PoolOptions.defaults()
                .withWorkers(2)
                .withIsolation(Isolation.SHARED_GIL)
                .withCallTimeout(Duration.ofSeconds(60)))) {
            RegisteredFunction square = pool.register(SQUARE);
            for (int attempt = 0; attempt < 4; attempt++) {
                assertThat(square(pool, square, 2L, 3L)).containsExactly(4L, 9L);
            }
            RegisteredFunction spin =
                    pool.register(PythonFunction.builder("spin", "def f(x):\n    while True:\n        pass\n", "f")
                            .arguments(UdfType.BIGINT)
                            .returns(UdfType.BIGINT)
                            .build());
            try (FieldVector input = Columns.of(allocator, UdfType.BIGINT, 1L)) {
                UdfException failure = catchThrowableOfType(
                        UdfException.class,
                        () -> pool.submit(spin, List.of(input), 1, allocator, Duration.ofMillis(300))
                                .get());
                assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
            }
            assertThat(square(pool, square, 5L)).containsExactly(25L);
        }
    }

    @Test
    void optionsAreValidated() {
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> PoolOptions.defaults().withWorkers(0)))
                .hasMessageContaining("at least 1 worker");
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> PoolOptions.defaults().withCallTimeout(Duration.ZERO)))
                .hasMessageContaining("positive");
    }
}
