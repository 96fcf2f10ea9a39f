package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.cpython.PythonRuntime;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A function that keeps a view of batch memory past its call fails with ESCAPED_MEMORY and its
 * interpreter is replaced, because that view would read the batch after the caller frees it.
 */
class EscapedMemoryTest extends PoolTestSupport {

    private RegisteredFunction keeping(String name, String keep) {
        return pool.register(PythonFunction.builder(
                        name, "kept = []\ndef f(xs):\n    " + keep + "\n    return [x + 1 for x in xs]\n", "f")
                .arguments(UdfType.DOUBLE)
                .returns(UdfType.DOUBLE)
                .kind(FunctionKind.VECTORIZED)
                .build());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "kept.append(xs[0:2])", // a slice shares the batch's managed buffer
                "kept.append(memoryview(xs))", // so does a view of the view
                "kept.append(xs.cast('B'))",
                "import struct; kept.append(struct.iter_unpack('d', xs))" // holds a buffer export of xs
            })
    void keepingAViewFailsTheCallAndReplacesTheInterpreter(String keep) {
        RegisteredFunction escaping = keeping("escapes", keep);
        RegisteredFunction honest = keeping("copies", "kept.append(list(xs))");
        int live = PythonRuntime.get().liveInterpreters();
        for (int attempt = 0; attempt < 3; attempt++) { // hits both workers, including replaced ones
            try (FieldVector input = column(UdfType.DOUBLE, 1.0, 2.0, 3.0)) {
                UdfException failure = failure(escaping, input);
                assertThat(failure.reason()).isEqualTo(UdfException.Reason.ESCAPED_MEMORY);
                assertThat(failure.functionName()).isEqualTo("escapes");
                assertThat(failure.getMessage()).contains("escapes", "kept a view", "replaced");
                assertThat(pool.workerCount()).isEqualTo(2);
                assertThat(run(honest, input)).containsExactly(2.0, 3.0, 4.0);
            }
        }
        assertThat(PythonRuntime.get().liveInterpreters()).isEqualTo(live);
    }

    @Test
    void aSliceAliveOnlyInTheFailingFrameDoesNotEscape() {
        // The traceback references the frame holding the slice, but both die with the call.
        RegisteredFunction function = pool.register(PythonFunction.builder("raises_with_slice", """
                def helper(part):
                    raise ValueError(f'first two: {list(part)}')
                def f(xs):
                    head = xs[0:2]
                    helper(head)
                """, "f")
                .arguments(UdfType.DOUBLE)
                .returns(UdfType.DOUBLE)
                .kind(FunctionKind.VECTORIZED)
                .build());
        for (int attempt = 0; attempt < 3; attempt++) {
            try (FieldVector input = column(UdfType.DOUBLE, 1.0, 2.0, 3.0)) {
                UdfException failure = failure(function, input);
                assertThat(failure.reason()).isEqualTo(UdfException.Reason.PYTHON_ERROR);
                assertThat(failure.pythonMessage()).isEqualTo("first two: [1.0, 2.0]");
            }
        }
    }

    @Test
    void keepingTheArgumentItselfIsHarmlessBecauseItIsReleased() {
        RegisteredFunction function = pool.register(PythonFunction.builder("keeps_argument", """
                kept = []
                def f(xs):
                    try:
                        previous = str(kept[-1][0]) if kept else 'first'
                    except ValueError:  # operation forbidden on released memoryview object
                        previous = 'released'
                    kept.append(xs)
                    return [previous] * len(xs)
                """, "f")
                .arguments(UdfType.DOUBLE)
                .returns(UdfType.VARCHAR)
                .kind(FunctionKind.VECTORIZED)
                .build());
        for (int attempt = 0; attempt < 6; attempt++) {
            try (FieldVector input = column(UdfType.DOUBLE, 1.0 + attempt)) {
                assertThat(run(function, input)).singleElement().isIn("first", "released");
            }
        }
    }
}
