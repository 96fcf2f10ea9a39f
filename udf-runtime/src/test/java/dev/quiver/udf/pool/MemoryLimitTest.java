package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * A function that grows its memory forever is stopped with MEMORY_LIMIT when the process passes the
 * pool's limit, its memory is released, and the pool carries on. The limit is set a little above
 * what the process uses now, so the test is deterministic and needs no cgroup.
 */
class MemoryLimitTest {
    private static final long HEADROOM = 300L << 20;

    @Test
    void aFunctionGrowingForeverIsStoppedAndThePoolCarriesOn() throws InterruptedException {
        long resident = MemoryWatchdog.residentBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(resident > 0, "needs /proc/self/status (Linux)");
        try (BufferAllocator allocator = new RootAllocator();
                InterpreterPool pool = InterpreterPool.start(
                        PoolOptions.defaults().withWorkers(2).withMemoryLimit(resident + HEADROOM))) {
            RegisteredFunction hog = pool.register(PythonFunction.builder("hog", """
                    def f(x):
                        chunks = []
                        while True:
                            chunks.append(bytearray(1 << 20))
                    """, "f")
                    .arguments(UdfType.BIGINT)
                    .returns(UdfType.BIGINT)
                    .build());
            RegisteredFunction twice =
                    pool.register(PythonFunction.builder("twice", "def f(x):\n    return 2 * x\n", "f")
                            .arguments(UdfType.BIGINT)
                            .returns(UdfType.BIGINT)
                            .build());
            try (FieldVector input = Columns.of(allocator, UdfType.BIGINT, 1L)) {
                UdfException failure = catchThrowableOfType(
                        UdfException.class,
                        () -> pool.call(hog, List.of(input), 1, allocator).close());
                assertThat(failure.reason()).isEqualTo(UdfException.Reason.MEMORY_LIMIT);
                assertThat(failure.getMessage()).contains("Python function hog was stopped", "Python memory limit");
                long deadline = System.nanoTime() + 3_000_000_000L;
                while (MemoryWatchdog.residentBytes() >= resident + HEADROOM && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(MemoryWatchdog.residentBytes())
                        .as("the call's memory was released")
                        .isLessThan(resident + HEADROOM);
                for (int attempt = 0; attempt < 4; attempt++) {
                    try (FieldVector result = pool.call(twice, List.of(input), 1, allocator)) {
                        assertThat(Columns.values(result)).containsExactly(2L);
                    }
                }
                // Again: the limit holds for every call, not only the first.
                assertThat(catchThrowableOfType(
                                        UdfException.class,
                                        () -> pool.call(hog, List.of(input), 1, allocator)
                                                .close())
                                .reason())
                        .isEqualTo(UdfException.Reason.MEMORY_LIMIT);
            }
        }
    }
}
