package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/** A Python exception becomes a UdfException with the row, the type, the message and the traceback. */
class PythonErrorTest extends PoolTestSupport {
    private static final String RAISES_AT_THREE = """
            def f(x):
                if x == 3:
                    raise ValueError(f'bad value {x}')
                return x * 10
            """;

    @Test
    void exceptionCarriesRowTypeMessageAndTraceback() {
        RegisteredFunction function = scalar("fails", RAISES_AT_THREE, UdfType.INTEGER, UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, 1, 2, 3, 4)) {
            UdfException failure = failure(function, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.PYTHON_ERROR);
            assertThat(failure.functionName()).isEqualTo("fails");
            assertThat(failure.row()).isEqualTo(2);
            assertThat(failure.pythonType()).isEqualTo("ValueError");
            assertThat(failure.pythonMessage()).isEqualTo("bad value 3");
            assertThat(failure.pythonTraceback())
                    .startsWith("Traceback (most recent call last):")
                    .contains("File \"udf_fails.py\", line 3, in f", "raise ValueError(f'bad value {x}')")
                    .doesNotContain("quiver_runtime")
                    .endsWith("ValueError: bad value 3\n");
            assertThat(failure.getMessage())
                    .contains(
                            "Python function fails raised ValueError: bad value 3 (row 2, arguments: 3)",
                            "udf_fails.py");
        }
    }

    @Test
    void rowCountsNullRowsThatWereSkipped() {
        RegisteredFunction function = scalar("fails_late", RAISES_AT_THREE, UdfType.INTEGER, UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, null, null, 1, null, 3, 5)) {
            assertThat(failure(function, input).row()).isEqualTo(4);
        }
        RegisteredFunction seesNulls =
                pool.register(PythonFunction.builder("fails_on_none", "def f(x, y):\n    return x + y\n", "f")
                        .arguments(UdfType.INTEGER, UdfType.INTEGER)
                        .returns(UdfType.INTEGER)
                        .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                        .build());
        try (FieldVector left = column(UdfType.INTEGER, 1, null, 2);
                FieldVector right = column(UdfType.INTEGER, 1, 1, null)) {
            UdfException failure = failure(seesNulls, left, right);
            assertThat(failure.row()).isEqualTo(1);
            assertThat(failure.pythonType()).isEqualTo("TypeError");
        }
    }

    @Test
    void vectorizedExceptionHasNoRow() {
        RegisteredFunction function = pool.register(
                PythonFunction.builder("vector_fails", "def f(xs):\n    return [1 / x for x in xs]\n", "f")
                        .arguments(UdfType.DOUBLE)
                        .returns(UdfType.DOUBLE)
                        .kind(FunctionKind.VECTORIZED)
                        .build());
        try (FieldVector input = column(UdfType.DOUBLE, 1.0, 0.0)) {
            UdfException failure = failure(function, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.PYTHON_ERROR);
            assertThat(failure.row()).isEqualTo(-1);
            assertThat(failure.pythonType()).isEqualTo("ZeroDivisionError");
            assertThat(failure.pythonTraceback()).contains("File \"udf_vector_fails.py\", line 2", "1 / x");
        }
    }

    @Test
    void tracebackShowsEveryUdfFrameAndChainedCauses() {
        RegisteredFunction function = scalar("nested", """
                class TooBig(Exception):
                    pass

                def check(x):
                    if x > 1:
                        raise KeyError(x)

                def f(x):
                    try:
                        check(x)
                    except KeyError as error:
                        raise TooBig('too big') from error
                    return x
                """, UdfType.INTEGER, UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, 0, 5)) {
            UdfException failure = failure(function, input);
            assertThat(failure.pythonType()).isEqualTo("TooBig");
            assertThat(failure.row()).isEqualTo(1);
            assertThat(failure.pythonTraceback())
                    .contains(
                            "line 6, in check",
                            "raise KeyError(x)",
                            "The above exception was the direct cause",
                            "line 12, in f",
                            "raise TooBig('too big') from error");
        }
    }

    @Test
    void deepRecursionIsAPythonErrorNotACrash() {
        RegisteredFunction function =
                scalar("recurse", "def f(x):\n    return f(x + 1)\n", UdfType.INTEGER, UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, 1)) {
            UdfException failure = failure(function, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.PYTHON_ERROR);
            assertThat(failure.pythonType()).isEqualTo("RecursionError");
        }
    }

    @Test
    void systemExitInsideAFunctionIsThatFunctionsError() {
        RegisteredFunction function =
                scalar("quits", "import sys\ndef f(x):\n    sys.exit(x)\n", UdfType.INTEGER, UdfType.INTEGER);
        try (FieldVector input = column(UdfType.INTEGER, 7)) {
            UdfException failure = failure(function, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.PYTHON_ERROR);
            assertThat(failure.pythonType()).isEqualTo("SystemExit");
            assertThat(failure.row()).isEqualTo(0);
        }
    }

    @Test
    void thePoolKeepsWorkingAfterAnException() {
        RegisteredFunction function = scalar("sometimes_fails", RAISES_AT_THREE, UdfType.INTEGER, UdfType.INTEGER);
        for (int attempt = 0; attempt < 6; attempt++) { // failures and successes on both workers
            try (FieldVector bad = column(UdfType.INTEGER, 3);
                    FieldVector good = column(UdfType.INTEGER, 1, 2)) {
                assertThat(failure(function, bad).reason()).isEqualTo(UdfException.Reason.PYTHON_ERROR);
                assertThat(run(function, good)).containsExactly(10, 20);
            }
        }
    }
}
