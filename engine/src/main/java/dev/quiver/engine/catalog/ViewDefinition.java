package dev.quiver.engine.catalog;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A view of the catalog: its name, its query as SQL text (re-planned, with the tables as they are,
 * each time a query reads the view) and the columns that query had when the view was created.
 * Immutable.
 *
 * @param name          the view's name
 * @param querySql      the query, as SQL Quiver's parser reads back
 * @param columns       the view's columns (names and types) as created
 * @param temporary     whether it is a TEMP view (never stored in a database file)
 * @param definitionSql the CREATE VIEW statement a database file keeps and replays
 */
public record ViewDefinition(
        String name, String querySql, List<Field> columns, boolean temporary, String definitionSql) {
    public ViewDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(querySql, "querySql");
        columns = List.copyOf(columns);
        Objects.requireNonNull(definitionSql, "definitionSql");
    }
}
