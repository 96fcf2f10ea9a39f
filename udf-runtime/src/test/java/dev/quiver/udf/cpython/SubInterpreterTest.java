package dev.quiver.udf.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sub-interpreter and its interruptor are confined to the threads that created them. */
class SubInterpreterTest {
    private ExecutorService owner;

    @BeforeEach
    void startOwnerThread() {
        owner = Executors.newSingleThreadExecutor(task ->
                Thread.ofPlatform().name("test-owner").stackSize(8L << 20).unstarted(task));
    }

    @AfterEach
    void stopOwnerThread() {
        owner.shutdownNow();
    }

    private <T> T onOwner(Callable<T> action) throws Exception {
        try {
            return owner.submit(action).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Test
    void usingAnInterpreterFromAnotherThreadIsRefused() throws Exception {
        PythonRuntime runtime = PythonRuntime.get();
        int live = runtime.liveInterpreters();
        SubInterpreter interpreter = onOwner(() -> SubInterpreter.create(runtime, Isolation.OWN_GIL));
        assertThat(runtime.liveInterpreters()).isEqualTo(live + 1);

        assertThat(onOwner(() -> interpreter.call(0, "forget", null, 1L).isOk()))
                .isTrue();
        assertThat(catchThrowableOfType(IllegalStateException.class, () -> interpreter.call(0, "forget", null, 1L)))
                .hasMessageContaining("owned by thread 'test-owner'")
                .hasMessageContaining(
                        "used from thread '" + Thread.currentThread().getName() + "'");
        assertThat(catchThrowableOfType(IllegalStateException.class, interpreter::end))
                .hasMessageContaining("owned by thread 'test-owner'");
        assertThat(runtime.liveInterpreters())
                .as("a refused end() ends nothing")
                .isEqualTo(live + 1);

        // An interruptor belongs to the thread that created it, too.
        Interruptor interruptor = Interruptor.create(interpreter);
        assertThat(catchThrowableOfType(IllegalStateException.class, () -> onOwner(() -> interruptor.interrupt(1))))
                .hasMessageContaining("interruptor used from thread 'test-owner'");
        assertThat(interruptor.interrupt(12345)).as("no such call running").isFalse();
        interruptor.close();

        onOwner(() -> {
            interpreter.end();
            return null;
        });
        assertThat(interpreter.isEnded()).isTrue();
        assertThat(runtime.liveInterpreters()).isEqualTo(live);
        assertThat(catchThrowableOfType(
                        IllegalStateException.class, () -> onOwner(() -> interpreter.call(0, "forget", null, 1L))))
                .hasMessageContaining("already ended");
    }

    @Test
    void virtualThreadsCannotOwnAnInterpreter() throws Exception {
        PythonRuntime runtime = PythonRuntime.get();
        Thread thread = Thread.ofVirtual().unstarted(() -> {
            IllegalStateException refused = catchThrowableOfType(
                    IllegalStateException.class, () -> SubInterpreter.create(runtime, Isolation.OWN_GIL));
            assertThat(refused).hasMessageContaining("platform threads");
        });
        thread.start();
        thread.join();
    }
}
