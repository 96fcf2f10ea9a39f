package dev.quiver.engine.catalog;

import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A table or view as metadata listings show it (JDBC DatabaseMetaData, Flight SQL, the PostgreSQL
 * catalog): Quiver's own under no catalog and schema {@code main}; an attached database's tables
 * under its alias as catalog and their schema in the file, as DuckDB lists them.
 *
 * @param catalog null for Quiver's own relations, else the attached database's alias
 * @param columns the columns, computed when asked (an attached table's are asked of its file)
 * @param constraints the table's PRIMARY KEY and UNIQUE constraints (and the rest), computed when
 *     asked; none for views and attached tables
 */
public record Relation(
        String catalog,
        String schema,
        String name,
        Kind kind,
        Supplier<List<Field>> columns,
        Supplier<TableConstraints> constraints) {
    /** Quiver's own schema. */
    public static final String MAIN_SCHEMA = "main";

    /** A relation without constraints (a view, an attached table). */
    public Relation(String catalog, String schema, String name, Kind kind, Supplier<List<Field>> columns) {
        this(catalog, schema, name, kind, columns, () -> TableConstraints.NONE);
    }

    /**
     * Whether a listing filtered by catalog {@code filter} shows relations of {@code catalog}, as JDBC
     * reads the filter: null any catalog, empty none (Quiver's own), else an attached database's alias.
     */
    public static boolean inCatalog(String filter, String catalog) {
        return filter == null || (filter.isEmpty() ? catalog == null : filter.equalsIgnoreCase(catalog));
    }

    /** What a relation is, named as JDBC's TABLE_TYPE names it. */
    public enum Kind {
        TABLE,
        VIEW
    }
}
