package dev.quiver.engine.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A SQL macro of the catalog ({@code CREATE MACRO name(a, b := 5) AS a + b}, or {@code AS TABLE
 * SELECT …}): its parameters and its body as SQL text, expanded into each query that calls it.
 * Immutable.
 *
 * @param name          the macro's name, as written at CREATE
 * @param parameters    the parameters' names, in order
 * @param types         each parameter's declared type as SQL text, or null where none is declared
 * @param defaults      each parameter's default value as SQL text, or null where it has none; only
 *                      the last parameters have defaults
 * @param body          the expression (scalar macro) or query (table macro), as SQL text
 * @param table         whether it is a table macro, called in FROM
 * @param temporary     whether it is TEMP (never stored in a database file)
 * @param definitionSql the CREATE MACRO statement a database file keeps and replays
 */
public record MacroDefinition(
        String name,
        List<String> parameters,
        List<String> types,
        List<String> defaults,
        String body,
        boolean table,
        boolean temporary,
        String definitionSql) {
    public MacroDefinition {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
        types = new ArrayList<>(types); // with nulls
        defaults = new ArrayList<>(defaults);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(definitionSql, "definitionSql");
    }

    /** The number of parameters without a default: the fewest arguments a call may pass. */
    public int requiredParameters() {
        int required = 0;
        while (required < defaults.size() && defaults.get(required) == null) {
            required++;
        }
        return required;
    }

    /** {@code name(a, b := 5)}, as DuckDB lists a candidate macro in its errors. */
    public String signature() {
        List<String> shown = new ArrayList<>();
        for (int index = 0; index < parameters.size(); index++) {
            shown.add(parameters.get(index) + (defaults.get(index) == null ? "" : " := " + defaults.get(index)));
        }
        return name + "(" + String.join(", ", shown) + ")";
    }
}
