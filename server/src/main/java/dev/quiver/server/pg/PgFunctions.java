package dev.quiver.server.pg;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.function.BuiltinFunction;
import dev.quiver.engine.function.BuiltinFunctions;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlOperator;

/**
 * The functions {@code pg_proc} lists, as psql's {@code \df} and DBeaver read them: every built-in
 * function name (operators are not functions there) in {@code pg_catalog}, and the Python
 * functions in {@code main}, where PostgreSQL puts a user's functions.
 */
final class PgFunctions {
    private PgFunctions() {}

    /** The Python functions, then the built-ins, one entry per name (an alias is listed as itself). */
    static List<PgCatalog.Function> of(List<PythonUdf> pythonFunctions) {
        List<PgCatalog.Function> functions = new ArrayList<>();
        for (PythonUdf function : pythonFunctions) {
            functions.add(python(function));
        }
        for (BuiltinFunction function : BuiltinFunctions.all()) {
            if (function.kind() == BuiltinFunction.Kind.OPERATOR) {
                continue;
            }
            for (String name : function.names()) {
                functions.add(builtin(function, name));
            }
        }
        return functions;
    }

    private static PgCatalog.Function python(PythonUdf function) {
        List<String> arguments = new ArrayList<>();
        for (int index = 0; index < function.parameterTypes().size(); index++) {
            arguments.add(function.parameterNames().get(index) + " " + function.parameterSql(index));
        }
        char volatility = switch (function.options().volatility()) {
            case IMMUTABLE -> 'i';
            case STABLE -> 's';
            case VOLATILE -> 'v';
        };
        return new PgCatalog.Function(
                PgCatalog.SCHEMA,
                function.name(),
                function.isAggregate() ? 'a' : 'f',
                String.join(", ", arguments),
                function.resultSql(),
                function.isTable(),
                true,
                volatility,
                body(function.definitionSql()),
                null);
    }

    /** The Python source of a CREATE FUNCTION: between its dollar quotes, or the whole statement. */
    private static String body(String definition) {
        int open = definition.indexOf("$$");
        int close = definition.lastIndexOf("$$");
        return open >= 0 && close > open ? definition.substring(open + 2, close).strip() : definition;
    }

    /** The arguments of a signature's first form: {@code start, stop[, step]} of {@code range(start, stop[, step])}. */
    private static String firstArguments(String signature) {
        int open = signature.indexOf('(');
        if (open < 0) {
            return "";
        }
        int depth = 0;
        for (int index = open; index < signature.length(); index++) {
            char character = signature.charAt(index);
            if (character == '(') {
                depth++;
            } else if (character == ')' && --depth == 0) {
                return signature.substring(open + 1, index);
            }
        }
        return "";
    }

    private static PgCatalog.Function builtin(BuiltinFunction function, String name) {
        String signature = function.signature() == null ? "" : function.signature();
        int arrow = signature.lastIndexOf("->");
        String result = arrow >= 0 ? signature.substring(arrow + 2).strip() : "";
        boolean deterministic = function.operators().stream().allMatch(SqlOperator::isDeterministic);
        boolean dynamic = function.operators().stream().anyMatch(SqlOperator::isDynamicFunction);
        return new PgCatalog.Function(
                "pg_catalog",
                name,
                function.kind() == BuiltinFunction.Kind.AGGREGATE ? 'a' : 'f',
                firstArguments(signature),
                result,
                function.kind() == BuiltinFunction.Kind.TABLE,
                false,
                !deterministic ? 'v' : dynamic ? 's' : 'i',
                name,
                function.description());
    }
}
