package dev.quiver.engine.jdbc;

import dev.quiver.engine.exec.vector.NestedFields;
import dev.quiver.engine.type.NestedValue;
import dev.quiver.engine.type.TypeNames;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Nested values through JDBC, as DuckDB's driver gives them: a LIST or fixed-size ARRAY is a
 * {@link java.sql.Array} ({@link QuiverArray}), a STRUCT a {@link java.sql.Struct}
 * ({@link QuiverStruct}), a MAP a {@link java.util.LinkedHashMap} in entry order; their elements
 * likewise, to any depth, and the others as {@code getObject} returns them.
 */
final class JdbcNested {
    private JdbcNested() {}

    /** {@code value} (as QueryResult gives it) of a column of {@code field} as {@code getObject} returns it. */
    static Object toJdbc(Object value, Field field, QuiverConnection connection) {
        if (!(value instanceof NestedValue nested)) {
            return value == null ? null : JdbcValues.toJdbcObject(value);
        }
        return switch (nested.kind()) {
            case LIST, ARRAY -> new QuiverArray(NestedFields.element(field), nested.elements(), connection);
            case STRUCT -> {
                List<Object> attributes = new ArrayList<>();
                List<Field> members = field.getChildren();
                int index = 0;
                for (Object member : nested.entries().values()) {
                    attributes.add(toJdbc(member, members.get(index++), connection));
                }
                yield new QuiverStruct(
                        TypeNames.sql(field),
                        attributes.toArray(),
                        members.stream().map(Field::getName).toList());
            }
            case MAP -> {
                List<Field> entry = NestedFields.entry(field);
                Map<Object, Object> map = new LinkedHashMap<>();
                nested.entries()
                        .forEach((key, mapped) -> map.put(
                                toJdbc(key, entry.get(0), connection), toJdbc(mapped, entry.get(1), connection)));
                yield map;
            }
        };
    }

    /** The JDBC type name of an array's elements, as DuckDB's driver names it: {@code INTEGER}, {@code LIST}, {@code STRUCT}. */
    static String baseTypeName(Field element) {
        return switch (element.getType()) {
            case ArrowType.List ignored -> "LIST";
            case ArrowType.FixedSizeList ignored -> "ARRAY";
            case ArrowType.Struct ignored -> "STRUCT";
            case ArrowType.Map ignored -> "MAP";
            default -> TypeNames.sql(element.getType());
        };
    }

    /**
     * {@code value} (as QueryResult gives it) as {@link dev.quiver.engine.exec.vector.VectorWriter}
     * writes it back into a vector: UUIDs as their 16 bytes, TIMESTAMPTZ as microseconds, nested
     * values as plain lists and maps.
     */
    static Object toWritable(Object value) {
        return switch (value) {
            case null -> null;
            case UUID uuid ->
                ByteBuffer.allocate(16)
                        .putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits())
                        .array();
            case OffsetDateTime time -> {
                long seconds = time.toEpochSecond();
                yield Math.addExact(Math.multiplyExact(seconds, 1_000_000L), time.getNano() / 1_000L);
            }
            case NestedValue nested
            when nested.value() instanceof List<?> list -> {
                List<Object> elements = new ArrayList<>();
                list.forEach(element -> elements.add(toWritable(element)));
                yield elements;
            }
            case NestedValue nested -> {
                Map<Object, Object> entries = new LinkedHashMap<>();
                nested.entries().forEach((key, mapped) -> entries.put(toWritable(key), toWritable(mapped)));
                yield entries;
            }
            default -> value;
        };
    }
}
