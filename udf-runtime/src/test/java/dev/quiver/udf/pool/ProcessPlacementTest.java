package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.udf.Columns;
import dev.quiver.udf.FunctionIsolation;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.PythonRuntime;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code isolation = 'auto'}: a module that refuses sub-interpreters (CPython's own
 * {@code _testsinglephase}) sends its function to the process tier; plain Python stays. Its own pool,
 * apart from ProcessTierTest's crashes (see docs/process-tier.md, "open issue").
 */
class ProcessPlacementTest {
    private static InterpreterPool pool;
    private BufferAllocator allocator;

    @BeforeAll
    static void startPool() {
        pool = InterpreterPool.start(PoolOptions.defaults()
                .withWorkers(2)
                .withWorkerPython(PythonRuntime.get().installation().executable()));
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

    private List<Object> run(RegisteredFunction function, FieldVector column) {
        try (FieldVector result = pool.call(function, List.of(column), column.getValueCount(), allocator)) {
            return Columns.values(result);
        }
    }

    private FieldVector column(UdfType type, Object... values) {
        return Columns.of(allocator, type, values);
    }

    @Test
    void autoPlacesAModuleThatRefusesSubInterpretersInTheProcessTier() {
        RegisteredFunction refuses = pool.register(
                PythonFunction.builder("single_phase", "import _testsinglephase\ndef f(x):\n    return x + 1\n", "f")
                        .arguments(UdfType.INTEGER)
                        .returns(UdfType.INTEGER)
                        .build(),
                FunctionIsolation.AUTO);
        RegisteredFunction plain = pool.register(
                PythonFunction.builder("plain_auto", "def f(x):\n    return x + 1\n", "f")
                        .arguments(UdfType.INTEGER)
                        .returns(UdfType.INTEGER)
                        .build(),
                FunctionIsolation.AUTO);
        assertThat(refuses.inProcess()).isTrue();
        assertThat(refuses.placement()).isEqualTo("_testsinglephase does not support sub-interpreters");
        assertThat(plain.inProcess()).isFalse();
        try (FieldVector input = column(UdfType.INTEGER, 1)) {
            assertThat(run(refuses, input)).containsExactly(2);
            assertThat(run(plain, input)).containsExactly(2);
        }
        UdfException refused = catchThrowableOfType(
                UdfException.class,
                () -> pool.register(
                        PythonFunction.builder(
                                        "single_phase_sub", "import _testsinglephase\ndef f(x):\n    return x\n", "f")
                                .arguments(UdfType.INTEGER)
                                .returns(UdfType.INTEGER)
                                .build(),
                        FunctionIsolation.SUBINTERPRETER));
        assertThat(refused.getMessage()).contains("does not support loading in subinterpreters");
    }
}
