package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.PythonRuntime;
import dev.quiver.udf.testing.StartSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadlines and cancellation interrupt running Python code; a call that ignores the interruption
 * is abandoned after the grace period and its worker replaced.
 *
 * <p>The shared pool has a long cancel grace (20 s): a test that ends in a few seconds proves its
 * call was interrupted, not abandoned. No test asserts on timing beyond such generous bounds.
 */
class CancellationTest {
    private static final Duration LONG_GRACE = Duration.ofSeconds(20);
    private static final long FEW_SECONDS = 8_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path signalDirectory;

    private static StartSignal spinStarted;
    private static InterpreterPool pool;
    private static RegisteredFunction spin;
    private BufferAllocator allocator;

    @BeforeAll
    static void startPool() {
        pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(2).withCancelGrace(LONG_GRACE));
        spinStarted = StartSignal.in(signalDirectory);
        spin = pool.register(PythonFunction.builder(
                        "spin",
                        "def f(x):\n    " + spinStarted.pythonStatement() + "\n    while True:\n        pass\n",
                        "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .build());
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator();
        spinStarted.reset();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private FieldVector numbers(Long... values) {
        return Columns.of(allocator, UdfType.BIGINT, (Object[]) values);
    }

    private static UdfException failureOf(PendingCall<FieldVector> call) {
        UdfException failure =
                catchThrowableOfType(UdfException.class, () -> call.get().close());
        assertThat(failure).as("expected the call to fail").isNotNull();
        return failure;
    }

    /** The pool still has both workers and both answer. */
    private void assertPoolServes() {
        assertThat(pool.workerCount()).isEqualTo(2);
        RegisteredFunction echo = pool.register(PythonFunction.builder("echo", "def f(x):\n    return x\n", "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .build());
        for (int attempt = 0; attempt < 4; attempt++) {
            try (FieldVector input = numbers(7L);
                    FieldVector result = pool.call(echo, List.of(input), 1, allocator)) {
                assertThat(Columns.values(result)).containsExactly(7L);
            }
        }
    }

    @Test
    void infiniteLoopTimesOut() {
        try (FieldVector input = numbers(1L)) {
            long start = System.nanoTime();
            UdfException failure = failureOf(pool.submit(spin, List.of(input), 1, allocator, Duration.ofMillis(300)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
            assertThat(failure.functionName()).isEqualTo("spin");
            assertThat(failure.getMessage())
                    .contains("spin", "deadline", "interrupted")
                    .doesNotContain("abandoned");
            assertThat(millis).as("interrupted, not abandoned after the grace").isLessThan(FEW_SECONDS);
        }
        assertPoolServes();
    }

    @Test
    void explicitCancel() {
        try (FieldVector input = numbers(1L)) {
            PendingCall<FieldVector> call = pool.submit(spin, List.of(input), 1, allocator, null);
            spinStarted.await(1, START_TIMEOUT);
            long start = System.nanoTime();
            call.cancel();
            UdfException failure = failureOf(call);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.CANCELLED);
            assertThat(failure.getMessage()).contains("spin", "cancelled").doesNotContain("abandoned");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(FEW_SECONDS);
            assertThat(call.isDone()).isTrue();
        }
        assertPoolServes();
    }

    @Test
    void cancelRightAfterSubmitIsNeverLost() {
        // The cancel may arrive while the worker is still preparing the batch, before Python runs.
        for (int attempt = 0; attempt < 20; attempt++) {
            try (FieldVector input = numbers(1L)) {
                PendingCall<FieldVector> call = pool.submit(spin, List.of(input), 1, allocator, null);
                if (attempt % 2 == 1) {
                    Thread.onSpinWait();
                }
                long start = System.nanoTime();
                call.cancel();
                UdfException failure = failureOf(call);
                assertThat(failure.reason()).isEqualTo(UdfException.Reason.CANCELLED);
                assertThat(failure.getMessage()).doesNotContain("abandoned");
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(FEW_SECONDS);
            }
        }
        assertPoolServes();
    }

    @Test
    void interruptingTheWaitingThreadCancelsTheCall() throws Exception {
        try (FieldVector input = numbers(1L)) {
            PendingCall<FieldVector> call = pool.submit(spin, List.of(input), 1, allocator, null);
            UdfException[] failure = new UdfException[1];
            Thread waiter = Thread.ofPlatform()
                    .start(() -> failure[0] = catchThrowableOfType(
                            UdfException.class, () -> call.get().close()));
            // Python runs: the interrupt must stop it (whether the waiter is already inside get() or not)
            spinStarted.await(1, START_TIMEOUT);
            waiter.interrupt();
            waiter.join(FEW_SECONDS);
            assertThat(waiter.isAlive()).isFalse();
            assertThat(failure[0].reason()).isEqualTo(UdfException.Reason.CANCELLED);
            // Interrupted promptly: the worker was not abandoned for ignoring the cancel.
            assertThat(call.isDone()).isTrue();
            assertThat(catchThrowableOfType(UdfException.class, call::get).getMessage())
                    .doesNotContain("abandoned");
        }
        assertPoolServes();
    }

    @Test
    void sleepIsInterrupted() {
        RegisteredFunction sleeper = pool.register(PythonFunction.builder("sleeper", """
                import time
                from time import sleep
                def f(x):
                    if x:
                        time.sleep(60)
                    else:
                        sleep(60)
                    return x
                """, "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .build());
        for (long variant : new long[] {0, 1}) {
            try (FieldVector input = numbers(variant)) {
                long start = System.nanoTime();
                UdfException failure =
                        failureOf(pool.submit(sleeper, List.of(input), 1, allocator, Duration.ofMillis(300)));
                assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(FEW_SECONDS);
            }
        }
        assertPoolServes();
    }

    @Test
    void vectorizedAndModuleLevelLoopsAreInterruptedToo() {
        RegisteredFunction vectorized =
                pool.register(PythonFunction.builder("vector_spin", "def f(xs):\n    while True:\n        pass\n", "f")
                        .arguments(UdfType.BIGINT)
                        .returns(UdfType.BIGINT)
                        .kind(FunctionKind.VECTORIZED)
                        .build());
        try (FieldVector input = numbers(1L)) {
            assertThat(failureOf(pool.submit(vectorized, List.of(input), 1, allocator, Duration.ofMillis(300)))
                            .reason())
                    .isEqualTo(UdfException.Reason.TIMEOUT);
        }
        // Module-level code of a definition runs under the deadline of the call that defines it.
        try (InterpreterPool slowStart = InterpreterPool.start(PoolOptions.defaults()
                .withWorkers(1)
                .withCallTimeout(Duration.ofMillis(300))
                .withCancelGrace(LONG_GRACE))) {
            long start = System.nanoTime();
            UdfException failure = catchThrowableOfType(
                    UdfException.class,
                    () -> slowStart.register(PythonFunction.builder("slow_module", "while True:\n    pass\n", "f")
                            .returns(UdfType.BIGINT)
                            .build()));
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(FEW_SECONDS);
        }
        assertPoolServes();
    }

    @Test
    void queuedCallsAreDroppedWithoutRunning() {
        List<FieldVector> inputs = new ArrayList<>();
        try {
            List<PendingCall<FieldVector>> busy = new ArrayList<>();
            for (int worker = 0; worker < 2; worker++) {
                FieldVector input = numbers(1L);
                inputs.add(input);
                busy.add(pool.submit(spin, List.of(input), 1, allocator, null));
            }
            FieldVector queuedInput = numbers(2L);
            inputs.add(queuedInput);
            PendingCall<FieldVector> queued = pool.submit(spin, List.of(queuedInput), 1, allocator, null);
            PendingCall<FieldVector> expiring =
                    pool.submit(spin, List.of(queuedInput), 1, allocator, Duration.ofMillis(100));
            spinStarted.await(2, START_TIMEOUT); // both workers are busy: the other two calls wait in the queue
            queued.cancel();
            assertThat(failureOf(queued).reason()).isEqualTo(UdfException.Reason.CANCELLED);
            UdfException expired = failureOf(expiring);
            assertThat(expired.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
            assertThat(expired.getMessage()).contains("before it started");
            for (PendingCall<FieldVector> call : busy) {
                call.cancel();
                assertThat(failureOf(call).reason()).isEqualTo(UdfException.Reason.CANCELLED);
            }
        } finally {
            inputs.forEach(FieldVector::close);
        }
        assertPoolServes();
    }

    @Test
    void lateCancelsNeverLeakIntoTheNextCall() {
        // Deadlines that expire around the moment the call ends: a stale asynchronous exception
        // would make the following call fail with CANCELLED although it never was.
        RegisteredFunction busy = pool.register(PythonFunction.builder("busy", """
                import time
                def f(x):
                    end = time.monotonic() + x / 1000
                    while time.monotonic() < end:
                        pass
                    return x
                """, "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .build());
        for (int attempt = 0; attempt < 30; attempt++) {
            long millis = 1 + attempt % 6;
            try (FieldVector input = numbers(millis);
                    FieldVector quick = numbers(0L)) {
                try {
                    pool.submit(busy, List.of(input), 1, allocator, Duration.ofMillis(millis))
                            .get()
                            .close();
                } catch (UdfException e) {
                    assertThat(e.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
                }
                try (FieldVector result = pool.call(busy, List.of(quick), 1, allocator)) {
                    assertThat(Columns.values(result)).containsExactly(0L);
                }
            }
        }
    }

    @Test
    void aCancelledSleepDoesNotCancelTheNextDefinition() {
        // The interrupter wakes time.sleep through an event; it must not stay set for what runs next.
        try (InterpreterPool single =
                InterpreterPool.start(PoolOptions.defaults().withWorkers(1).withCancelGrace(LONG_GRACE))) {
            RegisteredFunction sleeper = single.register(PythonFunction.builder("sleeps", """
                    import time
                    def f(x):
                        time.sleep(60)
                    """, "f")
                    .arguments(UdfType.BIGINT)
                    .returns(UdfType.BIGINT)
                    .build());
            try (FieldVector input = numbers(1L)) {
                assertThat(failureOf(single.submit(sleeper, List.of(input), 1, allocator, Duration.ofMillis(300)))
                                .reason())
                        .isEqualTo(UdfException.Reason.TIMEOUT);
            }
            RegisteredFunction napsAtImport = single.register(PythonFunction.builder("naps_at_import", """
                    import time
                    time.sleep(0.01)
                    def f(x):
                        time.sleep(0.01)
                        return x
                    """, "f")
                    .arguments(UdfType.BIGINT)
                    .returns(UdfType.BIGINT)
                    .build());
            try (FieldVector input = numbers(4L);
                    FieldVector result = single.call(napsAtImport, List.of(input), 1, allocator)) {
                assertThat(Columns.values(result)).containsExactly(4L);
            }
        }
    }

    @Test
    void cancelAfterCompletionChangesNothing() {
        RegisteredFunction echo = pool.register(PythonFunction.builder("echo_late", "def f(x):\n    return x\n", "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .build());
        try (FieldVector input = numbers(3L)) {
            PendingCall<FieldVector> call = pool.submit(echo, List.of(input), 1, allocator, null);
            try (FieldVector result = call.get()) {
                call.cancel();
                assertThat(Columns.values(result)).containsExactly(3L);
            }
        }
        assertPoolServes();
    }

    @Test
    void aCallThatSwallowsTheCancelIsAbandonedAndItsWorkerReplaced() {
        int baseline = PythonRuntime.get().liveInterpreters();
        // Swallows every cancel for 4 s, then reads its whole batch and returns. The busy loop is
        // in its own function: CPython 3.13 may raise an asynchronous exception at a loop's
        // back-edge where the enclosing try does not catch it, so an inline loop would not swallow.
        String source = """
                import time
                def spin(end):
                    while time.monotonic() < end:
                        pass
                def f(xs):
                    end = time.monotonic() + 4
                    while time.monotonic() < end:
                        try:
                            spin(end)
                        except BaseException:
                            pass
                    return [x + 1 for x in xs]
                """;
        try (BufferAllocator own = new RootAllocator();
                InterpreterPool stubborn = InterpreterPool.start(
                        PoolOptions.defaults().withWorkers(2).withCancelGrace(Duration.ofMillis(500)))) {
            RegisteredFunction swallow = stubborn.register(PythonFunction.builder("swallow", source, "f")
                    .arguments(UdfType.BIGINT)
                    .returns(UdfType.BIGINT)
                    .kind(FunctionKind.VECTORIZED)
                    .build());
            ArrowBuf batchData;
            try (FieldVector input = Columns.of(own, UdfType.BIGINT, 1L, 2L, 3L)) {
                batchData = input.getDataBuffer();
                UdfException failure =
                        failureOf(stubborn.submit(swallow, List.of(input), 3, own, Duration.ofMillis(300)));
                // Only the abandonment path says so; had the UDF returned by itself, the call would succeed.
                assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
                assertThat(failure.getMessage()).contains("swallow", "did not stop", "abandoned and replaced");
            }
            // The caller has closed its batch; the abandoned call, still reading it, keeps it alive,
            // counted in a child allocator of the caller's root until it ends.
            assertThat(own.getAllocatedMemory())
                    .as("the batch's memory, still in use")
                    .isPositive();
            assertThat(stubborn.workerCount()).isEqualTo(2);
            RegisteredFunction echo = stubborn.register(PythonFunction.builder("echo", "def f(x):\n    return x\n", "f")
                    .arguments(UdfType.BIGINT)
                    .returns(UdfType.BIGINT)
                    .build());
            for (int attempt = 0; attempt < 4; attempt++) {
                try (FieldVector input = Columns.of(own, UdfType.BIGINT, 5L);
                        FieldVector result = stubborn.call(echo, List.of(input), 1, own)) {
                    assertThat(Columns.values(result)).containsExactly(5L);
                }
            }
            stubborn.close();
            // The abandoned worker ends its interpreter once the call returns, and frees the batch.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (PythonRuntime.get().liveInterpreters() > baseline && System.nanoTime() < deadline) {
                sleep(50);
            }
            assertThat(PythonRuntime.get().liveInterpreters()).isEqualTo(baseline);
            assertThat(batchData.getReferenceManager().getRefCount()).isZero();
            assertThat(own.getAllocatedMemory()).isZero();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
