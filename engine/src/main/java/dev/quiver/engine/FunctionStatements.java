package dev.quiver.engine;

import dev.quiver.engine.catalog.FunctionCatalog;
import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.function.BuiltinFunction;
import dev.quiver.engine.function.BuiltinFunctions;
import dev.quiver.engine.function.FunctionRegistry;
import dev.quiver.engine.function.PythonFunctionFactory;
import dev.quiver.engine.function.TableArgumentVersions;
import dev.quiver.engine.function.UdfTypes;
import dev.quiver.engine.plan.QueryPlanner;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.FunctionOptions;
import dev.quiver.engine.sql.ddl.SqlCreateFunction;
import dev.quiver.engine.sql.ddl.SqlDropFunction;
import dev.quiver.engine.sql.ddl.SqlFunctionParameter;
import dev.quiver.engine.sql.parser.HugeintTypeNameSpec;
import dev.quiver.udf.TableColumn;
import dev.quiver.udf.UdfType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/** CREATE FUNCTION, DROP FUNCTION and SHOW FUNCTIONS against a database's function catalog. */
final class FunctionStatements {
    private static final List<String> PYTHON_COLUMNS =
            List.of("name", "arguments", "returns", "volatility", "null_input", "kind", "on_error");
    private static final List<String> ALL_COLUMNS = List.of("name", "kind", "signature", "description", "example");

    private final Quiver database;

    FunctionStatements(Quiver database) {
        this.database = database;
    }

    /**
     * Registers the function with the interpreter pool (compiling and importing it), stores its
     * definition durably unless {@code replaying} one that was stored, and adds it to the catalog.
     */
    QueryResult create(SqlCreateFunction create, QueryPlanner planner, boolean replaying) {
        // the name as written (lookups ignore case, as for tables): SHOW FUNCTIONS lists it so
        String name = create.name().isSimple() ? create.name().getSimple() : null;
        if (name == null) {
            throw error(ErrorCode.INVALID_QUERY, "a function name has no schema: " + create.name(), create.name());
        }
        if (isBuiltIn(name)) {
            throw error(
                    ErrorCode.FUNCTION_EXISTS, name + " is a built-in function; choose another name", create.name());
        }
        FunctionCatalog functions = database.catalog().functions();
        boolean exists = functions.function(name).isPresent();
        if (exists && create.ifNotExists()) {
            return QueryResult.ofUpdateCount(0);
        }
        if (exists && !create.replace()) {
            throw error(
                    ErrorCode.FUNCTION_EXISTS,
                    "Function " + name + " already exists (CREATE OR REPLACE FUNCTION replaces it)",
                    create.name());
        }
        List<String> names = new ArrayList<>();
        List<UdfType> types = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<SqlFunctionParameter> parameters = create.parameters();
        for (int index = 0; index < parameters.size(); index++) {
            SqlFunctionParameter parameter = parameters.get(index);
            String parameterName =
                    parameter.name().map(SqlIdentifier::getSimple).orElse(null);
            if (parameterName != null && !seen.add(parameterName.toLowerCase(Locale.ROOT))) {
                throw error(
                        ErrorCode.INVALID_FUNCTION_DEFINITION,
                        "argument " + parameterName + " appears more than once in function " + name,
                        parameter);
            }
            names.add(parameterName);
            if (parameter.isTable()) {
                if (!create.options().kind().isTable() || types.contains(PythonUdf.TABLE_PARAMETER)) {
                    throw error(
                            ErrorCode.INVALID_FUNCTION_DEFINITION,
                            create.options().kind().isTable()
                                    ? "table function " + name + " has more than one TABLE parameter; it takes one"
                                    : "only a table function (RETURNS TABLE (...)) can take a TABLE parameter,"
                                            + " not " + name,
                            parameter);
                }
                types.add(PythonUdf.TABLE_PARAMETER);
                continue;
            }
            types.add(udfType(
                    planner,
                    parameter.type(),
                    "argument " + (parameterName == null ? String.valueOf(index + 1) : parameterName) + " of " + name));
        }
        UdfType returnType =
                create.returnType() == null ? null : udfType(planner, create.returnType(), "the result of " + name);
        List<TableColumn> resultColumns = resultColumns(create, planner, name);
        String definition = create.toSqlString(SqlParsing.DIALECT).getSql();
        PythonUdf function = PythonFunctionFactory.create(
                database.udfPool(),
                name,
                names,
                types,
                returnType,
                resultColumns,
                create.body(),
                create.options(),
                definition);
        if (!replaying
                && function.registered().inProcess()
                && create.options().isolation() != FunctionOptions.Isolation.PROCESS) {
            // isolation = 'auto' chose the process tier: say so (EXPLAIN shows it too)
            System.err.println("quiver: function " + name + " runs in the process tier: "
                    + function.registered().placement());
        }
        // durable first: once the statement returns, the definition survives a crash
        if (!replaying) {
            database.store().saveFunction(name, function.kindName(), definition);
        }
        if (create.replace()) {
            Optional<PythonUdf> previous = functions.function(name);
            functions.createOrReplace(function);
            previous.ifPresent(replaced -> {
                replaced.pool().release(replaced.registered());
                TableArgumentVersions.release(replaced);
            });
        } else {
            functions.create(function);
        }
        return QueryResult.ofUpdateCount(0);
    }

    /** The Python-function type of a declared type; HUGEINT is DECIMAL(38,0) in SQL but {@code int} in Python. */
    private static UdfType udfType(QueryPlanner planner, SqlDataTypeSpec type, String what) {
        return HugeintTypeNameSpec.isHugeint(type)
                ? UdfType.HUGEINT
                : UdfTypes.fromSql(planner.resolveType(type), what);
    }

    /** A table function's declared result columns, each name once; empty for other functions. */
    private static List<TableColumn> resultColumns(SqlCreateFunction create, QueryPlanner planner, String name) {
        List<TableColumn> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SqlFunctionParameter column : create.resultColumns()) {
            SqlIdentifier columnName = column.name().orElseThrow();
            if (!seen.add(columnName.getSimple().toLowerCase(Locale.ROOT))) {
                throw error(
                        ErrorCode.INVALID_FUNCTION_DEFINITION,
                        "result column " + columnName.getSimple() + " appears more than once in table function " + name,
                        column);
            }
            columns.add(new TableColumn(
                    columnName.getSimple(),
                    udfType(planner, column.type(), "result column " + columnName.getSimple() + " of " + name)));
        }
        return columns;
    }

    QueryResult drop(SqlDropFunction drop) {
        String written =
                drop.name().isSimple() ? drop.name().getSimple() : drop.name().toString();
        if (database.catalog().functions().function(written).isEmpty()) {
            if (!drop.ifExists()) {
                throw error(ErrorCode.UNKNOWN_FUNCTION, "Function " + written + " does not exist", drop.name());
            }
            return QueryResult.ofUpdateCount(0);
        }
        PythonUdf dropped = database.catalog().functions().function(written).orElseThrow();
        String name = dropped.name();
        if (drop.aggregate() && !dropped.isAggregate()) {
            throw error(
                    ErrorCode.INVALID_QUERY,
                    "Function " + name + " is not an aggregate function (it is " + dropped.kindName()
                            + "): use DROP FUNCTION " + name,
                    drop.name());
        }
        database.store().dropFunction(name);
        database.catalog().functions().drop(name);
        dropped.pool().release(dropped.registered()); // its interpreters forget the compiled source
        TableArgumentVersions.release(dropped);
        return QueryResult.ofUpdateCount(0);
    }

    /**
     * {@code SHOW FUNCTIONS}: every function, Python ones first, as name, kind, signature,
     * description and example; {@code FROM python} lists the Python functions with their options
     * (name, arguments, result type, volatility, null input, kind, on error), {@code FROM builtin}
     * only the built-ins.
     */
    QueryResult show(SqlIdentifier from) {
        String which = from == null ? "all" : from.getSimple().toLowerCase(Locale.ROOT);
        List<List<String>> rows = new ArrayList<>();
        switch (which) {
            case "python" -> {
                for (PythonUdf function : database.catalog().functions().functions()) {
                    rows.add(pythonRow(function));
                }
                return QueryResult.ofText(PYTHON_COLUMNS, rows, database.newQueryAllocator("show functions"));
            }
            case "all", "builtin" -> {
                if (which.equals("all")) {
                    for (PythonUdf function : database.catalog().functions().functions()) {
                        List<String> options = pythonRow(function);
                        rows.add(List.of(
                                function.name(),
                                function.isAggregate()
                                        ? "python aggregate"
                                        : function.isTable() ? "python table" : "python",
                                function.signature(),
                                String.join(", ", options.subList(3, options.size())),
                                ""));
                    }
                }
                for (BuiltinFunction function : BuiltinFunctions.all()) {
                    String names = String.join(", ", function.names());
                    rows.add(List.of(
                            names,
                            function.kind().name().toLowerCase(Locale.ROOT),
                            function.signature(),
                            function.description(),
                            function.example()));
                }
                return QueryResult.ofText(ALL_COLUMNS, rows, database.newQueryAllocator("show functions"));
            }
            default ->
                throw error(
                        ErrorCode.INVALID_QUERY,
                        "SHOW FUNCTIONS FROM " + from.getSimple() + ": expected python or builtin",
                        from);
        }
    }

    /** A Python function's name, arguments, result type and options. */
    private static List<String> pythonRow(PythonUdf function) {
        List<String> arguments = new ArrayList<>();
        for (int index = 0; index < function.parameterTypes().size(); index++) {
            arguments.add(function.parameterNames().get(index) + " " + function.parameterSql(index));
        }
        return List.of(
                function.name(),
                String.join(", ", arguments),
                function.resultSql(),
                function.options().volatility().name(),
                function.options().nullInput().name(),
                function.options().kind().name(),
                function.options().onError().name());
        // (kind is SCALAR, VECTORIZED, AGGREGATE or TABLE)
    }

    private boolean isBuiltIn(String name) {
        List<SqlOperator> found = new ArrayList<>();
        FunctionRegistry.operatorTable(database::files)
                .lookupOperatorOverloads(
                        new SqlIdentifier(name, SqlParserPos.ZERO),
                        null,
                        SqlSyntax.FUNCTION,
                        found,
                        SqlNameMatchers.withCaseSensitive(false));
        return !found.isEmpty();
    }

    private static QuiverException error(ErrorCode code, String message, SqlNode where) {
        SqlParserPos position = where.getParserPosition();
        return new QuiverException(code, message, position.getLineNum(), position.getColumnNum(), null);
    }
}
