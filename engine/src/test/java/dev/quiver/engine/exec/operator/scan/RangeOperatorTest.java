package dev.quiver.engine.exec.operator.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.QuiverException;
import org.junit.jupiter.api.Test;

/** How many values range() and generate_series() produce, as DuckDB does. */
class RangeOperatorTest {
    @Test
    void countsMatchDuckDb() {
        assertThat(RangeOperator.count(0, 10, 1, false)).isEqualTo(10);
        assertThat(RangeOperator.count(0, 10, 1, true)).isEqualTo(11);
        assertThat(RangeOperator.count(0, 10, 3, false)).isEqualTo(4); // 0 3 6 9
        assertThat(RangeOperator.count(0, 9, 3, false)).isEqualTo(3); // 0 3 6
        assertThat(RangeOperator.count(0, 9, 3, true)).isEqualTo(4); // 0 3 6 9
        assertThat(RangeOperator.count(10, 0, -3, false)).isEqualTo(4); // 10 7 4 1
        assertThat(RangeOperator.count(10, 1, -3, true)).isEqualTo(4); // 10 7 4 1
        assertThat(RangeOperator.count(0, 10, -1, false)).isZero();
        assertThat(RangeOperator.count(5, 5, 1, false)).isZero();
        assertThat(RangeOperator.count(5, 5, 1, true)).isEqualTo(1);
        assertThat(RangeOperator.count(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, false))
                .isEqualTo(3);
    }

    @Test
    void zeroStepIsAnError() {
        assertThatThrownBy(() -> new RangeOperator("range", 0, 10, 0, false))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("step must not be 0");
    }
}
