package dev.quiver.udf;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.PeriodDuration;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UuidVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Builds Arrow vectors from Java values and reads them back, for tests.
 *
 * <p>Java values per type: Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal (DECIMAL
 * and HUGEINT), String, byte[], LocalDate, LocalTime, LocalDateTime and Instant (microseconds),
 * Duration (INTERVAL without months), UUID, List (LIST, ARRAY), Map (STRUCT by field name, MAP);
 * {@code null} is SQL NULL, at any level. {@link #values} reads the
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
        FieldVector vector = type.toField("arg").createVector(allocator);
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
            case HUGEINT -> ((DecimalVector) vector).setSafe(row, (BigDecimal) value);
            case TIME -> ((TimeMicroVector) vector).setSafe(row, ((LocalTime) value).toNanoOfDay() / 1000);
            case TIMESTAMPTZ ->
                ((TimeStampMicroTZVector) vector)
                        .setSafe(row, ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value));
            case INTERVAL -> {
                Duration duration = (Duration) value;
                long days = duration.toDays();
                ((IntervalMonthDayNanoVector) vector)
                        .setSafe(row, 0, (int) days, duration.minusDays(days).toNanos());
            }
            case UUID -> ((UuidVector) vector).setSafe(row, (UUID) value);
            case LIST -> {
                ListVector list = (ListVector) vector;
                int start = list.startNewValue(row);
                List<?> elements = (List<?>) value;
                for (int index = 0; index < elements.size(); index++) {
                    set((FieldVector) list.getDataVector(), type.element(), start + index, elements.get(index));
                }
                list.endValue(row, elements.size());
            }
            case ARRAY -> {
                FixedSizeListVector array = (FixedSizeListVector) vector;
                array.setNotNull(row);
                List<?> elements = (List<?>) value;
                for (int index = 0; index < elements.size(); index++) {
                    set(
                            (FieldVector) array.getDataVector(),
                            type.element(),
                            row * type.size() + index,
                            elements.get(index));
                }
            }
            case STRUCT -> {
                StructVector struct = (StructVector) vector;
                struct.setIndexDefined(row);
                Map<?, ?> fields = (Map<?, ?>) value;
                for (int index = 0; index < type.fields().size(); index++) {
                    UdfType.Member member = type.fields().get(index);
                    set((FieldVector) struct.getChildByOrdinal(index), member.type(), row, fields.get(member.name()));
                }
            }
            case MAP -> {
                MapVector map = (MapVector) vector;
                int start = map.startNewValue(row);
                StructVector entries = (StructVector) map.getDataVector();
                int index = start;
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    entries.setIndexDefined(index);
                    set((FieldVector) entries.getChildByOrdinal(0), type.key(), index, entry.getKey());
                    set((FieldVector) entries.getChildByOrdinal(1), type.element(), index, entry.getValue());
                    index++;
                }
                map.endValue(row, index - start);
            }
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
            case TimeMicroVector times -> LocalTime.ofNanoOfDay(times.get(row) * 1000);
            case TimeStampMicroTZVector stamps -> Instant.EPOCH.plus(stamps.get(row), ChronoUnit.MICROS);
            case IntervalMonthDayNanoVector intervals -> {
                PeriodDuration interval = intervals.getObject(row);
                yield interval.getPeriod().toTotalMonths() == 0
                        ? interval.getDuration().plusDays(interval.getPeriod().getDays())
                        : interval;
            }
            case MapVector map -> {
                Map<Object, Object> entries = new LinkedHashMap<>();
                StructVector structs = (StructVector) map.getDataVector();
                for (int index = map.getElementStartIndex(row); index < map.getElementEndIndex(row); index++) {
                    entries.put(
                            value((FieldVector) structs.getChildByOrdinal(0), index),
                            value((FieldVector) structs.getChildByOrdinal(1), index));
                }
                yield entries;
            }
            case ListVector list -> {
                List<Object> elements = new ArrayList<>();
                for (int index = list.getElementStartIndex(row); index < list.getElementEndIndex(row); index++) {
                    elements.add(value((FieldVector) list.getDataVector(), index));
                }
                yield elements;
            }
            case FixedSizeListVector array -> {
                List<Object> elements = new ArrayList<>();
                for (int index = 0; index < array.getListSize(); index++) {
                    elements.add(value((FieldVector) array.getDataVector(), row * array.getListSize() + index));
                }
                yield elements;
            }
            case StructVector struct -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (int index = 0; index < struct.size(); index++) {
                    FieldVector child = (FieldVector) struct.getChildByOrdinal(index);
                    fields.put(child.getName(), value(child, row));
                }
                yield fields;
            }
            default -> vector.getObject(row);
        };
    }

    /** byte[] values (at any nesting level) become lists so that {@code equals} compares their contents. */
    public static List<Object> normalize(List<?> values) {
        List<Object> normalized = new ArrayList<>(values.size());
        for (Object value : values) {
            normalized.add(normalizeValue(value));
        }
        return normalized;
    }

    private static Object normalizeValue(Object value) {
        return switch (value) {
            case byte[] bytes -> {
                List<Byte> list = new ArrayList<>(bytes.length);
                for (byte b : bytes) {
                    list.add(b);
                }
                yield list;
            }
            case List<?> list -> normalize(list);
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((key, item) -> copy.put(normalizeValue(key), normalizeValue(item)));
                yield copy;
            }
            case null, default -> value;
        };
    }
}
