package dev.quiver.udf;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Builds Arrow vectors from Java values and reads them back, for tests.
 *
 * <p>Java values per type: Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal, String,
 * byte[], LocalDate, LocalDateTime (microseconds); {@code null} is SQL NULL. {@link #values} reads the
 * same representation back, so a round trip compares with {@code equals} (byte[] compared by content
 * by AssertJ's recursive comparison, or see {@link #normalize}).
 */
public final class Columns {
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    private Columns() {}

    /** A vector of {@code type} holding {@code values}; the caller closes it. */
    public static FieldVector of(BufferAllocator allocator, UdfType type, Object... values) {
        return of(allocator, type, Arrays.asList(values));
    }

    /** A vector of {@code type} holding {@code values}; the caller closes it. */
    public static FieldVector of(BufferAllocator allocator, UdfType type, List<?> values) {
        Field field = new Field("arg", FieldType.nullable(type.arrowType()), null);
        FieldVector vector = field.createVector(allocator);
        try {
            vector.setInitialCapacity(Math.max(values.size(), 1));
            vector.allocateNew();
            for (int row = 0; row < values.size(); row++) {
                set(vector, type, row, values.get(row));
            }
            vector.setValueCount(values.size());
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    private static void set(FieldVector vector, UdfType type, int row, Object value) {
        if (value == null) {
            vector.setNull(row);
            return;
        }
        switch (type.name()) {
            case BOOLEAN -> ((BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
            case TINYINT -> ((TinyIntVector) vector).setSafe(row, ((Number) value).byteValue());
            case SMALLINT -> ((SmallIntVector) vector).setSafe(row, ((Number) value).shortValue());
            case INTEGER -> ((IntVector) vector).setSafe(row, ((Number) value).intValue());
            case BIGINT -> ((BigIntVector) vector).setSafe(row, ((Number) value).longValue());
            case REAL -> ((Float4Vector) vector).setSafe(row, ((Number) value).floatValue());
            case DOUBLE -> ((Float8Vector) vector).setSafe(row, ((Number) value).doubleValue());
            case DECIMAL -> ((DecimalVector) vector).setSafe(row, ((BigDecimal) value).setScale(type.scale()));
            case VARCHAR -> ((VarCharVector) vector).setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
            case VARBINARY -> ((VarBinaryVector) vector).setSafe(row, (byte[]) value);
            case DATE -> ((DateDayVector) vector).setSafe(row, (int) ((LocalDate) value).toEpochDay());
            case TIMESTAMP -> ((TimeStampMicroVector) vector).setSafe(row, micros((LocalDateTime) value));
        }
    }

    /** Microseconds since 1970-01-01T00:00 of a wall-clock time. */
    public static long micros(LocalDateTime time) {
        return ChronoUnit.MICROS.between(EPOCH, time);
    }

    /** The vector's values as Java objects of the representation {@link #of} takes. */
    public static List<Object> values(FieldVector vector) {
        List<Object> values = new ArrayList<>(vector.getValueCount());
        for (int row = 0; row < vector.getValueCount(); row++) {
            values.add(value(vector, row));
        }
        return values;
    }

    /** One value, as {@link #values} reads it. */
    public static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (vector) {
            case VarCharVector text -> new String(text.get(row), StandardCharsets.UTF_8);
            case DateDayVector dates -> LocalDate.ofEpochDay(dates.get(row));
            case TimeStampMicroVector stamps -> EPOCH.plus(stamps.get(row), ChronoUnit.MICROS);
            default -> vector.getObject(row);
        };
    }

    /** byte[] values become lists so that {@code equals} compares their contents. */
    public static List<Object> normalize(List<?> values) {
        List<Object> normalized = new ArrayList<>(values.size());
        for (Object value : values) {
            if (value instanceof byte[] bytes) {
                List<Byte> list = new ArrayList<>(bytes.length);
                for (byte b : bytes) {
                    list.add(b);
                }
                normalized.add(list);
            } else {
                normalized.add(value);
            }
        }
        return normalized;
    }
}
