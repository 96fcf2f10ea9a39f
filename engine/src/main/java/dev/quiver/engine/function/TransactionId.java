package dev.quiver.engine.function;

/**
 * The number of the transaction a statement runs in, as {@code txid_current()} answers it: each
 * transaction a database begins (a statement's own, or BEGIN … COMMIT) takes the next number, so
 * every statement of one explicit transaction sees the same one.
 *
 * <p>The session binds {@link #CURRENT} around each statement's work in its transaction; planning
 * reads it on that thread and bakes it into the plan, which is made again for each execution of a
 * prepared statement.
 */
public final class TransactionId {
    /** The running statement's transaction number, bound by the session. */
    public static final ScopedValue<Long> CURRENT = ScopedValue.newInstance();

    private TransactionId() {}

    /** The bound number, or 0 outside a transaction (tools, tests). */
    public static long current() {
        if (StatementTime.INSTANT_READ.isBound()) {
            // a prepared plan that read it answers for one execution only (each runs in its own transaction)
            StatementTime.INSTANT_READ.get().set(true);
        }
        return CURRENT.isBound() ? CURRENT.get() : 0;
    }
}
