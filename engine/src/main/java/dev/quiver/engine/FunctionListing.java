package dev.quiver.engine;

import dev.quiver.engine.catalog.Catalog;
import dev.quiver.engine.catalog.MacroDefinition;
import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.function.BuiltinFunction;
import dev.quiver.engine.function.BuiltinFunctions;
import dev.quiver.engine.sql.SqlParsing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * DuckDB's {@code FROM duckdb_functions()}: the built-in functions, the Python functions and the SQL
 * macros of the database, one row per name, with DuckDB's columns {@code database_name,
 * schema_name, function_name, function_type} ({@code scalar}, {@code aggregate}, {@code table},
 * {@code macro}, {@code table_macro}), {@code description, return_type, parameters} (a macro's
 * parameter names), {@code macro_definition} (a macro's body as written) and {@code internal}. The
 * catalog changes while a session runs, so the call is replaced by a VALUES list before planning.
 */
final class FunctionListing {
    private static final String NAME = "duckdb_functions";
    private static final String COLUMNS = "database_name, schema_name, function_name, function_type, description,"
            + " return_type, parameters, macro_definition, internal";

    private FunctionListing() {}

    /** {@code statement} with each {@code duckdb_functions()} in FROM replaced by the listing. */
    static SqlNode inline(SqlNode statement, Catalog catalog, String temporarySchema) {
        if (!statement.isA(SqlKind.QUERY)
                || !statement.toString().toLowerCase(Locale.ROOT).contains(NAME)) {
            return statement; // a cheap test first: most statements do not name it
        }
        return statement.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call.getKind() == SqlKind.COLLECTION_TABLE
                        && call.operand(0) instanceof SqlCall function
                        && function.getOperator().getName().equalsIgnoreCase(NAME)
                        && function.operandCount() == 0) {
                    return listing(catalog, temporarySchema);
                }
                return super.visit(call);
            }
        });
    }

    private static SqlNode listing(Catalog catalog, String temporarySchema) {
        List<String> rows = new ArrayList<>();
        for (MacroDefinition macro : catalog.macros().macros()) {
            QualifiedName name = QualifiedName.of(macro.name());
            if (name.temporary() && !name.inSchema(temporarySchema)) {
                continue; // another connection's
            }
            String parameters = macro.parameters().stream()
                    .map(FunctionListing::quoted)
                    .collect(Collectors.joining(", ", "[", "]"));
            rows.add(row(
                    name.temporary() ? "temp" : "memory",
                    name.name(),
                    macro.table() ? "table_macro" : "macro",
                    null,
                    null,
                    "CAST(" + parameters + " AS VARCHAR[])",
                    macro.body(),
                    false));
        }
        for (PythonUdf function : catalog.functions().functions()) {
            String type = function.isAggregate() ? "aggregate" : function.isTable() ? "table" : "scalar";
            rows.add(row(
                    "memory", function.name(), type, function.signature(), function.resultSql(), null, null, false));
        }
        for (BuiltinFunction function : BuiltinFunctions.all()) {
            String type = switch (function.kind()) {
                case AGGREGATE -> "aggregate";
                case TABLE -> "table";
                case SCALAR, OPERATOR -> "scalar";
            };
            for (String name : function.names()) {
                rows.add(row("memory", name, type, function.description(), null, null, null, true));
            }
        }
        SqlSelect query = (SqlSelect) SqlParsing.parseStatement(
                "SELECT * FROM (VALUES " + String.join(", ", rows) + ") AS " + NAME + "(" + COLUMNS + ")");
        return query;
    }

    private static String row(
            String database,
            String name,
            String type,
            String description,
            String returnType,
            String parameters,
            String definition,
            boolean internal) {
        return "(" + quoted(database) + ", 'main', " + quoted(name) + ", " + quoted(type) + ", " + text(description)
                + ", "
                + text(returnType) + ", " + (parameters == null ? "CAST(NULL AS VARCHAR[])" : parameters) + ", "
                + text(definition) + ", " + internal + ")";
    }

    private static String text(String value) {
        return value == null ? "CAST(NULL AS VARCHAR)" : quoted(value);
    }

    /** {@code value} as a SQL string literal. */
    static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
