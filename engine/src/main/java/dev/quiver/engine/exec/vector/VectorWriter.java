package dev.quiver.engine.exec.vector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Writes one Java value into a vector slot — for constants (VALUES, literals), never in per-row
 * hot loops of large data. Values: Boolean, Number, BigDecimal, String, byte[], LocalDate or
 * Integer days, LocalDateTime or Long microseconds; for nested vectors a List (LIST, ARRAY, STRUCT in
 * member order) or Map (MAP, STRUCT by member name) of such values; null writes NULL.
 */
public final class VectorWriter {
    private VectorWriter() {}

    public static void set(FieldVector vector, int row, Object value) {
        if (NestedVectors.isNested(vector)) {
            NestedVectors.set(vector, row, value);
            return;
        }
        if (value == null) {
            vector.setNull(row);
            return;
        }
        switch (vector) {
            case BitVector bits -> bits.setSafe(row, (Boolean) value ? 1 : 0);
            case TinyIntVector tiny -> tiny.setSafe(row, ((Number) value).byteValue());
            case SmallIntVector small -> small.setSafe(row, ((Number) value).shortValue());
            case IntVector integer -> integer.setSafe(row, ((Number) value).intValue());
            case BigIntVector big -> big.setSafe(row, ((Number) value).longValue());
            case Float4Vector real -> real.setSafe(row, ((Number) value).floatValue());
            case Float8Vector dbl -> dbl.setSafe(row, ((Number) value).doubleValue());
            case DecimalVector decimal -> decimal.setSafe(row, toDecimal(value, decimal.getScale()));
            case VarCharVector text -> text.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
            case VarBinaryVector binary -> binary.setSafe(row, (byte[]) value);
            case DateDayVector date ->
                date.setSafe(
                        row, value instanceof LocalDate local ? (int) local.toEpochDay() : ((Number) value).intValue());
            case TimeStampMicroVector timestamp ->
                timestamp.setSafe(
                        row, value instanceof LocalDateTime local ? micros(local) : ((Number) value).longValue());
            case TimeStampMicroTZVector timestamp -> timestamp.setSafe(row, ((Number) value).longValue());
            case TimeMicroVector time ->
                time.setSafe(
                        row,
                        value instanceof LocalTime local ? local.toNanoOfDay() / 1_000 : ((Number) value).longValue());
            case FixedSizeBinaryVector uuid -> uuid.setSafe(row, (byte[]) value);
            case IntervalMonthDayNanoVector interval -> {
                Interval parts = (Interval) value;
                interval.setSafe(row, parts.months(), parts.days(), Math.multiplyExact(parts.micros(), 1_000L));
            }
            default ->
                throw new IllegalArgumentException(
                        "cannot write " + value.getClass().getSimpleName() + " into " + vector.getField());
        }
    }

    private static BigDecimal toDecimal(Object value, int scale) {
        BigDecimal decimal = value instanceof BigDecimal big ? big : new BigDecimal(value.toString());
        return decimal.setScale(scale, RoundingMode.HALF_UP);
    }

    private static long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
    }
}
