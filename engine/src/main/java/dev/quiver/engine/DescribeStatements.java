package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.Relation;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.engine.catalog.ViewDefinition;
import dev.quiver.engine.plan.QueryPlanner.DescribedColumn;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlDescribe;
import dev.quiver.engine.type.TypeNames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlSelect;

/**
 * DuckDB's DESCRIBE, SHOW name, SUMMARIZE and SHOW ALL TABLES: the columns of tables, views and
 * queries, and statistics of their values, with DuckDB's columns and types. SUMMARIZE and SHOW ALL
 * TABLES are answered by queries Quiver plans like any other, so their values are the engine's own.
 */
final class DescribeStatements {
    private static final List<String> DESCRIBE_COLUMNS =
            List.of("column_name", "column_type", "null", "key", "default", "extra");
    private static final double[] QUARTILES = {0.25, 0.5, 0.75};

    private final Quiver database;
    private final QueryStatements queries;

    DescribeStatements(Quiver database, QueryStatements queries) {
        this.database = database;
        this.queries = queries;
    }

    /** Runs DESCRIBE, SHOW name or SUMMARIZE. */
    QueryResult run(SqlDescribe statement) {
        if (statement.what() == SqlDescribe.What.SUMMARIZE) {
            // the query's text before validation changes its node: it is read again inside the statistics
            String query = statement.query().toSqlString(SqlParsing.DIALECT).getSql();
            return summarize(query, queries.planner().describe(statement.query()));
        }
        String named = statement.named() ? tableName(statement) : null;
        List<List<String>> rows = new ArrayList<>();
        for (DescribedColumn column : queries.planner().describe(statement.query())) {
            // SHOW of a view tells the view's own columns; DESCRIBE follows them to the table (as DuckDB)
            boolean followed = column.table() != null
                    && (statement.what() == SqlDescribe.What.DESCRIBE
                            || column.table().name().equalsIgnoreCase(named));
            rows.add(describeRow(column, followed));
        }
        return QueryResult.ofText(DESCRIBE_COLUMNS, rows, database.newQueryAllocator("describe"));
    }

    /** The name of the table or view of {@code SHOW name} (its query is {@code SELECT * FROM name}). */
    private static String tableName(SqlDescribe statement) {
        SqlIdentifier from = (SqlIdentifier) ((SqlSelect) statement.query()).getFrom();
        return from.names.getLast();
    }

    /** One row of DESCRIBE: name, type, and — for a column read from a table — its NULL, key and default. */
    private static List<String> describeRow(DescribedColumn column, boolean followed) {
        String name = column.field().getName();
        String nullable = "YES";
        String key = null;
        String defaultValue = null;
        if (followed) {
            Field tableField = column.table().schema().getFields().stream()
                    .filter(field -> field.getName().equals(column.tableColumn()))
                    .findFirst()
                    .orElseThrow();
            TableConstraints constraints = TableConstraints.of(column.table().schema());
            boolean primary = containsIgnoringCase(constraints.primaryKey(), column.tableColumn());
            boolean unique = constraints.unique().stream()
                    .anyMatch(columns -> containsIgnoringCase(columns, column.tableColumn()));
            nullable = tableField.isNullable() && !primary ? "YES" : "NO";
            key = primary ? "PRI" : unique ? "UNI" : null;
            defaultValue = constraints.defaultOf(column.tableColumn());
        }
        return Arrays.asList(name, TypeNames.sql(column.field()), nullable, key, defaultValue, null);
    }

    private static boolean containsIgnoringCase(List<String> names, String name) {
        return names.stream().anyMatch(name::equalsIgnoreCase);
    }

    /**
     * {@code SHOW ALL TABLES}: every table and view, Quiver's own under database {@code memory},
     * each attached database's, and the connection's TEMP ones (TEMP schema {@code temporarySchema})
     * under database {@code temp}, with their columns' names and types, ordered by database, schema
     * and name as DuckDB's.
     */
    QueryResult showAllTables(String temporarySchema) {
        List<ListedRelation> listed = new ArrayList<>();
        for (Relation relation : database.catalog().relations()) {
            listed.add(new ListedRelation(
                    relation.catalog() == null ? DatabaseStatements.MAIN_DATABASE : relation.catalog(),
                    relation.schema(),
                    relation.name(),
                    relation.columns().get(),
                    false));
        }
        for (MemoryTable table : database.catalog().tables()) {
            QualifiedName name = QualifiedName.of(table.name());
            if (name.inSchema(temporarySchema)) {
                listed.add(new ListedRelation(
                        CatalogListing.TEMP_DATABASE,
                        Relation.MAIN_SCHEMA,
                        name.name(),
                        table.schema().getFields(),
                        true));
            }
        }
        for (ViewDefinition view : database.catalog().views()) {
            QualifiedName name = QualifiedName.of(view.name());
            if (name.inSchema(temporarySchema)) {
                listed.add(new ListedRelation(
                        CatalogListing.TEMP_DATABASE, Relation.MAIN_SCHEMA, name.name(), view.columns(), true));
            }
        }
        listed.sort(Comparator.comparing(ListedRelation::database)
                .thenComparing(ListedRelation::schema)
                .thenComparing(ListedRelation::name));
        List<String> rows = new ArrayList<>();
        for (ListedRelation relation : listed) {
            rows.add("("
                    + String.join(
                            ", ",
                            literal(relation.database()),
                            literal(relation.schema()),
                            literal(relation.name()),
                            list(relation.columns().stream().map(Field::getName).toList()),
                            list(relation.columns().stream().map(TypeNames::sql).toList()),
                            Boolean.toString(relation.temporary()))
                    + ")");
        }
        List<String> columns = List.of(
                "\"database\" VARCHAR",
                "\"schema\" VARCHAR",
                "\"name\" VARCHAR",
                "column_names VARCHAR[]",
                "column_types VARCHAR[]",
                "\"temporary\" BOOLEAN");
        return queries.query(queries.planner().plan(CatalogListing.valuesQuery("tables", columns, rows)));
    }

    /**
     * {@code SUMMARIZE}: per column of the query, as DuckDB: min and max (as text), the approximate
     * distinct count, the average and standard deviation (numbers; the average of dates and times
     * too), the quartiles, the row count and the share of NULLs. Two passes over the query: the
     * non-NULL counts first, because the quartiles are DuckDB's approximate quantile, which on data
     * too small to summarise interpolates between the values at positions {@code q·n − ½} (not
     * {@code q·(n − 1)} as {@code quantile_cont} does): each column's fraction depends on its count.
     */
    private QueryResult summarize(String query, List<DescribedColumn> columns) {
        String from = " FROM (" + query + ") AS summarized";
        List<String> counts = new ArrayList<>();
        for (DescribedColumn column : columns) {
            counts.add("count(" + identifier(column.field().getName()) + ")");
        }
        List<Object> nonNull;
        try (QueryResult counted = select(String.join(", ", counts) + from)) {
            nonNull = counted.rows().getFirst();
        }
        List<String> statistics = new ArrayList<>();
        for (int index = 0; index < columns.size(); index++) {
            statistics.addAll(statistics(columns.get(index).field(), ((Number) nonNull.get(index)).longValue()));
        }
        List<Object> values;
        try (QueryResult summary = select(String.join(", ", statistics) + ", count(*)" + from)) {
            values = summary.rows().getFirst();
        }
        int perColumn = statistics.size() / columns.size();
        long rowCount = ((Number) values.getLast()).longValue();
        List<String> rows = new ArrayList<>();
        for (int index = 0; index < columns.size(); index++) {
            Field field = columns.get(index).field();
            List<Object> own = values.subList(index * perColumn, (index + 1) * perColumn);
            long nulls = rowCount - ((Number) nonNull.get(index)).longValue();
            List<String> row = new ArrayList<>();
            row.add(literal(field.getName()));
            row.add(literal(TypeNames.sql(field)));
            row.add(literal(own.get(0))); // min
            row.add(literal(own.get(1))); // max
            row.add("CAST(" + own.get(2) + " AS BIGINT)"); // approx_unique
            for (int statistic = 3; statistic < perColumn; statistic++) {
                row.add(literal(own.get(statistic))); // avg, std, q25, q50, q75
            }
            row.add("CAST(" + rowCount + " AS BIGINT)");
            row.add(
                    rowCount == 0
                            ? "NULL"
                            : "CAST("
                                    + BigDecimal.valueOf(nulls * 100.0 / rowCount)
                                            .setScale(2, RoundingMode.HALF_UP)
                                            .toPlainString()
                                    + " AS DECIMAL(9,2))");
            rows.add("(" + String.join(", ", row) + ")");
        }
        return summaryOf(rows);
    }

    /** The SUMMARIZE result: its rows (one per column, never none) as SQL tuples, typed as DuckDB types them. */
    private QueryResult summaryOf(List<String> rows) {
        return select("column_name::VARCHAR AS column_name, column_type::VARCHAR AS column_type,"
                + " \"min\"::VARCHAR AS \"min\", \"max\"::VARCHAR AS \"max\", approx_unique::BIGINT AS approx_unique,"
                + " \"avg\"::VARCHAR AS \"avg\", std::VARCHAR AS std, q25::VARCHAR AS q25, q50::VARCHAR AS q50,"
                + " q75::VARCHAR AS q75, \"count\"::BIGINT AS \"count\","
                + " null_percentage::DECIMAL(9,2) AS null_percentage"
                + " FROM (VALUES " + String.join(", ", rows) + ") AS summary(column_name, column_type,"
                + " \"min\", \"max\", approx_unique, \"avg\", std, q25, q50, q75, \"count\", null_percentage)");
    }

    /**
     * The aggregates SUMMARIZE computes for one column with {@code nonNull} values: min, max,
     * distinct count, then average, deviation and the three quartiles (NULL where the type has none).
     */
    private static List<String> statistics(Field field, long nonNull) {
        String column = identifier(field.getName());
        ArrowType type = field.getType();
        boolean numeric = TypeNames.isNumeric(type);
        // DATE and TIMESTAMP: their average is a TIMESTAMP; TIME and TIMESTAMPTZ get none yet
        boolean temporal = type instanceof ArrowType.Date
                || type instanceof ArrowType.Timestamp timestamp && timestamp.getTimezone() == null;
        List<String> statistics = new ArrayList<>();
        statistics.add("min(" + column + ")::VARCHAR");
        statistics.add("max(" + column + ")::VARCHAR");
        statistics.add("approx_count_distinct(" + column + ")");
        statistics.add(
                numeric
                        ? "avg(" + column + "::DOUBLE)::VARCHAR"
                        : temporal
                                ? "make_timestamp(avg(epoch_us(" + column + "::TIMESTAMP))::BIGINT)::VARCHAR"
                                : "NULL::VARCHAR");
        statistics.add(numeric ? "stddev_samp(" + column + "::DOUBLE)::VARCHAR" : "NULL::VARCHAR");
        for (double quartile : QUARTILES) {
            statistics.add(numeric || temporal ? quartile(column, field, quartile, nonNull) : "NULL::VARCHAR");
        }
        return statistics;
    }

    /**
     * Quartile {@code q} as DuckDB's approximate quantile gives it for few values: interpolated at
     * position {@code q·n − ½} of the sorted values (clamped to the first and last), in the column's
     * type; integers round half to even.
     */
    private static String quartile(String column, Field field, double q, long nonNull) {
        double fraction = nonNull <= 1 ? 0.5 : Math.clamp((q * nonNull - 0.5) / (nonNull - 1), 0.0, 1.0);
        // a DECIMAL's quantile is interpolated in DOUBLE, then rounded to the scale (2.375 is 2.38)
        String argument = field.getType() instanceof ArrowType.Decimal ? column + "::DOUBLE" : column;
        String value = "quantile_cont(" + argument + ", " + fraction + ")";
        String type = TypeNames.sql(field);
        if (field.getType() instanceof ArrowType.Int) {
            value = "round_even(" + value + ", 0)";
        }
        return "CAST(" + value + " AS " + type + ")::VARCHAR";
    }

    private QueryResult select(String selectList) {
        return queries.query(queries.planner().plan(SqlParsing.parseStatement("SELECT " + selectList)));
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A SQL string literal of {@code value}'s text, or NULL. */
    private static String literal(Object value) {
        return value == null ? "NULL" : FunctionListing.quoted(value.toString());
    }

    private static String list(List<String> values) {
        return values.stream().map(DescribeStatements::literal).collect(Collectors.joining(", ", "[", "]"));
    }

    /** One row of SHOW ALL TABLES. */
    private record ListedRelation(
            String database, String schema, String name, List<Field> columns, boolean temporary) {}
}
