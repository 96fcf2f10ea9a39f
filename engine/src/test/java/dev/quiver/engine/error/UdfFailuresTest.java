package dev.quiver.engine.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.UdfException;
import org.junit.jupiter.api.Test;

/** A Python error names the failing row by its argument values, not by a position inside a batch. */
class UdfFailuresTest {
    private static QuiverException failure(UdfException.Reason reason, long row, String message) {
        return UdfFailures.toQuiver(new UdfException(reason, "f", row, "ValueError", "bad", null, message, null));
    }

    @Test
    void aPythonErrorWithArgumentsShowsTheArgumentsInsteadOfTheBatchRow() {
        QuiverException error = failure(
                UdfException.Reason.PYTHON_ERROR,
                0,
                "Python function f raised ValueError: bad (row 0, arguments: 3, 'x')\nTraceback: line 2 (row 0, kept)");

        assertThat(error.code()).isEqualTo(ErrorCode.PYTHON_ERROR);
        // Only the first line is the runtime's; the traceback is the user's text and stays as it is.
        assertThat(error.getMessage())
                .isEqualTo(
                        "Python function f raised ValueError: bad (arguments: 3, 'x')\nTraceback: line 2 (row 0, kept)");
    }

    @Test
    void aBadResultWithArgumentsLosesItsRowAndNotADigitMore() {
        assertThat(failure(
                                UdfException.Reason.BAD_RESULT,
                                3,
                                "function f returned str 'abc' at row 3, expected float (arguments: 7)")
                        .getMessage())
                .isEqualTo("function f returned str 'abc', expected float (arguments: 7)");
        assertThat(failure(
                                UdfException.Reason.BAD_RESULT,
                                3,
                                "function f returned a bad value at row 30: x (arguments: 7)")
                        .getMessage())
                .isEqualTo("function f returned a bad value at row 30: x (arguments: 7)");
    }

    @Test
    void withoutArgumentValuesTheRowStays() {
        assertThat(failure(UdfException.Reason.PYTHON_ERROR, 5, "Python function f raised ValueError: bad (row 5)")
                        .getMessage())
                .isEqualTo("Python function f raised ValueError: bad (row 5)");
        assertThat(failure(UdfException.Reason.BAD_ARGUMENT, 2, "argument 1 of function f at row 2: bad UTF-8")
                        .getMessage())
                .isEqualTo("argument 1 of function f at row 2: bad UTF-8");
    }
}
