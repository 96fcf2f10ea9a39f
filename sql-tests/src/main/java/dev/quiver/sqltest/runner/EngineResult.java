package dev.quiver.sqltest.runner;

import java.util.List;

/** What one statement did on one engine, with every value already rendered by {@link ValueFormatter}. */
public sealed interface EngineResult {

    /** A result column: its name and the family of its type. */
    record Column(String name, ColumnKind kind) {}

    /** The statement returned rows (a query). Every row has one text per column. */
    record Rows(List<Column> columns, List<List<String>> rows) implements EngineResult {
        public Rows {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** The statement succeeded without rows (DDL, DML); the count is -1 where the engine gives none. */
    record Done(long updateCount) implements EngineResult {}

    /**
     * The statement failed with an error the engine reports to users. {@code internal} marks an error
     * that is a bug in the engine (Quiver's INTERNAL code, DuckDB's "INTERNAL Error", or any exception
     * outside the engine's error contract); {@code statement error} never accepts those.
     */
    record Failed(String message, boolean internal) implements EngineResult {}

    /**
     * The engine cannot run the statement in this environment at all (for example DuckDB and
     * {@code CALL tpch} without a data loader); the reason says why. Not a test failure: the runner
     * skips what depends on it.
     */
    record Unavailable(String reason) implements EngineResult {}
}
