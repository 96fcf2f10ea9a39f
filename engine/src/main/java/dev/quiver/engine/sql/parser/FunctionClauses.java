package dev.quiver.engine.sql.parser;

import dev.quiver.engine.sql.ddl.FunctionOptions;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Collects the clauses of one CREATE FUNCTION statement, which may come in any order, and rejects
 * a clause given twice or contradicting an earlier one. Used by one parser call, then dropped.
 */
final class FunctionClauses {
    private boolean languageSeen;
    private String body;
    private String handler;
    private FunctionOptions.Volatility volatility;
    private FunctionOptions.NullInput nullInput;
    private FunctionOptions.Kind kind;
    private FunctionOptions.OnError onError;
    private FunctionOptions.Isolation isolation;
    private FunctionOptions.BatchFormat batchFormat;
    /** CREATE AGGREGATE FUNCTION: the kind is fixed, NULL rows are skipped unless said otherwise. */
    private final boolean aggregate;
    /** RETURNS TABLE (...): a table function; the kind is fixed. */
    private boolean table;

    FunctionClauses() {
        this(false);
    }

    FunctionClauses(boolean aggregate) {
        this.aggregate = aggregate;
    }

    private String statement() {
        return aggregate ? "CREATE AGGREGATE FUNCTION" : "CREATE FUNCTION";
    }

    void language(SqlIdentifier language, SqlParserPos pos) {
        if (languageSeen) {
            throw ParserSupport.error(pos, "conflicting or repeated LANGUAGE");
        }
        if (!language.getSimple().equalsIgnoreCase("python")) {
            throw ParserSupport.error(
                    language.getParserPosition(),
                    "unsupported language '" + language.getSimple() + "'; Quiver functions are LANGUAGE PYTHON");
        }
        languageSeen = true;
    }

    void body(String text, SqlParserPos pos) {
        body = once(body, text, "AS clause", pos);
    }

    void handler(String name, SqlParserPos pos) {
        handler = once(handler, name, "HANDLER", pos);
    }

    void volatility(FunctionOptions.Volatility value, SqlParserPos pos) {
        volatility = once(volatility, value, "volatility (IMMUTABLE, STABLE, VOLATILE)", pos);
    }

    void nullInput(FunctionOptions.NullInput value, SqlParserPos pos) {
        nullInput =
                once(nullInput, value, "NULL handling (CALLED ON NULL INPUT, RETURNS NULL ON NULL INPUT, STRICT)", pos);
    }

    /** RETURNS TABLE (...) was given: a table function. */
    void table(SqlParserPos pos) {
        if (aggregate) {
            throw ParserSupport.error(
                    pos,
                    "an aggregate function returns one value per group, not a table: use CREATE FUNCTION for a "
                            + "table function");
        }
        table = true;
    }

    void kind(FunctionOptions.Kind value, SqlParserPos pos) {
        if (table) {
            throw ParserSupport.error(
                    pos,
                    "KIND does not apply to a table function (RETURNS TABLE): its handler is a generator "
                            + "function or a class with eval, called once per input row");
        }
        if (aggregate) {
            throw ParserSupport.error(
                    pos,
                    "KIND does not apply to CREATE AGGREGATE FUNCTION: an aggregate's "
                            + "handler is a class called per row (accumulate) and per group (merge, finish)");
        }
        kind = once(kind, value, "KIND", pos);
    }

    void onError(FunctionOptions.OnError value, SqlParserPos pos) {
        if (aggregate && value == FunctionOptions.OnError.NULL) {
            throw ParserSupport.error(
                    pos,
                    "ON ERROR NULL is not supported for aggregate functions: an error in "
                            + "accumulate, merge or finish fails the query");
        }
        if (table && value == FunctionOptions.OnError.NULL) {
            throw ParserSupport.error(
                    pos, "ON ERROR NULL is not supported for table functions: an error in the handler fails the query");
        }
        onError = once(onError, value, "ON ERROR", pos);
    }

    /** One {@code key = 'value'} of {@code WITH (...)}. */
    void withOption(SqlIdentifier key, String value, SqlParserPos pos) {
        String lowerValue = value.toLowerCase(Locale.ROOT);
        switch (key.getSimple().toLowerCase(Locale.ROOT)) {
            case "handler" -> handler(value, pos);
            case "kind" ->
                kind(
                        switch (lowerValue) {
                            case "scalar" -> FunctionOptions.Kind.SCALAR;
                            case "vectorized" -> FunctionOptions.Kind.VECTORIZED;
                            default -> throw badValue(key, value, "'scalar' or 'vectorized'", pos);
                        },
                        pos);
            case "on_error" ->
                onError(
                        switch (lowerValue) {
                            case "raise" -> FunctionOptions.OnError.RAISE;
                            case "null" -> FunctionOptions.OnError.NULL;
                            default -> throw badValue(key, value, "'raise' or 'null'", pos);
                        },
                        pos);
            case "isolation" ->
                isolation = once(
                        isolation,
                        switch (lowerValue) {
                            case "auto" -> FunctionOptions.Isolation.AUTO;
                            case "subinterpreter" -> FunctionOptions.Isolation.SUBINTERPRETER;
                            case "process" -> FunctionOptions.Isolation.PROCESS;
                            default -> throw badValue(key, value, "'auto', 'subinterpreter' or 'process'", pos);
                        },
                        "isolation",
                        pos);
            case "batch_format" ->
                batchFormat = once(
                        batchFormat,
                        switch (lowerValue) {
                            case "lists" -> FunctionOptions.BatchFormat.LISTS;
                            case "numpy" -> FunctionOptions.BatchFormat.NUMPY;
                            case "pandas" -> FunctionOptions.BatchFormat.PANDAS;
                            case "pyarrow" -> FunctionOptions.BatchFormat.PYARROW;
                            default -> throw badValue(key, value, "'lists', 'numpy', 'pandas' or 'pyarrow'", pos);
                        },
                        "batch_format",
                        pos);
            default ->
                throw ParserSupport.error(
                        key.getParserPosition(),
                        "unknown option '" + key.getSimple()
                                + "' in WITH (...); expected handler, kind, on_error, isolation or batch_format");
        }
    }

    /** Fails, at {@code next} (the token after the statement), if LANGUAGE or AS is missing. */
    void checkComplete(SqlParserPos next) {
        if (!languageSeen) {
            throw ParserSupport.error(next, statement() + " needs LANGUAGE PYTHON");
        }
        if (body == null) {
            throw ParserSupport.error(next, statement() + " needs AS followed by the Python source as a string");
        }
    }

    /** The Python source; call after {@link #checkComplete}. */
    String body() {
        return body;
    }

    /** The options given, with defaults for the others. */
    FunctionOptions options() {
        FunctionOptions defaults = FunctionOptions.DEFAULTS;
        return new FunctionOptions(
                Optional.ofNullable(handler),
                volatility != null ? volatility : defaults.volatility(),
                nullInput != null
                        ? nullInput
                        // Aggregates skip rows with a NULL argument, as built-in aggregates do.
                        : aggregate ? FunctionOptions.NullInput.RETURNS_NULL_ON_NULL_INPUT : defaults.nullInput(),
                aggregate
                        ? FunctionOptions.Kind.AGGREGATE
                        : table ? FunctionOptions.Kind.TABLE : kind != null ? kind : defaults.kind(),
                onError != null ? onError : defaults.onError(),
                isolation != null ? isolation : defaults.isolation(),
                batchFormat != null ? batchFormat : defaults.batchFormat());
    }

    private static <T> T once(T current, T value, String clause, SqlParserPos pos) {
        if (current != null) {
            throw ParserSupport.error(pos, "conflicting or repeated " + clause);
        }
        return value;
    }

    private static RuntimeException badValue(SqlIdentifier key, String value, String expected, SqlParserPos pos) {
        return ParserSupport.error(
                pos, "invalid value '" + value + "' for option " + key.getSimple() + "; expected " + expected);
    }
}
