package dev.quiver.engine.exec.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** INTERVAL values: scaling by fractions, normalizing, and the range the storage holds. */
class IntervalTest {
    private static final long HOUR = 3_600_000_000L;

    @Test
    void aFractionalFactorCascadesMonthsIntoDaysAndDaysIntoTime() {
        // 41 months 12 days 360 hours * 0.3: 12.3 months, 3.6 days, 108 hours
        Interval product = new Interval(41, 12, 360 * HOUR).times(0.3);
        assertThat(product).isEqualTo(new Interval(12, 12, 122 * HOUR + 24 * 60_000_000L));
        assertThat(new Interval(0, 1, 0).times(0.5)).isEqualTo(new Interval(0, 0, 12 * HOUR));
        assertThat(new Interval(1, 0, 0).times(1.5)).isEqualTo(new Interval(1, 15, 0));
        assertThat(new Interval(0, -12, 0).times(0.1)).isEqualTo(new Interval(0, -1, -4 * HOUR - 48 * 60_000_000L));
    }

    @Test
    void aFactorThatOverflowsOrIsNanIsNumericOverflow() {
        assertThatThrownBy(() -> new Interval(1, 0, 0).times(1e20))
                .isInstanceOf(QuiverException.class)
                .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW));
        assertThatThrownBy(() -> new Interval(0, 1, 0).times(Double.NaN)).isInstanceOf(QuiverException.class);
    }

    @Test
    void normalizedCarriesTimeIntoDaysAndDaysIntoMonthsRoundingDown() {
        assertThat(new Interval(0, 0, 1000 * HOUR).normalized()).isEqualTo(new Interval(1, 11, 16 * HOUR));
        assertThat(new Interval(0, 0, -1000 * HOUR).normalized()).isEqualTo(new Interval(-2, 18, 8 * HOUR));
        assertThat(new Interval(1, -1, 0).normalized()).isEqualTo(new Interval(0, 29, 0));
        assertThat(new Interval(0, 1, -HOUR).normalized()).isEqualTo(new Interval(0, 0, 23 * HOUR));
    }

    @Test
    void intervalsCompareByTheirWholeLengthAsDuckDbTwoDoes() {
        assertThat(new Interval(1, -1, 0).compareTo(new Interval(0, 29, 0))).isZero();
        assertThat(new Interval(0, -1, HOUR).compareTo(new Interval(0, 0, -23 * HOUR)))
                .isZero();
        assertThat(new Interval(1, 0, 0).compareTo(new Interval(0, 0, 720 * HOUR)))
                .isZero();
        assertThat(new Interval(1, 0, 0).compareTo(new Interval(0, 31, 0))).isNegative();
        assertThat(new Interval(0, 0, -1).compareTo(new Interval(0, 0, 0))).isNegative();
        assertThat(new Interval(-1, 0, 0).compareTo(new Interval(0, -29, -23 * HOUR)))
                .isNegative();
    }

    @Test
    void theKeyFormIsOneValuePerLengthWithEveryPartOfTheSignOfTheWhole() {
        assertThat(new Interval(0, -3, 0).keyForm()).isEqualTo(new Interval(0, -3, 0));
        assertThat(new Interval(1, -1, 0).keyForm()).isEqualTo(new Interval(0, 29, 0));
        assertThat(new Interval(0, 0, 48 * HOUR).keyForm()).isEqualTo(new Interval(0, 2, 0));
        assertThat(new Interval(0, 0, -25 * HOUR).keyForm()).isEqualTo(new Interval(0, -1, -HOUR));
        assertThat(new Interval(-1, 1, 0).keyForm()).isEqualTo(new Interval(0, -29, 0));
        assertThat(new Interval(0, 0, -1000 * HOUR).keyForm()).isEqualTo(new Interval(-1, -11, -16 * HOUR));
        assertThat(new Interval(Integer.MAX_VALUE, 30, 0).keyForm()).isNull();
    }

    @Test
    void writingTimeBeyondSixtyFourBitsOfNanosecondsIsNumericOverflow() {
        try (BufferAllocator allocator = new RootAllocator();
                ArrowBuf data = allocator.buffer(Interval.WIDTH)) {
            Interval huge = new Interval(0, 0, Long.MAX_VALUE / 10);
            assertThatThrownBy(() -> huge.write(data, 0))
                    .isInstanceOf(QuiverException.class)
                    .hasMessageContaining("out of range");
            new Interval(1, 2, 3).write(data, 0);
            assertThat(Interval.read(data, 0)).isEqualTo(new Interval(1, 2, 3));
        }
    }
}
