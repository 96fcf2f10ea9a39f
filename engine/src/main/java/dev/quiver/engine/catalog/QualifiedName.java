package dev.quiver.engine.catalog;

import java.util.Locale;
import java.util.Objects;

/**
 * The schema and name of a table, view, macro or sequence, and the one-string form the catalog keys
 * it by (its <em>internal name</em>): {@code t} in schema {@code main}, {@code s.t} in schema
 * {@code s}, and {@code temp~N.t} for a TEMP object of connection N, which no other connection can
 * name. Object names therefore never contain a dot (CREATE refuses them).
 *
 * @param schema {@code main}, a schema CREATE SCHEMA made, or a connection's temporary schema
 * @param name   the object's name as written at CREATE
 */
public record QualifiedName(String schema, String name) {
    /** The default schema: unqualified names that no TEMP object has are looked up there. */
    public static final String MAIN = "main";

    /** How DuckDB names the schema of TEMP objects ({@code temp.t}, {@code temp.main.t}). */
    public static final String TEMP = "temp";

    /** How the internal schema of a connection's TEMP objects starts; a number follows. */
    private static final String TEMP_MARK = "temp~";

    public QualifiedName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** The schema and name an internal name ({@link #internal()}) stands for. */
    public static QualifiedName of(String internal) {
        int dot = internal.indexOf('.');
        return dot < 0
                ? new QualifiedName(MAIN, internal)
                : new QualifiedName(internal.substring(0, dot), internal.substring(dot + 1));
    }

    /** The internal schema of connection {@code connection}'s TEMP objects. */
    static String temporarySchema(long connection) {
        return TEMP_MARK + connection;
    }

    /** The catalog's key string for this name (see the class comment). */
    public String internal() {
        return schema.equalsIgnoreCase(MAIN) ? name : schema + "." + name;
    }

    /** Whether this is a TEMP object of some connection. */
    public boolean temporary() {
        return schema.startsWith(TEMP_MARK);
    }

    /** Whether {@code internal} names a TEMP object of some connection (never written to a database file). */
    public static boolean isTemporary(String internal) {
        return internal.startsWith(TEMP_MARK);
    }

    /** The schema as listings show it: {@code main} for TEMP objects too (DuckDB's catalog {@code temp}, schema main). */
    public String listedSchema() {
        return temporary() ? MAIN : schema;
    }

    /** Whether the object is in schema {@code schemaName} (ignoring case). */
    public boolean inSchema(String schemaName) {
        return schema.toLowerCase(Locale.ROOT).equals(schemaName.toLowerCase(Locale.ROOT));
    }
}
