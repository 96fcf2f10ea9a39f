package dev.quiver.bench.udfsql;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One query of {@code bench udf-sql}: a Python function and the SQL that calls it over lineitem.
 * Both engines get the same source text; the SQL names the table {@code {table}} so DuckDB's slow
 * per-row mode can run it over a sample.
 *
 * @param name       short name printed in the table and the JSON
 * @param function   the SQL and Python name of the function
 * @param parameters parameter names and SQL types, in order
 * @param returns    the SQL result type (DOUBLE or VARCHAR)
 * @param vectorized whether the function takes whole columns (Quiver kind 'vectorized', DuckDB type 'arrow')
 * @param source     the Python source, defining a top-level function named {@code function}
 * @param sql        a query returning one row of numbers (the answer both engines must agree on)
 */
public record UdfSqlQuery(
        String name,
        String function,
        List<Parameter> parameters,
        String returns,
        boolean vectorized,
        String source,
        String sql) {

    /** A parameter of the function. */
    public record Parameter(String name, String type) {}

    /** The query's SQL over the table {@code table}. */
    public String sqlOver(String table) {
        return sql.replace("{table}", table);
    }

    /** The Quiver {@code CREATE FUNCTION} statement for the function. */
    public String createFunction() {
        String arguments = parameters.stream()
                .map(parameter -> parameter.name() + " " + parameter.type())
                .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                "CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE PYTHON IMMUTABLE"
                        + " WITH (kind = '%s') AS $$%n%s$$",
                function,
                arguments,
                returns,
                vectorized ? "vectorized" : "scalar",
                source);
    }
}
