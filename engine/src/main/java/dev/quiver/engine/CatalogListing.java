package dev.quiver.engine;

import dev.quiver.engine.catalog.Catalog;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.Sequence;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.engine.catalog.ViewDefinition;
import dev.quiver.engine.sql.SqlParsing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * DuckDB's catalog listings as seen by one connection: {@code duckdb_tables()},
 * {@code duckdb_schemas()}, {@code duckdb_sequences()}, {@code information_schema.tables} and
 * {@code information_schema.schemata}, with the columns of DuckDB's that say where an object is
 * (database {@code memory}, or {@code temp} for the connection's TEMP objects, and schema). The
 * catalog changes while a session runs, so each is replaced by a VALUES list before planning, as
 * {@link FunctionListing} does for {@code duckdb_functions()}.
 */
final class CatalogListing {
    private static final String DATABASE = "memory";
    static final String TEMP_DATABASE = "temp";

    /** One listing: its SQL name, its columns (name and type) and how its rows are made. */
    private record Listing(String name, List<String> columns, RowSource rows) {}

    @FunctionalInterface
    private interface RowSource {
        List<String> rows(Catalog catalog, String temporarySchema);
    }

    private static final List<Listing> FUNCTIONS = List.of(
            new Listing(
                    "duckdb_tables",
                    List.of(
                            "database_name VARCHAR",
                            "schema_name VARCHAR",
                            "table_name VARCHAR",
                            "temporary BOOLEAN",
                            "has_primary_key BOOLEAN",
                            "estimated_size BIGINT",
                            "column_count BIGINT"),
                    CatalogListing::tableRows),
            new Listing(
                    "duckdb_schemas",
                    List.of("database_name VARCHAR", "schema_name VARCHAR", "internal BOOLEAN"),
                    CatalogListing::schemaRows),
            new Listing(
                    "duckdb_sequences",
                    List.of(
                            "database_name VARCHAR",
                            "schema_name VARCHAR",
                            "sequence_name VARCHAR",
                            "temporary BOOLEAN",
                            "start_value BIGINT",
                            "min_value BIGINT",
                            "max_value BIGINT",
                            "increment_by BIGINT",
                            "cycle BOOLEAN",
                            "last_value BIGINT"),
                    CatalogListing::sequenceRows));

    private static final List<Listing> INFORMATION_SCHEMA = List.of(
            new Listing(
                    "tables",
                    List.of(
                            "table_catalog VARCHAR",
                            "table_schema VARCHAR",
                            "table_name VARCHAR",
                            "table_type VARCHAR"),
                    CatalogListing::informationTableRows),
            new Listing(
                    "schemata",
                    List.of("catalog_name VARCHAR", "schema_name VARCHAR"),
                    (catalog, temporary) -> schemaRows(catalog, temporary).stream()
                            .map(row -> row.substring(0, row.lastIndexOf(',')) + ")")
                            .toList()));

    private CatalogListing() {}

    /** {@code statement} with each listing in FROM replaced by its rows as the connection sees them. */
    static SqlNode inline(SqlNode statement, Catalog catalog, String temporarySchema) {
        if (!statement.isA(SqlKind.QUERY)) {
            return statement;
        }
        String text = statement.toString().toLowerCase(Locale.ROOT);
        if (!text.contains("duckdb_") && !text.contains("information_schema")) {
            return statement; // a cheap test first: most statements name none
        }
        return statement.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call.getKind() == SqlKind.COLLECTION_TABLE
                        && call.operand(0) instanceof SqlCall function
                        && function.operandCount() == 0) {
                    for (Listing listing : FUNCTIONS) {
                        if (function.getOperator().getName().equalsIgnoreCase(listing.name())) {
                            return query(listing, catalog, temporarySchema);
                        }
                    }
                }
                if (call.getKind() == SqlKind.AS && informationSchema(call.operand(0)) != null) {
                    List<SqlNode> operands = new ArrayList<>(call.getOperandList());
                    operands.set(0, query(informationSchema(call.operand(0)), catalog, temporarySchema));
                    return call.getOperator().createCall(call.getParserPosition(), operands);
                }
                return super.visit(call);
            }

            @Override
            public SqlNode visit(SqlIdentifier identifier) {
                Listing listing = informationSchema(identifier);
                if (listing == null) {
                    return identifier;
                }
                return SqlStdOperatorTable.AS.createCall(
                        identifier.getParserPosition(),
                        query(listing, catalog, temporarySchema),
                        new SqlIdentifier(identifier.names.getLast(), identifier.getParserPosition()));
            }
        });
    }

    /** The information_schema listing {@code node} names, or null. */
    private static Listing informationSchema(SqlNode node) {
        if (!(node instanceof SqlIdentifier identifier)
                || identifier.names.size() != 2
                || !identifier.names.getFirst().equalsIgnoreCase("information_schema")) {
            return null;
        }
        for (Listing listing : INFORMATION_SCHEMA) {
            if (identifier.names.getLast().equalsIgnoreCase(listing.name())) {
                return listing;
            }
        }
        return null;
    }

    private static SqlNode query(Listing listing, Catalog catalog, String temporarySchema) {
        return valuesQuery(listing.name(), listing.columns(), listing.rows().rows(catalog, temporarySchema));
    }

    /**
     * {@code SELECT * FROM (VALUES rows) AS alias(columns)}, where each of {@code columns} is "name TYPE";
     * with no rows, one row of typed NULLs filtered away, so the columns keep their types.
     */
    static SqlNode valuesQuery(String alias, List<String> columns, List<String> rows) {
        String names = columns.stream()
                .map(column -> column.substring(0, column.indexOf(' ')))
                .collect(Collectors.joining(", "));
        String typedNulls = columns.stream()
                .map(column -> "CAST(NULL AS " + column.substring(column.indexOf(' ') + 1) + ")")
                .collect(Collectors.joining(", ", "(", ")"));
        String values = rows.isEmpty() ? typedNulls : String.join(", ", rows);
        return SqlParsing.parseStatement("SELECT * FROM (VALUES " + values + ") AS " + alias + "(" + names + ")"
                + (rows.isEmpty() ? " WHERE false" : ""));
    }

    /** Whether the connection whose TEMP schema is {@code temporarySchema} sees {@code name}. */
    private static boolean visible(QualifiedName name, String temporarySchema) {
        return !name.temporary() || name.inSchema(temporarySchema);
    }

    private static String database(QualifiedName name) {
        return FunctionListing.quoted(name.temporary() ? TEMP_DATABASE : DATABASE);
    }

    private static List<String> tableRows(Catalog catalog, String temporarySchema) {
        List<String> rows = new ArrayList<>();
        for (MemoryTable table : catalog.tables()) {
            QualifiedName name = QualifiedName.of(table.name());
            if (visible(name, temporarySchema)) {
                rows.add("(" + database(name) + ", " + FunctionListing.quoted(name.listedSchema()) + ", "
                        + FunctionListing.quoted(name.name()) + ", " + name.temporary() + ", "
                        + !TableConstraints.of(table.schema()).primaryKey().isEmpty() + ", CAST(" + table.rowCount()
                        + " AS BIGINT), CAST(" + table.schema().getFields().size() + " AS BIGINT))");
            }
        }
        return rows;
    }

    private static List<String> schemaRows(Catalog catalog, String temporarySchema) {
        List<String> rows = new ArrayList<>();
        rows.add("('memory', 'main', true)");
        for (String schema : catalog.schemas()) {
            rows.add("('memory', " + FunctionListing.quoted(schema) + ", false)");
        }
        rows.add("('system', 'information_schema', true)");
        rows.add("('system', 'main', true)");
        rows.add("('system', 'pg_catalog', true)");
        rows.add("('temp', 'main', true)");
        return rows;
    }

    private static List<String> sequenceRows(Catalog catalog, String temporarySchema) {
        List<String> rows = new ArrayList<>();
        for (Sequence sequence : catalog.sequences()) {
            QualifiedName name = QualifiedName.of(sequence.name());
            if (visible(name, temporarySchema)) {
                Long last = sequence.lastValue();
                rows.add("(" + database(name) + ", " + FunctionListing.quoted(name.listedSchema()) + ", "
                        + FunctionListing.quoted(name.name()) + ", " + name.temporary() + ", "
                        + bigint(sequence.start())
                        + ", " + bigint(sequence.minValue()) + ", " + bigint(sequence.maxValue()) + ", "
                        + bigint(sequence.increment()) + ", " + sequence.cycle() + ", "
                        + (last == null ? "CAST(NULL AS BIGINT)" : bigint(last)) + ")");
            }
        }
        return rows;
    }

    private static List<String> informationTableRows(Catalog catalog, String temporarySchema) {
        List<String> rows = new ArrayList<>();
        for (MemoryTable table : catalog.tables()) {
            QualifiedName name = QualifiedName.of(table.name());
            if (visible(name, temporarySchema)) {
                rows.add(informationRow(name, "BASE TABLE"));
            }
        }
        for (ViewDefinition view : catalog.views()) {
            QualifiedName name = QualifiedName.of(view.name());
            if (visible(name, temporarySchema)) {
                rows.add(informationRow(name, "VIEW"));
            }
        }
        return rows;
    }

    private static String informationRow(QualifiedName name, String type) {
        return "(" + database(name) + ", " + FunctionListing.quoted(name.listedSchema()) + ", "
                + FunctionListing.quoted(name.name()) + ", " + FunctionListing.quoted(type) + ")";
    }

    private static String bigint(long value) {
        return "CAST(" + value + " AS BIGINT)";
    }
}
