package dev.quiver.engine.function;

/**
 * The SQL text of the statement the session is running, as {@code current_query()} answers it: the
 * text of the one statement, or of the whole script when several run as one (the CLI's {@code -c}
 * and files).
 *
 * <p>The session binds {@link #CURRENT} around each statement; planning reads it on that thread and
 * bakes it into the plan, which is then made again for each execution of a prepared statement.
 */
public final class StatementText {
    /** The running statement's text, bound by the session. */
    public static final ScopedValue<String> CURRENT = ScopedValue.newInstance();

    private StatementText() {}

    /** The bound text, or {@code ''} outside a session (tools, tests). */
    public static String current() {
        if (StatementTime.INSTANT_READ.isBound()) {
            // like now(): a plan that read it answers for one execution only (EXECUTE p has its own text)
            StatementTime.INSTANT_READ.get().set(true);
        }
        return CURRENT.isBound() ? CURRENT.get() : "";
    }
}
