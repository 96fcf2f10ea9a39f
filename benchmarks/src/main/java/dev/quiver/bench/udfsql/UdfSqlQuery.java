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
 * @param function   the SQL name of the function (and the Python name of a scalar or table function)
 * @param parameters parameter names and SQL types, in order
 * @param returns    the SQL result type (DOUBLE or VARCHAR), or {@code TABLE (...)} for a table function
 * @param kind       how Quiver defines the function
 * @param source     the Python source, defining the function (or, for an aggregate, its handler class)
 * @param sql        a query returning one row of numbers (the answer both engines must agree on)
 * @param workaround how DuckDB computes the same answer when it has no such kind of Python function,
 *                   or null when DuckDB registers {@code function} itself
 */
public record UdfSqlQuery(
        String name,
        String function,
        List<Parameter> parameters,
        String returns,
        Kind kind,
        String source,
        String sql,
        DuckDbWorkaround workaround) {

    /** A parameter of the function. */
    public record Parameter(String name, String type) {}

    /** The kind of Python function Quiver runs. */
    public enum Kind {
        /** Called once per row. */
        SCALAR,
        /** Called once per batch with whole columns. */
        VECTORIZED,
        /** {@code CREATE AGGREGATE FUNCTION} with a handler class. */
        AGGREGATE,
        /** {@code RETURNS TABLE (...)} generator, called laterally. */
        TABLE,
        /**
         * Vectorized over numpy arrays ({@code batch_format = 'numpy'}) in the process tier; on
         * DuckDB an arrow UDF that hands the same function numpy arrays.
         */
        NUMPY
    }

    /**
     * DuckDB's documented workaround for a kind it lacks: a Python scalar function (type 'arrow') over
     * lists, {@code list()} aggregated per group or {@code unnest}ed, defined in the same source.
     *
     * @param function   the Python and SQL name of the scalar function
     * @param parameters its SQL parameter types (e.g. {@code DOUBLE[]})
     * @param returns    its SQL result type (e.g. {@code VARCHAR[]})
     * @param sql        DuckDB's query, over {@code {table}}, with the same answer as the Quiver query
     */
    public record DuckDbWorkaround(String function, List<String> parameters, String returns, String sql) {}

    /** A scalar or vectorized query DuckDB runs with the same function. */
    public UdfSqlQuery(
            String name,
            String function,
            List<Parameter> parameters,
            String returns,
            Kind kind,
            String source,
            String sql) {
        this(name, function, parameters, returns, kind, source, sql, null);
    }

    /** The query's SQL over the table {@code table}. */
    public String sqlOver(String table) {
        return sql.replace("{table}", table);
    }

    /** The Quiver {@code CREATE FUNCTION} statement for the function. */
    public String createFunction() {
        String arguments = parameters.stream()
                .map(parameter -> parameter.name() + " " + parameter.type())
                .collect(Collectors.joining(", "));
        String body = String.format(Locale.ROOT, "AS $$%n%s$$", source);
        return switch (kind) {
            case SCALAR, VECTORIZED ->
                String.format(
                        Locale.ROOT,
                        "CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE PYTHON IMMUTABLE WITH (kind = '%s') %s",
                        function,
                        arguments,
                        returns,
                        kind == Kind.VECTORIZED ? "vectorized" : "scalar",
                        body);
            case AGGREGATE ->
                String.format(
                        Locale.ROOT,
                        "CREATE OR REPLACE AGGREGATE FUNCTION %s(%s) RETURNS %s LANGUAGE PYTHON %s",
                        function,
                        arguments,
                        returns,
                        body);
            case NUMPY ->
                String.format(
                        Locale.ROOT,
                        "CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE PYTHON IMMUTABLE STRICT KIND VECTORIZED"
                                + " WITH (isolation = 'process', batch_format = 'numpy') %s",
                        function,
                        arguments,
                        returns,
                        body);
            case TABLE ->
                String.format(
                        Locale.ROOT,
                        "CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE PYTHON RETURNS NULL ON NULL INPUT %s",
                        function,
                        arguments,
                        returns,
                        body);
        };
    }
}
