package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * A call stuck inside one C call cannot be interrupted: its caller still gets TIMEOUT at once and
 * can close its allocator, the batch's memory is counted elsewhere until Python lets go, the
 * abandoned interpreter is counted, and the function is refused from then on so that it cannot
 * pile up more. The C call here is a lock wait of a few seconds, so nothing burns CPU.
 */
class StuckCallTest {
    private static final String STUCK = """
            import threading
            def f(x):
                lock = threading.Lock()
                lock.acquire()
                lock.acquire(timeout=3)  # one C call: a cancel can only land once it returns
                return x
            """;

    @Test
    void aCallStuckInCIsAbandonedItsMemoryHandedOverAndItsFunctionRefused() throws Exception {
        try (BufferAllocator root = new RootAllocator();
                InterpreterPool pool = InterpreterPool.start(
                        PoolOptions.defaults().withWorkers(1).withCancelGrace(Duration.ofMillis(300)))) {
            RegisteredFunction stuck = pool.register(PythonFunction.builder("stuck", STUCK, "f")
                    .arguments(UdfType.BIGINT)
                    .returns(UdfType.BIGINT)
                    .build());
            RegisteredFunction echo = pool.register(PythonFunction.builder("echo", "def f(x):\n    return x\n", "f")
                    .arguments(UdfType.BIGINT)
                    .returns(UdfType.BIGINT)
                    .build());
            BufferAllocator query = root.newChildAllocator("query", 0, Long.MAX_VALUE);
            FieldVector input = Columns.of(query, UdfType.BIGINT, 1L, 2L);
            long start = System.nanoTime();
            UdfException failure = catchThrowableOfType(
                    UdfException.class,
                    () -> pool.submit(stuck, List.of(input), 2, query, Duration.ofMillis(200))
                            .get()
                            .close());
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("the caller does not wait for the C call")
                    .isLessThan(2_500);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.TIMEOUT);
            assertThat(failure.getMessage()).contains("stuck", "abandoned", "refused for the rest of this session");
            // The query ends: it frees its vectors and closes its allocator while Python still holds the batch.
            input.close();
            query.close();
            assertThat(pool.abandonedInterpreters()).isEqualTo(1);
            assertThat(root.getAllocatedMemory())
                    .as("the batch, now counted for the abandoned call")
                    .isPositive();
            long threadId = pool.abandonedThreadIds().getFirst();
            Path stat = Path.of("/proc/self/task/" + threadId + "/stat");
            if (Files.exists(stat)) { // Linux: the stuck thread yields the cores to everything else
                String[] fields = Files.readString(stat)
                        .substring(Files.readString(stat).lastIndexOf(')') + 2)
                        .split(" ");
                assertThat(fields[16]).as("nice value of the abandoned thread").isEqualTo("19");
            }

            try (FieldVector again = Columns.of(root, UdfType.BIGINT, 1L)) {
                UdfException refused = catchThrowableOfType(
                        UdfException.class,
                        () -> pool.call(stuck, List.of(again), 1, root).close());
                assertThat(refused.reason()).isEqualTo(UdfException.Reason.REFUSED);
                assertThat(refused.getMessage()).contains("stuck", "refused", "CREATE OR REPLACE FUNCTION");
                try (FieldVector result = pool.call(echo, List.of(again), 1, root)) {
                    assertThat(Columns.values(result)).containsExactly(1L);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (pool.abandonedInterpreters() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(pool.abandonedInterpreters())
                    .as("the abandoned call ended")
                    .isZero();
            assertThat(root.getAllocatedMemory())
                    .as("its memory was freed when it did")
                    .isZero();
        }
    }

    @Test
    void closeDoesNotWaitLongForACallStuckInC() {
        BufferAllocator allocator = new RootAllocator();
        InterpreterPool pool =
                InterpreterPool.start(PoolOptions.defaults().withWorkers(1).withCancelGrace(Duration.ofMillis(300)));
        RegisteredFunction stuck =
                pool.register(PythonFunction.builder("stuck_at_close", STUCK.replace("timeout=3", "timeout=8"), "f")
                        .arguments(UdfType.BIGINT)
                        .returns(UdfType.BIGINT)
                        .build());
        FieldVector input = Columns.of(allocator, UdfType.BIGINT, 1L);
        PendingCall<FieldVector> call = pool.submit(stuck, List.of(input), 1, allocator, null);
        sleep(300);
        long start = System.nanoTime();
        pool.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis)
                .as("close gives up after the grace, not after the C call")
                .isLessThan(5_000);
        assertThat(pool.abandonedInterpreters()).isEqualTo(1);
        assertThat(catchThrowableOfType(UdfException.class, () -> call.get().close()))
                .isNotNull();
        // Let the stuck call finish before the next test class counts interpreters.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pool.abandonedInterpreters() > 0 && System.nanoTime() < deadline) {
            sleep(50);
        }
        input.close();
        allocator.close();
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
