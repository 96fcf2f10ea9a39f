package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.PythonRuntime;
import dev.quiver.udf.testing.StartSignal;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/** What python_info() reads: each interpreter's state and Python memory, and each query's. */
class InterpreterStatusTest {

    @Test
    void reportsTheRunningCallItsFunctionAndItsQuery() throws Exception {
        StartSignal started = StartSignal.inTemporaryDirectory();
        try (BufferAllocator root = new RootAllocator();
                InterpreterPool pool =
                        InterpreterPool.start(PoolOptions.defaults().withWorkers(2));
                BufferAllocator query = root.newChildAllocator("query", 0, Long.MAX_VALUE);
                QueryMemoryLimit limit = pool.limitQueryMemory(query, 1L << 30);
                BigIntVector input = new BigIntVector("x", query)) {
            input.allocateNew(1);
            input.set(0, 1);
            input.setValueCount(1);
            assertThat(pool.interpreterStatus())
                    .hasSize(2)
                    .allSatisfy(status -> assertThat(status.state()).isEqualTo("idle"))
                    .allSatisfy(status -> assertThat(status.cpuNanos()).isPositive()); // each started Python
            RegisteredFunction nap = pool.register(PythonFunction.builder(
                            "nap",
                            "import time\ndef f(x):\n    " + started.pythonStatement()
                                    + "\n    time.sleep(30)\n    return x\n",
                            "f")
                    .arguments(UdfType.BIGINT)
                    .returns(UdfType.BIGINT)
                    .build());
            PendingCall<FieldVector> call = pool.submit(nap, List.of(input), 1, query, null);
            started.await(1, Duration.ofSeconds(30));
            assertThat(pool.interpreterStatus())
                    .anySatisfy(status -> {
                        assertThat(status.state()).isEqualTo("running");
                        assertThat(status.function()).isEqualTo("nap");
                    })
                    .anySatisfy(status -> assertThat(status.state()).isEqualTo("idle"));
            if (PythonRuntime.get().memoryAccounting().isAvailable()) {
                assertThat(pool.interpreterStatus())
                        .allSatisfy(status -> assertThat(status.pythonMemory()).isPositive());
                assertThat(pool.queryMemoryLimits()).containsExactly(limit);
                assertThat(limit.runningCalls()).isEqualTo(1);
            }
            call.cancel();
        }
    }
}
