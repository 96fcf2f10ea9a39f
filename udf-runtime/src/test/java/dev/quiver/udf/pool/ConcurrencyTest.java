package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.Columns;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/** One pool used from many Java threads at once. */
class ConcurrencyTest extends PoolTestSupport {
    private static final int THREADS = 8;
    private static final int BATCHES = 20;

    @Test
    void manyThreadsShareOnePoolAndEveryResultIsTheirOwn() throws Exception {
        RegisteredFunction polynomial = scalar(
                "polynomial",
                "import math\ndef f(x):\n    return math.fsum([x * x, 3 * x, 1.0])\n",
                UdfType.DOUBLE,
                UdfType.DOUBLE);
        RegisteredFunction label = pool.register(PythonFunction.builder("label", """
                def f(names, counts):
                    return [f'{name}×{count}' for name, count in zip(names, counts)]
                """, "f")
                .arguments(UdfType.VARCHAR, UdfType.INTEGER)
                .returns(UdfType.VARCHAR)
                .kind(FunctionKind.VECTORIZED)
                .nullHandling(NullHandling.RETURNS_NULL_ON_NULL_INPUT)
                .build());
        RegisteredFunction money =
                scalar("money", "def f(x):\n    return x * 2\n", UdfType.decimal(12, 2), UdfType.decimal(12, 2));
        // Each interpreter draws its own token at import time: the results tell which ones served.
        RegisteredFunction whoAmI = scalar(
                "who_am_i",
                "import random\nTOKEN = random.getrandbits(60)\n" + "def f(x):\n    return TOKEN\n",
                UdfType.BIGINT,
                UdfType.DOUBLE);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Set<Object>>> outcomes = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int threadNumber = thread;
                Callable<Set<Object>> work = () -> runBatches(threadNumber, polynomial, label, money, whoAmI);
                outcomes.add(threads.submit(work));
            }
            Set<Object> interpreters = new HashSet<>();
            for (Future<Set<Object>> outcome : outcomes) {
                interpreters.addAll(outcome.get());
            }
            assertThat(interpreters).as("interpreters that served").hasSize(2);
        } finally {
            threads.shutdownNow();
        }
    }

    private Set<Object> runBatches(
            int thread,
            RegisteredFunction polynomial,
            RegisteredFunction label,
            RegisteredFunction money,
            RegisteredFunction whoAmI) {
        Set<Object> tokens = new HashSet<>();
        try (BufferAllocator mine = allocator.newChildAllocator("thread-" + thread, 0, Long.MAX_VALUE)) {
            for (int batch = 0; batch < BATCHES; batch++) {
                int rows = 100 + 37 * thread + batch;
                List<Object> doubles = new ArrayList<>();
                List<Object> names = new ArrayList<>();
                List<Object> counts = new ArrayList<>();
                List<Object> amounts = new ArrayList<>();
                for (int row = 0; row < rows; row++) {
                    double x = thread * 1000.0 + batch * 10.0 + row / 8.0;
                    doubles.add(row % 11 == 0 ? null : x);
                    names.add(row % 13 == 0 ? null : "t" + thread + "b" + batch + "r" + row);
                    counts.add(row % 17 == 0 ? null : row * thread);
                    amounts.add(BigDecimal.valueOf(thread * 100_000L + batch * 1000L + row, 2));
                }
                try (FieldVector x = Columns.of(mine, UdfType.DOUBLE, doubles);
                        FieldVector name = Columns.of(mine, UdfType.VARCHAR, names);
                        FieldVector count = Columns.of(mine, UdfType.INTEGER, counts);
                        FieldVector amount = Columns.of(mine, UdfType.decimal(12, 2), amounts);
                        FieldVector polynomials = pool.call(polynomial, List.of(x), rows, mine);
                        FieldVector labels = pool.call(label, List.of(name, count), rows, mine);
                        FieldVector doubled = pool.call(money, List.of(amount), rows, mine);
                        FieldVector who = pool.call(whoAmI, List.of(x), rows, mine)) {
                    for (int row = 0; row < rows; row++) {
                        Double value = (Double) doubles.get(row);
                        assertThat(Columns.value(polynomials, row))
                                .isEqualTo(value == null ? null : value * value + 3 * value + 1.0);
                        Object expectedLabel = names.get(row) == null || counts.get(row) == null
                                ? null
                                : names.get(row) + "×" + counts.get(row);
                        assertThat(Columns.value(labels, row)).isEqualTo(expectedLabel);
                        assertThat(Columns.value(doubled, row))
                                .isEqualTo(((BigDecimal) amounts.get(row)).multiply(BigDecimal.TWO));
                    }
                    for (int row = 0; row < rows; row++) {
                        if (!who.isNull(row)) {
                            tokens.add(Columns.value(who, row));
                        }
                    }
                }
            }
        }
        return tokens;
    }

    @Test
    void oneSlowBatchNeverIdlesTheOtherWorker() {
        RegisteredFunction spin =
                scalar("spin_forever", "def f(x):\n    while True:\n        pass\n", UdfType.BIGINT, UdfType.BIGINT);
        RegisteredFunction echo = scalar("echo", "def f(x):\n    return x\n", UdfType.BIGINT, UdfType.BIGINT);
        try (FieldVector input = column(UdfType.BIGINT, 1L)) {
            PendingCall<FieldVector> stuck = pool.submit(spin, List.of(input), 1, allocator, null);
            for (int call = 0; call < 20; call++) {
                try (FieldVector result = pool.submit(echo, List.of(input), 1, allocator, Duration.ofSeconds(30))
                        .get()) {
                    assertThat(Columns.values(result)).containsExactly(1L);
                }
            }
            stuck.cancel();
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(UdfException.class, stuck::get)
                            .reason())
                    .isEqualTo(UdfException.Reason.CANCELLED);
        }
    }
}
