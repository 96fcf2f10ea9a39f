package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.ErrorHandling;
import dev.quiver.udf.FunctionKind;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A result of the wrong type, range or count fails the call naming function, row and SQL type. */
class BadResultTest extends PoolTestSupport {

    /** (return type, Python expression for the bad value, text the message must contain). */
    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(UdfType.DOUBLE, "'1.5'", "returned str '1.5'"),
                Arguments.of(UdfType.INTEGER, "1.5", "returned float 1.5"),
                Arguments.of(UdfType.BIGINT, "2 ** 63", "out of range"),
                Arguments.of(UdfType.TINYINT, "128", "out of range"),
                Arguments.of(UdfType.TINYINT, "-129", "out of range"),
                Arguments.of(UdfType.SMALLINT, "40000", "out of range"),
                Arguments.of(UdfType.BOOLEAN, "1", "expected bool"),
                Arguments.of(UdfType.DATE, "datetime.datetime(2020, 1, 1)", "expected datetime.date"),
                Arguments.of(UdfType.TIMESTAMP, "datetime.date(2020, 1, 1)", "expected datetime.datetime"),
                Arguments.of(UdfType.decimal(5, 2), "decimal.Decimal('1000')", "out of range"),
                Arguments.of(UdfType.decimal(5, 2), "decimal.Decimal('999.995')", "out of range"),
                Arguments.of(UdfType.decimal(38, 10), "decimal.Decimal('1e100')", "out of range"),
                Arguments.of(UdfType.decimal(38, 10), "10 ** 28", "out of range"),
                Arguments.of(UdfType.decimal(38, 10), "decimal.Decimal('NaN')", "not a finite number"),
                Arguments.of(UdfType.decimal(10, 2), "1.5", "returned float 1.5"),
                Arguments.of(UdfType.VARCHAR, "b'bytes'", "expected str"),
                Arguments.of(UdfType.VARCHAR, "'\\ud800'", "not valid Unicode"),
                Arguments.of(UdfType.VARBINARY, "'text'", "expected bytes"));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("badValues")
    void wrongValueFailsWithFunctionRowAndType(UdfType type, String bad, String expected) {
        // Row 1 returns the bad value; rows 0 and 2 return None, valid for every type.
        String source = "import datetime, decimal\ndef f(x):\n    return " + bad + " if x == 1 else None\n";
        for (FunctionKind kind : new FunctionKind[] {FunctionKind.SCALAR, FunctionKind.VECTORIZED}) {
            String handler = kind == FunctionKind.SCALAR ? "f" : "g";
            RegisteredFunction function = pool.register(PythonFunction.builder(
                            "bad_result", source + "def g(xs):\n    return [f(x) for x in xs]\n", handler)
                    .arguments(UdfType.INTEGER)
                    .returns(type)
                    .kind(kind)
                    .errorHandling(ErrorHandling.NULL)
                    .build());
            try (FieldVector input = column(UdfType.INTEGER, null, 0, 1, 2)) {
                UdfException failure = failure(function, input);
                assertThat(failure.reason()).as(kind.name()).isEqualTo(UdfException.Reason.BAD_RESULT);
                assertThat(failure.row()).isEqualTo(2); // the NULL row 0 was skipped, Python saw row 1
                assertThat(failure.getMessage()).contains("function bad_result", "at row 2", type.sql(), expected);
            }
        }
    }

    @Test
    void vectorizedResultOfTheWrongLength() {
        RegisteredFunction function =
                pool.register(PythonFunction.builder("short_result", "def f(xs):\n    return list(xs)[:-1]\n", "f")
                        .arguments(UdfType.DOUBLE)
                        .returns(UdfType.DOUBLE)
                        .kind(FunctionKind.VECTORIZED)
                        .build());
        try (FieldVector input = column(UdfType.DOUBLE, 1.0, 2.0, 3.0)) {
            UdfException failure = failure(function, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.BAD_RESULT);
            assertThat(failure.getMessage()).contains("short_result", "returned 2 values for a batch of 3 rows");
        }
    }

    @Test
    void vectorizedResultThatIsNoSequence() {
        RegisteredFunction function =
                pool.register(PythonFunction.builder("scalar_result", "def f(xs):\n    return sum(xs)\n", "f")
                        .arguments(UdfType.DOUBLE)
                        .returns(UdfType.DOUBLE)
                        .kind(FunctionKind.VECTORIZED)
                        .errorHandling(ErrorHandling.NULL)
                        .build());
        try (FieldVector input = column(UdfType.DOUBLE, 1.0, 2.0)) {
            UdfException failure = failure(function, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.BAD_RESULT);
            assertThat(failure.getMessage()).contains("scalar_result", "float", "DOUBLE", "2");
        }
    }

    @Test
    void thePoolKeepsWorkingAfterABadResult() {
        RegisteredFunction function =
                scalar("maybe_str", "def f(x):\n    return 'no' if x < 0 else x\n", UdfType.BIGINT, UdfType.BIGINT);
        for (int attempt = 0; attempt < 4; attempt++) {
            try (FieldVector bad = column(UdfType.BIGINT, 1L, -1L);
                    FieldVector good = column(UdfType.BIGINT, 5L)) {
                assertThat(failure(function, bad).reason()).isEqualTo(UdfException.Reason.BAD_RESULT);
                assertThat(run(function, good)).containsExactly(5L);
            }
        }
    }
}
