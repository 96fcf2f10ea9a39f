package dev.quiver.engine.plan;

import static java.util.Objects.requireNonNull;

import dev.quiver.engine.exec.vector.Interval;
import dev.quiver.engine.plan.rel.VecValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/** Converts Calcite literals into the Java values runtime operators take (see VectorWriter). */
final class Literals {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private Literals() {}

    static List<List<Object>> rows(VecValues values) {
        List<List<Object>> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : values.getTuples()) {
            List<Object> row = new ArrayList<>(tuple.size());
            for (int column = 0; column < tuple.size(); column++) {
                SqlTypeName target =
                        values.getRowType().getFieldList().get(column).getType().getSqlTypeName();
                row.add(value(tuple.get(column), target));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Microseconds since the epoch; TimestampString keeps the digits that millis would lose. */
    static long micros(TimestampString timestamp) {
        LocalDateTime time = LocalDateTime.parse(timestamp.toString().replace(' ', 'T'));
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
    }

    /** Microseconds since midnight; TimeString keeps the digits that millis would lose. */
    static long timeMicros(TimeString time) {
        LocalTime value = LocalTime.parse(time.toString());
        return value.toNanoOfDay() / 1_000;
    }

    /** The 16 big-endian bytes of a UUID. */
    static byte[] uuidBytes(UUID uuid) {
        return ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }

    /**
     * A Calcite interval literal as DuckDB's interval: a year-month one in months, a day-time one
     * (Calcite holds milliseconds) in whole days when its qualifier starts at DAY or WEEK
     * ({@code INTERVAL 3 DAY} is 3 days), else in microseconds ({@code INTERVAL 36 HOUR} is 36:00:00).
     */
    static Interval interval(RexLiteral literal) {
        BigDecimal amount = number(literal);
        SqlIntervalQualifier qualifier = requireNonNull(literal.getType().getIntervalQualifier());
        if (qualifier.isYearMonth()) {
            return new Interval(amount.intValueExact(), 0, 0);
        }
        long millis = amount.longValueExact();
        TimeUnit start = qualifier.getStartUnit();
        if (start == TimeUnit.DAY || start == TimeUnit.WEEK) {
            long days = millis / MILLIS_PER_DAY;
            return new Interval(0, Math.toIntExact(days), (millis - days * MILLIS_PER_DAY) * 1_000L);
        }
        return Interval.ofMicros(Math.multiplyExact(millis, 1_000L));
    }

    private static BigDecimal number(RexLiteral literal) {
        Object value = literal.getValue();
        return value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
    }

    /** The literal as a Java value for a column of type {@code target}. */
    static Object value(RexLiteral literal, SqlTypeName target) {
        if (literal.isNull()) {
            return null;
        }
        return switch (target) {
            case BOOLEAN -> literal.getValueAs(Boolean.class);
            // A VALUES column's literals may be typed apart from the column (2.5 DECIMAL, 1e20 DOUBLE).
            case TINYINT, SMALLINT, INTEGER, BIGINT -> number(literal).longValueExact();
            case REAL, FLOAT, DOUBLE -> number(literal).doubleValue();
            case DECIMAL -> number(literal);
            case CHAR, VARCHAR -> literal.getValueAs(String.class);
            case BINARY, VARBINARY -> literal.getValueAs(byte[].class);
            case DATE -> literal.getValueAs(Integer.class);
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> micros(literal.getValueAs(TimestampString.class));
            case TIME -> timeMicros(literal.getValueAs(TimeString.class));
            case UUID -> uuidBytes(literal.getValueAs(UUID.class));
            default -> {
                if (SqlTypeName.INTERVAL_TYPES.contains(target)) {
                    yield interval(literal);
                }
                throw new IllegalArgumentException("literal of type " + target + " is not supported yet");
            }
        };
    }
}
