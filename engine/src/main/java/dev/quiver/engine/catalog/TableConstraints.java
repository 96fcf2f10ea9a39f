package dev.quiver.engine.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table's PRIMARY KEY, UNIQUE and CHECK constraints (NOT NULL is the columns' nullability) and its
 * columns' DEFAULT expressions. They
 * travel with the table's schema, as its metadata entry {@value #METADATA_KEY}, so every version of
 * the table has them; a database file keeps the same text as the table's DuckDB comment.
 *
 * @param primaryKey the primary key's columns, or empty
 * @param unique     the column lists of the UNIQUE constraints
 * @param checks     the CHECK conditions, as SQL text Quiver's parser reads back
 * @param defaults   column name to its DEFAULT expression, as SQL text (columns without one are absent)
 */
public record TableConstraints(
        List<String> primaryKey, List<List<String>> unique, List<String> checks, Map<String, String> defaults) {
    /** The schema metadata key that holds the constraints. */
    public static final String METADATA_KEY = "quiver.constraints";

    public static final TableConstraints NONE = new TableConstraints(List.of(), List.of(), List.of());

    private static final String ENTRY_SEPARATOR = "\u001e";
    private static final String FIELD_SEPARATOR = "\u001f";

    public TableConstraints {
        primaryKey = List.copyOf(primaryKey);
        unique = unique.stream().map(List::copyOf).toList();
        checks = List.copyOf(checks);
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    /** Constraints without DEFAULT expressions. */
    public TableConstraints(List<String> primaryKey, List<List<String>> unique, List<String> checks) {
        this(primaryKey, unique, checks, Map.of());
    }

    /** The DEFAULT expression of {@code column} (case-insensitive), or null when it has none. */
    public String defaultOf(String column) {
        for (Map.Entry<String, String> entry : defaults.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(column)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** These constraints with {@code column}'s DEFAULT set to {@code expression} (null: removed). */
    public TableConstraints withDefault(String column, String expression) {
        Map<String, String> next = new LinkedHashMap<>();
        defaults.forEach((name, value) -> {
            if (!name.equalsIgnoreCase(column)) {
                next.put(name, value);
            }
        });
        if (expression != null) {
            next.put(column, expression);
        }
        return new TableConstraints(primaryKey, unique, checks, next);
    }

    /** The constraints a table's schema carries (none when it has no such metadata). */
    public static TableConstraints of(Schema schema) {
        String text = schema.getCustomMetadata() == null
                ? null
                : schema.getCustomMetadata().get(METADATA_KEY);
        return text == null ? NONE : fromText(text);
    }

    /** Whether rows must be unique on some columns (then appends of two transactions may conflict). */
    public boolean hasKeys() {
        return !primaryKey.isEmpty() || !unique.isEmpty();
    }

    /** Whether there is nothing to keep: no key, no CHECK, no DEFAULT. */
    public boolean isEmpty() {
        return !hasKeys() && checks.isEmpty() && defaults.isEmpty();
    }

    /** Every key: the primary key first, then the UNIQUE ones. */
    public List<List<String>> keys() {
        List<List<String>> keys = new ArrayList<>();
        if (!primaryKey.isEmpty()) {
            keys.add(primaryKey);
        }
        keys.addAll(unique);
        return keys;
    }

    /**
     * The primary key and UNIQUE constraints of table {@code table} as metadata listings show them,
     * named as PostgreSQL names them ({@code t_pkey}, {@code t_a_b_key}): clients show and compare
     * these names, and Quiver keeps none of its own.
     */
    public List<NamedKey> namedKeys(String table) {
        List<NamedKey> keys = new ArrayList<>();
        if (!primaryKey.isEmpty()) {
            keys.add(new NamedKey(table + "_pkey", true, primaryKey));
        }
        for (List<String> columns : unique) {
            keys.add(new NamedKey(table + "_" + String.join("_", columns) + "_key", false, columns));
        }
        return keys;
    }

    /**
     * A PRIMARY KEY or UNIQUE constraint with a name.
     *
     * @param primary whether it is the primary key
     * @param columns its columns, in key order
     */
    public record NamedKey(String name, boolean primary, List<String> columns) {}

    /** {@code schema} carrying these constraints. */
    public Schema applyTo(Schema schema) {
        Map<String, String> metadata =
                new HashMap<>(schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata());
        metadata.remove(METADATA_KEY);
        if (!isEmpty()) {
            metadata.put(METADATA_KEY, toText());
        }
        return new Schema(schema.getFields(), metadata.isEmpty() ? null : metadata);
    }

    /** The constraints as one string: entries {@code kind, value…} split by control characters. */
    public String toText() {
        List<String> entries = new ArrayList<>();
        if (!primaryKey.isEmpty()) {
            entries.add("PRIMARY KEY" + FIELD_SEPARATOR + String.join(FIELD_SEPARATOR, primaryKey));
        }
        unique.forEach(columns -> entries.add("UNIQUE" + FIELD_SEPARATOR + String.join(FIELD_SEPARATOR, columns)));
        checks.forEach(check -> entries.add("CHECK" + FIELD_SEPARATOR + check));
        defaults.forEach(
                (column, value) -> entries.add("DEFAULT" + FIELD_SEPARATOR + column + FIELD_SEPARATOR + value));
        return String.join(ENTRY_SEPARATOR, entries);
    }

    /** Reads {@link #toText}'s form. */
    public static TableConstraints fromText(String text) {
        List<String> primaryKey = List.of();
        List<List<String>> unique = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String entry : text.split(ENTRY_SEPARATOR, -1)) {
            String[] fields = entry.split(FIELD_SEPARATOR, -1);
            List<String> values = List.of(fields).subList(1, fields.length);
            switch (fields[0]) {
                case "PRIMARY KEY" -> primaryKey = values;
                case "UNIQUE" -> unique.add(values);
                case "CHECK" -> checks.add(String.join(FIELD_SEPARATOR, values));
                case "DEFAULT" ->
                    defaults.put(values.getFirst(), String.join(FIELD_SEPARATOR, values.subList(1, values.size())));
                default -> {} // written by a newer Quiver: not enforced here
            }
        }
        return new TableConstraints(primaryKey, unique, checks, defaults);
    }
}
