package dev.quiver.engine.type;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A nested value of a result — LIST, fixed-size ARRAY, STRUCT or MAP — as Java sees it: its elements
 * as Java values (nested ones as NestedValue again), DuckDB's text of it ({@code [1, 2, NULL]},
 * {@code {'a': 1}}, {@code {k=1}}) and DuckDB's name of its type ({@code INTEGER[]}).
 *
 * @param kind     which of the four
 * @param value    an unmodifiable {@code List<Object>} (LIST, ARRAY), {@code Map<String, Object>}
 *                 in member order (STRUCT) or {@code Map<Object, Object>} in entry order (MAP)
 * @param text     the value as DuckDB's CAST to VARCHAR writes it
 * @param typeName the type as DuckDB names it
 */
public record NestedValue(Kind kind, Object value, String text, String typeName) {

    /** The four nested kinds. */
    public enum Kind {
        LIST,
        ARRAY,
        STRUCT,
        MAP
    }

    /** A LIST or ARRAY value's elements. */
    @SuppressWarnings("unchecked")
    public List<Object> elements() {
        return value instanceof List<?> list ? (List<Object>) list : Collections.emptyList();
    }

    /** A STRUCT value's members by name, or a MAP value's entries by key. */
    @SuppressWarnings("unchecked")
    public Map<Object, Object> entries() {
        return value instanceof Map<?, ?> map ? (Map<Object, Object>) map : Collections.emptyMap();
    }

    @Override
    public String toString() {
        return text;
    }
}
