package dev.quiver.udf.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.NullHandling;
import dev.quiver.udf.PythonFunction;
import dev.quiver.udf.UdfException;
import dev.quiver.udf.UdfType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/** Argument values with no Python equivalent fail the call as a data error naming the row, not as a bug. */
class BadArgumentTest extends PoolTestSupport {

    @Test
    void invalidUtf8InVarcharNamesTheRow() {
        RegisteredFunction function =
                scalar("text_length", "def f(s):\n    return len(s)\n", UdfType.BIGINT, UdfType.VARCHAR);
        try (VarCharVector input = new VarCharVector("s", allocator)) {
            input.allocateNew(3);
            input.setSafe(0, "ok".getBytes(StandardCharsets.UTF_8));
            input.setSafe(1, "héllo".getBytes(StandardCharsets.UTF_8));
            input.setSafe(2, new byte[] {'b', (byte) 0xff, 'd'});
            input.setValueCount(3);
            UdfException failure = failure(function, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.BAD_ARGUMENT);
            assertThat(failure.row()).isEqualTo(2);
            assertThat(failure.getMessage())
                    .contains("argument 1 of function text_length", "row 2", "VARCHAR", "not valid UTF-8");
            try (FieldVector fine = column(UdfType.VARCHAR, "still", "works")) {
                assertThat(run(function, fine)).containsExactly(5L, 5L);
            }
        }
    }

    @Test
    void datesOutsidePythonsRangeNameTheRow() {
        PythonFunction definition = PythonFunction.builder(
                        "year_of", "def f(d):\n    return None if d is None else d.year\n", "f")
                .arguments(UdfType.DATE)
                .returns(UdfType.INTEGER)
                .nullHandling(NullHandling.CALLED_ON_NULL_INPUT)
                .build();
        RegisteredFunction function = pool.register(definition);
        try (DateDayVector input = new DateDayVector("d", allocator)) {
            input.allocateNew(4);
            input.set(0, 0);
            input.setNull(1);
            input.set(2, 20_000);
            input.set(3, 5_000_000); // year ~15659
            input.setValueCount(4);
            UdfException failure = failure(function, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.BAD_ARGUMENT);
            assertThat(failure.row()).isEqualTo(3);
            assertThat(failure.getMessage()).contains("function year_of", "row 3", "DATE", "years 1 to 9999");
        }
    }

    @Test
    void timestampsOutsidePythonsRangeNameTheRow() {
        RegisteredFunction function =
                scalar("hour_of", "def f(t):\n    return t.hour\n", UdfType.INTEGER, UdfType.TIMESTAMP);
        try (TimeStampMicroVector input = new TimeStampMicroVector("t", allocator)) {
            input.allocateNew(2);
            input.set(0, 3_600_000_000L);
            input.set(1, Long.MIN_VALUE / 2);
            input.setValueCount(2);
            UdfException failure = failure(function, input);
            assertThat(failure.reason()).isEqualTo(UdfException.Reason.BAD_ARGUMENT);
            assertThat(failure.row()).isEqualTo(1);
            try (FieldVector fine = column(UdfType.TIMESTAMP, LocalDateTime.parse("2024-05-06T07:08:09"))) {
                assertThat(run(function, fine)).containsExactly(7);
            }
        }
    }
}
