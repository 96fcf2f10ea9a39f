package dev.quiver.engine.catalog;

import dev.quiver.engine.sql.ddl.FunctionOptions;
import dev.quiver.udf.TableColumn;
import dev.quiver.udf.UdfType;
import dev.quiver.udf.pool.InterpreterPool;
import dev.quiver.udf.pool.RegisteredFunction;
import java.util.List;
import java.util.Objects;

/**
 * A Python function of the catalog: its SQL signature and options, the statement that defined it,
 * and its registration in the database's interpreter pool. Immutable; replacing a function makes
 * a new one, so a running query keeps the version it was planned with.
 *
 * @param name           the SQL name, lower-case
 * @param parameterNames the declared argument names ({@code $1}, {@code $2} … for unnamed ones)
 * @param parameterTypes the declared argument types; callers' arguments are cast to them
 * @param returnType     the declared result type (always nullable); null for a table function
 * @param definitionSql  the CREATE FUNCTION statement, replayable (durable catalogs store it)
 * @param pool           the pool the function is registered in
 * @param registered     the registration: calls go through it
 * @param resultColumns  a table function's result columns ({@code RETURNS TABLE (...)}); empty otherwise
 */
public record PythonUdf(
        String name,
        List<String> parameterNames,
        List<UdfType> parameterTypes,
        UdfType returnType,
        FunctionOptions options,
        String definitionSql,
        InterpreterPool pool,
        RegisteredFunction registered,
        List<TableColumn> resultColumns) {
    /**
     * The type that stands for a {@code TABLE} parameter in {@link #parameterTypes}: the pool checks
     * the handler's arity with it; each call passes the input's rows as a STRUCT of its own columns.
     */
    public static final UdfType TABLE_PARAMETER =
            UdfType.struct(UdfType.field("quiver table argument", UdfType.BOOLEAN));

    public PythonUdf {
        Objects.requireNonNull(name, "name");
        parameterNames = List.copyOf(parameterNames);
        parameterTypes = List.copyOf(parameterTypes);
        resultColumns = List.copyOf(resultColumns);
        if (options.kind().isTable() == (returnType != null) || options.kind().isTable() == resultColumns.isEmpty()) {
            throw new IllegalArgumentException("a table function has result columns, any other function a return type");
        }
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(definitionSql, "definitionSql");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(registered, "registered");
        if (parameterNames.size() != parameterTypes.size()) {
            throw new IllegalArgumentException(
                    parameterNames.size() + " parameter names for " + parameterTypes.size() + " parameter types");
        }
    }

    /** The position of the TABLE parameter, or -1 when there is none. */
    public int tableParameter() {
        return parameterTypes.indexOf(TABLE_PARAMETER);
    }

    /** A parameter's type as SQL spells it: {@code TABLE} for the table parameter. */
    public String parameterSql(int index) {
        UdfType type = parameterTypes.get(index);
        return type.equals(TABLE_PARAMETER) ? "TABLE" : type.sql();
    }

    /** Whether this is an aggregate function ({@code CREATE AGGREGATE FUNCTION}). */
    public boolean isAggregate() {
        return options.kind().isAggregate();
    }

    /** Whether this is a table function ({@code RETURNS TABLE (...)}, called in FROM). */
    public boolean isTable() {
        return options.kind().isTable();
    }

    /** The result as SHOW FUNCTIONS prints it: the type, or {@code TABLE(word VARCHAR, ...)}. */
    public String resultSql() {
        if (returnType != null) {
            return returnType.sql();
        }
        StringBuilder text = new StringBuilder("TABLE(");
        for (int index = 0; index < resultColumns.size(); index++) {
            text.append(index == 0 ? "" : ", ")
                    .append(resultColumns.get(index).name())
                    .append(' ')
                    .append(resultColumns.get(index).type().sql());
        }
        return text.append(')').toString();
    }

    /** The kind as SHOW FUNCTIONS and the durable store name it: scalar, vectorized, aggregate or table. */
    public String kindName() {
        return options.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether calls with equal arguments may be merged, and constant ones folded (not VOLATILE). */
    public boolean deterministic() {
        return options.volatility() != FunctionOptions.Volatility.VOLATILE;
    }

    /** The signature as SHOW FUNCTIONS and error messages print it, e.g. {@code score(x DOUBLE) -> DOUBLE}. */
    public String signature() {
        StringBuilder text = new StringBuilder(name).append('(');
        for (int index = 0; index < parameterTypes.size(); index++) {
            if (index > 0) {
                text.append(", ");
            }
            text.append(parameterNames.get(index)).append(' ').append(parameterSql(index));
        }
        return text.append(") -> ").append(resultSql()).toString();
    }
}
