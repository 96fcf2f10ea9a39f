package dev.quiver.sqltest.runner;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A statement DuckDB cannot run as written, and what the DuckDB adapter does instead so that it ends
 * up with the same data as Quiver. {@code CALL tpch(sf)} is the example: Quiver generates the tables
 * itself, DuckDB (whose tpch extension cannot be downloaded here) gets the same rows loaded into it.
 *
 * <p>To add one, implement this interface and list it in {@link DuckDbEngine#defaultHooks()}.
 */
public interface StatementHook {

    /** Whether this hook takes over {@code sql} (one statement, no trailing semicolon). */
    boolean matches(String sql);

    /**
     * Brings {@code duckdb} to the state {@code sql} leaves Quiver in. Returns {@link EngineResult.Done}
     * on success, {@link EngineResult.Failed} when the statement itself is wrong, or
     * {@link EngineResult.Unavailable} with the reason when this environment cannot do it.
     */
    EngineResult apply(String sql, Connection duckdb) throws SQLException;
}
