package dev.quiver.sqltest.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class QuiverEngineTest {

    @Test
    void reportsAnErrorWithItsCodeAndClosesWithoutLeaks() {
        // Fails today (execution is not built yet) and later (the table does not exist): either way a
        // user error with its code in front.
        try (QuiverEngine quiver = QuiverEngine.open()) {
            EngineResult result = quiver.execute("SELECT * FROM no_such_table");

            assertThat(result).isInstanceOf(EngineResult.Failed.class);
            EngineResult.Failed failed = (EngineResult.Failed) result;
            assertThat(failed.message()).matches("[A-Z_]+: .+");
            assertThat(failed.internal()).isFalse();
        }
    }

    @Test
    void mapsArrowTypesToKinds() {
        assertThat(QuiverEngine.kindOf(ArrowType.Bool.INSTANCE)).isEqualTo(ColumnKind.BOOLEAN);
        assertThat(QuiverEngine.kindOf(new ArrowType.Int(64, true))).isEqualTo(ColumnKind.INTEGER);
        assertThat(QuiverEngine.kindOf(new ArrowType.Decimal(18, 2, 128))).isEqualTo(ColumnKind.DECIMAL);
        assertThat(QuiverEngine.kindOf(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)))
                .isEqualTo(ColumnKind.DOUBLE);
        assertThat(QuiverEngine.kindOf(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)))
                .isEqualTo(ColumnKind.REAL);
        assertThat(QuiverEngine.kindOf(ArrowType.Utf8.INSTANCE)).isEqualTo(ColumnKind.TEXT);
        assertThat(QuiverEngine.kindOf(new ArrowType.Date(DateUnit.DAY))).isEqualTo(ColumnKind.DATE);
        assertThat(QuiverEngine.kindOf(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)))
                .isEqualTo(ColumnKind.TIMESTAMP);
        assertThat(QuiverEngine.kindOf(ArrowType.Null.INSTANCE)).isEqualTo(ColumnKind.OTHER);
    }
}
