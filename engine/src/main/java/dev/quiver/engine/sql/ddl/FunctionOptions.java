package dev.quiver.engine.sql.ddl;

import java.util.Objects;
import java.util.Optional;

/**
 * The options of a Python function: how Quiver may call it and what it does with NULLs and errors.
 *
 * @param handler the Python function to call, when the definition names one ({@code HANDLER 'name'})
 * @param volatility whether calls with the same arguments may be folded or merged
 * @param nullInput whether the function sees rows with a NULL argument
 * @param kind whether the function takes one row or a whole batch per call
 * @param onError what a Python exception in one row does to the query
 * @param isolation where the function runs: {@code WITH (isolation = 'auto'|'subinterpreter'|'process')}
 * @param batchFormat how a vectorized function gets its columns: {@code WITH (batch_format = ...)}
 */
public record FunctionOptions(
        Optional<String> handler,
        Volatility volatility,
        NullInput nullInput,
        Kind kind,
        OnError onError,
        Isolation isolation,
        BatchFormat batchFormat) {

    /**
     * What a definition without options gets: VOLATILE, CALLED ON NULL INPUT, KIND SCALAR, ON ERROR
     * RAISE, isolation auto.
     */
    public static final FunctionOptions DEFAULTS = new FunctionOptions(
            Optional.empty(), Volatility.VOLATILE, NullInput.CALLED_ON_NULL_INPUT, Kind.SCALAR, OnError.RAISE);

    /** Options with the default isolation (auto). */
    public FunctionOptions(
            Optional<String> handler, Volatility volatility, NullInput nullInput, Kind kind, OnError onError) {
        this(handler, volatility, nullInput, kind, onError, Isolation.AUTO, BatchFormat.LISTS);
    }

    public FunctionOptions {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(volatility, "volatility");
        Objects.requireNonNull(nullInput, "nullInput");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(onError, "onError");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(batchFormat, "batchFormat");
    }

    /** How a vectorized function receives a batch: lists, or numpy, pandas or pyarrow arrays. */
    public enum BatchFormat {
        LISTS,
        NUMPY,
        PANDAS,
        PYARROW
    }

    /** Where the function's Python runs (see docs/udf-guide.md, "Tiers"). */
    public enum Isolation {
        /** A sub-interpreter, unless an import cannot work there but does in a worker process. */
        AUTO,
        /** An own-GIL sub-interpreter inside the database process. */
        SUBINTERPRETER,
        /** A worker process of the process tier. */
        PROCESS
    }

    /** How far a function's result depends on anything but its arguments (PostgreSQL's terms). */
    public enum Volatility {
        /** Same arguments, same result, no side effects: calls with constant arguments may be folded. */
        IMMUTABLE,
        /** Same result within one query. */
        STABLE,
        /** May return something else on every call; never folded, merged or repeated. */
        VOLATILE
    }

    /** What happens to a row whose arguments include a NULL. */
    public enum NullInput {
        /** The function is called and sees Python {@code None}. */
        CALLED_ON_NULL_INPUT,
        /** The function is not called; the result is NULL ({@code STRICT}). */
        RETURNS_NULL_ON_NULL_INPUT
    }

    /**
     * The calling convention of the Python function. SCALAR and VECTORIZED are ordinary functions
     * ({@code CREATE FUNCTION}); AGGREGATE comes from {@code CREATE AGGREGATE FUNCTION} and is never
     * written as a KIND clause, nor is TABLE, which {@code RETURNS TABLE (...)} implies.
     */
    public enum Kind {
        /** Called once per row with Python values. */
        SCALAR,
        /** Called once per batch with whole columns. */
        VECTORIZED,
        /** A handler class with Snowflake's UDAF contract, one instance per group. */
        AGGREGATE,
        /** A generator function or a class with PySpark's UDTF contract, called in FROM. */
        TABLE;

        /** Whether calls of the function aggregate rows (in GROUP BY queries and the like). */
        public boolean isAggregate() {
            return this == AGGREGATE;
        }

        /** Whether the function returns rows ({@code RETURNS TABLE (...)}) and is called in FROM. */
        public boolean isTable() {
            return this == TABLE;
        }
    }

    /** What a Python exception raised for one row does. */
    public enum OnError {
        /** The query fails with the Python error. */
        RAISE,
        /** That row's result is NULL and the query goes on. */
        NULL
    }
}
