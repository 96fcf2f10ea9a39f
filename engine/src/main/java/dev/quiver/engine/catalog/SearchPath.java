package dev.quiver.engine.catalog;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.SequenceSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * How one connection's statements name catalog objects, as DuckDB's search path has it: an
 * unqualified name — and {@code main.x}, since DuckDB's TEMP objects are in schema main of catalog
 * temp — is the connection's TEMP object of that name if it has one, else the object in
 * {@code main}; {@code temp.x} (and {@code temp.main.x}), {@code memory.main.x} and {@code s.x}
 * for a schema CREATE SCHEMA made say where to look. Answers internal names ({@link QualifiedName#internal()}).
 * One per connection (a session and its siblings share it); {@link #close} drops its TEMP objects.
 * Thread-safe.
 */
public final class SearchPath implements SequenceSource, AutoCloseable {
    private final Catalog catalog;
    private final String temporarySchema;

    /** A new connection's search path, with a TEMP schema of its own. */
    public SearchPath(Catalog catalog) {
        this.catalog = catalog;
        this.temporarySchema = catalog.newTemporarySchema();
    }

    /** The internal schema of this connection's TEMP objects. */
    public String temporarySchema() {
        return temporarySchema;
    }

    /**
     * The internal name an existing object's name stands for; {@code exists} says whether an object
     * of the kind looked for has a given internal name (it decides whether a TEMP object shadows).
     *
     * @throws QuiverException UNKNOWN_SCHEMA when the name's schema does not exist
     */
    public String resolve(List<String> parts, Predicate<String> exists) {
        String name = parts.getLast();
        switch (parts.size()) {
            case 1 -> {
                String temporary = temporarySchema + "." + name;
                return exists.test(temporary) ? temporary : name;
            }
            case 2 -> {
                if (parts.getFirst().equalsIgnoreCase(QualifiedName.MAIN)) {
                    return resolve(List.of(name), exists); // DuckDB: main of catalog temp comes first
                }
                return inSchema(parts.getFirst(), name);
            }
            case 3 -> {
                String database = parts.getFirst();
                if (database.equalsIgnoreCase(QualifiedName.TEMP) || database.equalsIgnoreCase("memory")) {
                    if (database.equalsIgnoreCase(QualifiedName.TEMP)
                            && !parts.get(1).equalsIgnoreCase(QualifiedName.MAIN)) {
                        throw unknownSchema(QualifiedName.TEMP + "." + parts.get(1));
                    }
                    return database.equalsIgnoreCase(QualifiedName.TEMP)
                            ? temporarySchema + "." + name
                            : inSchema(parts.get(1), name);
                }
                throw new QuiverException(
                        ErrorCode.UNKNOWN_SCHEMA, "Catalog with name " + database + " does not exist!");
            }
            default ->
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY, "a name has at most three parts (database.schema.name): " + parts);
        }
    }

    /** {@link #resolve(List, Predicate)} for a name in a statement; errors carry its position. */
    public String resolve(SqlIdentifier name, Predicate<String> exists) {
        return positioned(name, () -> resolve(name.names, exists));
    }

    /**
     * The internal name a CREATE gives its object: in this connection's TEMP schema when
     * {@code temporary}, else in {@code main} or the schema named.
     *
     * @throws QuiverException UNKNOWN_SCHEMA when the schema does not exist; INVALID_QUERY for a
     *     name with a dot in it or a TEMP object in another schema
     */
    public String forCreate(SqlIdentifier identifier, boolean temporary) {
        return positioned(identifier, () -> {
            List<String> parts = identifier.names;
            String name = parts.getLast();
            if (name.indexOf('.') >= 0) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY,
                        "object names with a dot in them (\"" + name + "\") are not supported; choose another name");
            }
            if (!temporary) {
                if (parts.size() > 1 && parts.get(parts.size() - 2).equalsIgnoreCase(QualifiedName.TEMP)) {
                    throw new QuiverException(
                            ErrorCode.INVALID_QUERY, "Only TEMPORARY table names can use the \"temp\" catalog");
                }
                return parts.size() == 1 ? name : resolve(parts, internal -> false);
            }
            boolean inTemp = parts.size() == 1
                    || (parts.size() == 2
                            && (parts.getFirst().equalsIgnoreCase(QualifiedName.TEMP)
                                    || parts.getFirst().equalsIgnoreCase(QualifiedName.MAIN)))
                    || (parts.size() == 3
                            && parts.getFirst().equalsIgnoreCase(QualifiedName.TEMP)
                            && parts.get(1).equalsIgnoreCase(QualifiedName.MAIN));
            if (!inTemp) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY,
                        "TEMP objects belong to schema temp; " + String.join(".", parts) + " cannot be TEMP");
            }
            return temporarySchema + "." + name;
        });
    }

    private String inSchema(String schema, String name) {
        if (schema.equalsIgnoreCase(QualifiedName.MAIN)) {
            return name;
        }
        if (schema.equalsIgnoreCase(QualifiedName.TEMP)) {
            return temporarySchema + "." + name;
        }
        return catalog.schema(schema).map(created -> created + "." + name).orElseThrow(() -> unknownSchema(schema));
    }

    @Override
    public long[] next(String name, int count) {
        return sequence(name).next(count);
    }

    @Override
    public long current(String name) {
        return sequence(name).current();
    }

    /**
     * The sequence a name as nextval's argument writes it means: {@code 's'}, {@code 'main.s'},
     * {@code 'schema.s'}, {@code 'temp.s'}, with {@code "quoted"} parts.
     *
     * @throws QuiverException UNKNOWN_TABLE when there is no such sequence (DuckDB's message)
     */
    public Sequence sequence(String text) {
        String internal = resolve(
                nameParts(text), candidate -> catalog.sequence(candidate).isPresent());
        return catalog.sequence(internal).orElseThrow(() -> SequenceSource.unknown(text));
    }

    /** The parts of a dotted name in text, {@code "quoted"} parts unquoted ({@code ""} is a quote). */
    public static List<String> nameParts(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (c == '"') {
                if (quoted && index + 1 < text.length() && text.charAt(index + 1) == '"') {
                    part.append('"');
                    index++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** DuckDB's error for a schema that does not exist. */
    public static QuiverException unknownSchema(String schema) {
        return new QuiverException(ErrorCode.UNKNOWN_SCHEMA, "Schema with name " + schema + " does not exist!");
    }

    private static <T> T positioned(SqlIdentifier name, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (QuiverException e) {
            if (e.line() > 0) {
                throw e;
            }
            SqlParserPos pos = name.getParserPosition();
            throw new QuiverException(e.code(), e.getMessage(), pos.getLineNum(), pos.getColumnNum(), null);
        }
    }

    /** Drops this connection's TEMP objects (its tables, views, macros and sequences). */
    @Override
    public void close() {
        catalog.dropSchemaObjects(temporarySchema);
    }
}
