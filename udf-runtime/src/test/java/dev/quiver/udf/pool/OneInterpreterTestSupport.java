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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up for tests where every function must share one interpreter, so that one function's
 * effect on another is deterministic: one single-worker pool per test class and one allocator per
 * test, closed after it (a leaked buffer fails the test).
 */
abstract class OneInterpreterTestSupport {
    static InterpreterPool pool;
    BufferAllocator allocator;

    @BeforeAll
    static void startPool() {
        pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(1));
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

    /** A scalar function with handler {@code f}. */
    static RegisteredFunction define(String name, String source, UdfType returns, UdfType... arguments) {
        return pool.register(PythonFunction.builder(name, source, "f")
                .arguments(arguments)
                .returns(returns)
                .build());
    }

    /** Runs a one-argument function over {@code values} of {@code type}. */
    List<Object> run(RegisteredFunction function, UdfType type, Object... values) {
        try (FieldVector input = Columns.of(allocator, type, values);
                FieldVector result = pool.call(function, List.of(input), values.length, allocator)) {
            return Columns.values(result);
        }
    }

    /** Runs a call expected to fail and returns its exception. */
    UdfException failure(RegisteredFunction function, UdfType type, Object... values) {
        UdfException failure = catchThrowableOfType(UdfException.class, () -> run(function, type, values));
        assertThat(failure).as("expected the call to fail").isNotNull();
        return failure;
    }
}
