package dev.quiver.engine;

import dev.quiver.engine.catalog.Transaction;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.function.StatementTime;
import dev.quiver.engine.sql.ddl.SqlTransactionStatement;
import java.time.ZoneOffset;

/**
 * A session's explicit transaction: {@code BEGIN}, {@code COMMIT}, {@code ROLLBACK} and JDBC's
 * auto-commit switch. Outside one, every statement runs in a transaction of its own that commits
 * when it returns (auto-commit); see {@link StatementExecutor}.
 *
 * <p>As in DuckDB, a statement that fails inside a transaction aborts it: later statements fail
 * until {@code ROLLBACK} (or {@code COMMIT}, which then rolls back). Thread-safe: the
 * JDBC statements of one connection share it (see {@link Session#sibling}).
 */
final class TransactionStatements {
    private final Quiver database;
    private Transaction open;
    private long startMicros;
    private boolean aborted;
    /** JDBC auto-commit off: a transaction begins with the first statement after each commit. */
    private boolean beginImplicitly;

    TransactionStatements(Quiver database) {
        this.database = database;
    }

    synchronized QueryResult run(SqlTransactionStatement statement) {
        switch (statement.action()) {
            case BEGIN -> {
                if (open != null) {
                    aborted = true;
                    throw new QuiverException(
                            ErrorCode.TRANSACTION_STATE,
                            "cannot start a transaction within a transaction",
                            statement.getParserPosition().getLineNum(),
                            statement.getParserPosition().getColumnNum(),
                            null);
                }
                begin();
            }
            case COMMIT -> {
                requireOpen("commit", statement);
                commit();
            }
            case ROLLBACK -> {
                requireOpen("rollback", statement);
                rollback();
            }
        }
        return QueryResult.ofUpdateCount(0);
    }

    private void requireOpen(String what, SqlTransactionStatement statement) {
        if (open == null) {
            throw new QuiverException(
                    ErrorCode.TRANSACTION_STATE,
                    "cannot " + what + " - no transaction is active",
                    statement.getParserPosition().getLineNum(),
                    statement.getParserPosition().getColumnNum(),
                    null);
        }
    }

    synchronized void begin() {
        open = database.catalog().begin();
        aborted = false;
        startMicros = StatementTime.startingNow(ZoneOffset.UTC).startMicros();
    }

    /**
     * When the open transaction began (microseconds since the epoch), or null outside one: DuckDB's
     * {@code now()} and {@code current_timestamp} are the transaction's start, the same in each of
     * its statements.
     */
    synchronized Long startMicros() {
        return open == null ? null : startMicros;
    }

    /** Commits the open transaction, if any (an aborted one rolls back); it ends either way. */
    synchronized void commit() {
        if (open == null) {
            return;
        }
        Transaction ending = open;
        boolean rollBack = aborted;
        open = null;
        aborted = false;
        if (rollBack) {
            ending.rollback();
        } else {
            ending.commit(database.store());
        }
    }

    /** Rolls back the open transaction, if any. */
    synchronized void rollback() {
        if (open != null) {
            open.rollback();
            open = null;
        }
        aborted = false;
    }

    /**
     * The explicit transaction a statement runs in (begun now under JDBC auto-commit off), or null
     * when it runs in one of its own.
     *
     * @throws QuiverException TRANSACTION_STATE when the transaction was aborted by an earlier error
     */
    synchronized Transaction forStatement() {
        if (open == null && beginImplicitly) {
            begin();
        }
        if (open != null && aborted) {
            throw new QuiverException(
                    ErrorCode.TRANSACTION_STATE,
                    "Current transaction is aborted by an earlier error (please ROLLBACK)");
        }
        return open;
    }

    /** A statement of the open transaction failed: the transaction is aborted. */
    synchronized void failed() {
        if (open != null) {
            aborted = true;
        }
    }

    /** Whether an explicit transaction is open. */
    synchronized boolean inTransaction() {
        return open != null;
    }

    /** JDBC's setAutoCommit: turning it on commits the open transaction, as JDBC requires. */
    synchronized void setAutoCommit(boolean autoCommit) {
        if (autoCommit && open != null) {
            commit();
        }
        beginImplicitly = !autoCommit;
    }

    synchronized boolean autoCommit() {
        return !beginImplicitly;
    }

    /** The session closes: an open transaction rolls back. */
    synchronized void close() {
        rollback();
    }
}
