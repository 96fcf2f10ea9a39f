package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.PythonRuntime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A query over its own Python memory limit fails with MEMORY_LIMIT naming the function, its memory
 * is released, and other queries and the pool carry on. Deterministic: the limit is small (64 MB)
 * and counted per interpreter by libquiver_pymem, not read from the process's resident memory.
 * Skipped when the library is not built — except under ./quiver test, which builds it and sets
 * -Dquiver.pymem.required=true.
 */
class QueryMemoryLimitTest {
    private static final long LIMIT = 64L << 20;
    private static InterpreterPool pool;
    private static RegisteredFunction bigHog;
    private static RegisteredFunction smallHog;
    private static RegisteredFunction keeper;
    private static RegisteredFunction twice;
    private BufferAllocator root;

    @BeforeAll
    static void startPool() {
        boolean available = PythonRuntime.get().memoryAccounting().isAvailable();
        if (Boolean.getBoolean("quiver.pymem.required")) {
            assertThat(available)
                    .as(PythonRuntime.get().memoryAccounting().status())
                    .isTrue();
        }
        Assumptions.assumeTrue(available, PythonRuntime.get().memoryAccounting().status());
        // No process-wide limit: only the per-query one may stop these calls.
        pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(2).withMemoryLimit(0));
        bigHog = scalar("big_hog", """
                def f(x):
                    chunks = []
                    while True:
                        chunks.append(bytearray(1 << 20))
                """);
        smallHog = scalar("small_hog", """
                def f(x):
                    node = None
                    while True:
                        node = (node, x)
                """);
        keeper = scalar("keeper", """
                KEPT = []
                def f(x):
                    KEPT.append(bytearray(16 << 20))
                    return len(KEPT)
                """);
        twice = scalar("twice", "def f(x):\n    return 2 * x\n");
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    @BeforeEach
    void openAllocator() {
        root = new RootAllocator();
    }

    @AfterEach
    void closeAllocator() {
        root.close();
    }

    private static RegisteredFunction scalar(String name, String source) {
        return pool.register(PythonFunction.builder(name, source, "f")
                .arguments(UdfType.BIGINT)
                .returns(UdfType.BIGINT)
                .build());
    }

    @Test
    void aBigAllocationPastTheLimitFailsTheQueryAndItsMemoryIsReleased() {
        try (BufferAllocator query = root.newChildAllocator("query", 0, Long.MAX_VALUE);
                QueryMemoryLimit limit = pool.limitQueryMemory(query, LIMIT);
                FieldVector input = Columns.of(query, UdfType.BIGINT, 1L)) {
            UdfException failure = catchThrowableOfType(
                    UdfException.class,
                    () -> pool.call(bigHog, List.of(input), 1, query).close());
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.MEMORY_LIMIT);
            assertThat(failure.functionName()).isEqualTo("big_hog");
            assertThat(failure.getMessage())
                    .contains("Python function big_hog was stopped", "per-query Python memory limit of 64 MiB");
            assertThat(limit.used()).as("the call's memory was freed").isLessThan(8L << 20);
            // The same query may go on calling functions that stay within the limit.
            try (FieldVector result = pool.call(twice, List.of(input), 1, query)) {
                assertThat(Columns.values(result)).containsExactly(2L);
            }
        }
    }

    @Test
    void growthInSmallObjectsIsStoppedByTheWatchdog() {
        try (BufferAllocator query = root.newChildAllocator("query", 0, Long.MAX_VALUE);
                QueryMemoryLimit limit = pool.limitQueryMemory(query, LIMIT);
                FieldVector input = Columns.of(query, UdfType.BIGINT, 1L)) {
            UdfException failure = catchThrowableOfType(
                    UdfException.class,
                    () -> pool.call(smallHog, List.of(input), 1, query).close());
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.MEMORY_LIMIT);
            assertThat(failure.getMessage())
                    .contains("Python function small_hog was stopped", "passed its per-query Python memory limit");
            assertThat(limit.used()).isLessThan(8L << 20);
        }
    }

    @Test
    void otherQueriesCarryOnWhileOneIsStopped() {
        try (BufferAllocator hogQuery = root.newChildAllocator("hog query", 0, Long.MAX_VALUE);
                BufferAllocator other = root.newChildAllocator("other query", 0, Long.MAX_VALUE);
                QueryMemoryLimit hogLimit = pool.limitQueryMemory(hogQuery, LIMIT);
                QueryMemoryLimit otherLimit = pool.limitQueryMemory(other, LIMIT);
                FieldVector hogInput = Columns.of(hogQuery, UdfType.BIGINT, 1L);
                FieldVector input = Columns.of(other, UdfType.BIGINT, 21L)) {
            PendingCall<FieldVector> hog = pool.submit(smallHog, List.of(hogInput), 1, hogQuery, null);
            List<Long> answers = new ArrayList<>();
            for (int call = 0; call < 20; call++) {
                try (FieldVector result = pool.call(twice, List.of(input), 1, other)) {
                    answers.addAll(Columns.values(result).stream()
                            .map(Long.class::cast)
                            .toList());
                }
            }
            UdfException failure =
                    catchThrowableOfType(UdfException.class, () -> hog.get().close());
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.MEMORY_LIMIT);
            assertThat(answers).hasSize(20).containsOnly(42L);
            assertThat(otherLimit.used()).isLessThan(LIMIT);
        }
    }

    @Test
    void memoryACallKeepsCountsForTheRestOfTheQuery() {
        List<Long> kept = new ArrayList<>();
        try (BufferAllocator query = root.newChildAllocator("query", 0, Long.MAX_VALUE);
                QueryMemoryLimit limit = pool.limitQueryMemory(query, LIMIT);
                FieldVector input = Columns.of(query, UdfType.BIGINT, 1L)) {
            UdfException failure = null;
            for (int call = 0; call < 10 && failure == null; call++) {
                try (FieldVector result = pool.call(keeper, List.of(input), 1, query)) {
                    kept.add((Long) Columns.values(result).getFirst());
                } catch (UdfException e) {
                    failure = e;
                }
            }
            // 16 MB per call: the fourth fits in 64 MB, at the latest the fifth does not.
            assertThat(failure).isNotNull();
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.MEMORY_LIMIT);
            assertThat(kept.size()).isBetween(3, 4);
            assertThat(limit.used()).isGreaterThanOrEqualTo(3 * (16L << 20));
        }
        // A new query starts from zero: what the old one kept is not charged to it.
        try (BufferAllocator query = root.newChildAllocator("next query", 0, Long.MAX_VALUE);
                QueryMemoryLimit limit = pool.limitQueryMemory(query, LIMIT);
                FieldVector input = Columns.of(query, UdfType.BIGINT, 1L)) {
            pool.call(keeper, List.of(input), 1, query).close();
            assertThat(limit.used()).isBetween(16L << 20, 20L << 20);
        }
    }
}
