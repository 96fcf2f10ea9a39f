package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * Releasing a function frees its module at once; exceptions and values that misbehave when
 * printed are reported as the function's errors, not Quiver's; a cancel wakes only the cancelled
 * call's sleep. One interpreter, so every step lands in the same one.
 */
class ReleaseAndHostileErrorTest extends OneInterpreterTestSupport {
    @Test
    void releaseFreesTheModuleAtOnceEvenThroughReferenceCycles() {
        // The module's globals and its functions form a cycle; with the collector off (as a busy
        // interpreter may leave it between collections) only breaking the cycle frees it.
        RegisteredFunction holder = define("holder", """
                import gc, sys, weakref
                gc.disable()
                class Big:
                    pass
                big = Big()
                sys.quiver_test_big = weakref.ref(big)
                def f(x):
                    return x
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(holder, UdfType.BIGINT, 1L)).containsExactly(1L);
        RegisteredFunction probe = define(
                "probe",
                "import sys\ndef f(x):\n    return sys.quiver_test_big() is None\n",
                UdfType.BOOLEAN,
                UdfType.BIGINT);
        assertThat(run(probe, UdfType.BIGINT, 1L)).containsExactly(false);
        pool.release(holder);
        assertThat(run(probe, UdfType.BIGINT, 1L))
                .as("the released module's objects are gone")
                .containsExactly(true);
    }

    @Test
    void anExceptionWhoseStrRaisesIsReportedWithItsType() {
        RegisteredFunction raises = define("bad_str", """
                class Unprintable(Exception):
                    def __str__(self):
                        raise RuntimeError('no')
                def f(x):
                    raise Unprintable()
                """, UdfType.BIGINT, UdfType.BIGINT);
        UdfException failure = failure(raises, UdfType.BIGINT, 1L);
        assertThat(failure.reason()).isEqualTo(UdfException.Reason.PYTHON_ERROR);
        assertThat(failure.pythonType()).isEqualTo("Unprintable");
        assertThat(failure.pythonMessage()).contains("message unavailable", "__str__ raised RuntimeError");
    }

    @Test
    void aResultWhoseReprRaisesIsABadResult() {
        RegisteredFunction returns = define("bad_repr", """
                class Odd:
                    def __repr__(self):
                        raise RuntimeError('no')
                def f(x):
                    return Odd()
                """, UdfType.BIGINT, UdfType.BIGINT);
        UdfException failure = failure(returns, UdfType.BIGINT, 1L);
        assertThat(failure.reason()).isEqualTo(UdfException.Reason.BAD_RESULT);
        assertThat(failure.getMessage()).contains("returned Odd", "repr() raised RuntimeError");
    }

    @Test
    void aCancelWakesOnlyTheCancelledCallNotABackgroundThread() throws Exception {
        RegisteredFunction background = define("background", """
                import threading, time
                state = {}
                def nap():
                    try:
                        time.sleep(1.0)
                        state['outcome'] = 'slept'
                    except BaseException as e:
                        state['outcome'] = type(e).__name__
                def f(x):
                    if x == 1:
                        threading.Thread(target=nap).start()
                        return 0
                    if x == 2:
                        time.sleep(60)
                    return 1 if state.get('outcome') == 'slept' else -1 if 'outcome' in state else 0
                """, UdfType.BIGINT, UdfType.BIGINT);
        assertThat(run(background, UdfType.BIGINT, 1L)).containsExactly(0L);
        try (FieldVector input = Columns.of(allocator, UdfType.BIGINT, 2L)) {
            UdfException failure = catchThrowableOfType(
                    UdfException.class,
                    () -> pool.submit(background, List.of(input), 1, allocator, Duration.ofMillis(200))
                            .get()
                            .close());
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
        }
        Thread.sleep(2_500); // the background thread's 1 s sleep, with room for a busy machine
        assertThat(run(background, UdfType.BIGINT, 3L))
                .as("the background thread slept its full second")
                .containsExactly(1L);
    }

    @Test
    void aFailingRowReportsItsArgumentValues() {
        RegisteredFunction fails = pool.register(PythonFunction.builder("fails_on", """
                def f(x, s):
                    if x == 3:
                        raise ValueError('bad')
                    return x
                """, "f")
                .arguments(UdfType.BIGINT, UdfType.VARCHAR)
                .returns(UdfType.BIGINT)
                .build());
        try (FieldVector numbers = Columns.of(allocator, UdfType.BIGINT, 1L, 2L, 3L);
                FieldVector texts = Columns.of(allocator, UdfType.VARCHAR, "a", "b", "x".repeat(500))) {
            UdfException failure = catchThrowableOfType(
                    UdfException.class,
                    () -> pool.call(fails, List.of(numbers, texts), 3, allocator)
                            .close());
            assertThat(failure.row()).isEqualTo(2);
            assertThat(failure.getMessage())
                    .contains("row 2, arguments: 3, 'xxxx")
                    .contains("...")
                    .doesNotContain("x".repeat(100));
        }
    }
}
