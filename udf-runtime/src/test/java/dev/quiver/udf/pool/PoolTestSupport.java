package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up for tests that run functions on one pool: one two-worker pool per test class
 * (starting interpreters costs ~10 ms each) and one {@link RootAllocator} per test, closed after
 * it, so a buffer the runtime leaks fails that test.
 */
abstract class PoolTestSupport {
    static InterpreterPool pool;
    BufferAllocator allocator;

    @BeforeAll
    static void startPool() {
        pool = InterpreterPool.start(PoolOptions.defaults().withWorkers(2));
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close(); // throws IllegalStateException, failing the test, if anything leaked
    }

    /**
     * The tier this class's tests register functions in ({@link #register}); a subclass runs the
     * same tests in the process tier.
     */
    dev.quiver.udf.FunctionIsolation isolation() {
        return dev.quiver.udf.FunctionIsolation.SUBINTERPRETER;
    }

    /** Registers {@code function} in this class's tier. */
    RegisteredFunction register(PythonFunction function) {
        return pool.register(function, isolation());
    }

    /** A scalar function with the default modes. */
    static RegisteredFunction scalar(String name, String source, UdfType returns, UdfType... arguments) {
        return pool.register(PythonFunction.builder(name, source, "f")
                .arguments(arguments)
                .returns(returns)
                .build());
    }

    /** Runs {@code function} over the given columns (all of one length) and returns the values. */
    List<Object> run(RegisteredFunction function, FieldVector... columns) {
        return run(function, columns.length == 0 ? 0 : columns[0].getValueCount(), columns);
    }

    List<Object> run(RegisteredFunction function, int rowCount, FieldVector... columns) {
        try (FieldVector result = pool.call(function, Arrays.asList(columns), rowCount, allocator)) {
            assertThat(result.getValueCount()).isEqualTo(rowCount);
            assertThat(UdfType.fromArrow(result.getField().getType()))
                    .isEqualTo(function.definition().returnType());
            return Columns.values(result);
        }
    }

    /** Runs a call expected to fail and returns its exception. */
    UdfException failure(RegisteredFunction function, FieldVector... columns) {
        UdfException failure = catchThrowableOfType(UdfException.class, () -> run(function, columns));
        assertThat(failure).as("expected the call to fail").isNotNull();
        return failure;
    }

    /** A column of {@code type}, closed by the caller. */
    FieldVector column(UdfType type, Object... values) {
        return Columns.of(allocator, type, values);
    }
}
