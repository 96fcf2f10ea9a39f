package dev.quiver.engine.function;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a statement's time-dependent SQL reads while it is planned: the session's {@code TimeZone}
 * (TIMESTAMPTZ casts, text, EXTRACT and date_trunc) and the instant the statement started
 * ({@code now()}, {@code current_timestamp}: the same in every row and every call of one statement).
 *
 * <p>The session binds {@link #CURRENT} around each statement; planning reads it on that thread and
 * bakes the values into the runtime expressions, so execution threads never need it.
 *
 * @param zone the session's time zone
 * @param startMicros microseconds since the epoch at which the statement started
 */
public record StatementTime(ZoneId zone, long startMicros) {
    /** The running statement's time, bound by the session. */
    public static final ScopedValue<StatementTime> CURRENT = ScopedValue.newInstance();

    /**
     * Bound while a plan meant for many executions is made: set when planning reads the start
     * instant, which such a plan would then repeat — so it is made again for each execution.
     */
    public static final ScopedValue<AtomicBoolean> INSTANT_READ = ScopedValue.newInstance();

    /** Microseconds since the epoch at which the statement started (noted in {@link #INSTANT_READ}). */
    @Override
    public long startMicros() {
        if (INSTANT_READ.isBound()) {
            INSTANT_READ.get().set(true);
        }
        return startMicros;
    }

    /** A statement starting now in {@code zone}. */
    public static StatementTime startingNow(ZoneId zone) {
        return new StatementTime(zone, ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
    }

    /** The bound statement time, or one in UTC starting now outside a session (tools, tests). */
    public static StatementTime current() {
        return CURRENT.isBound() ? CURRENT.get() : startingNow(ZoneOffset.UTC);
    }
}
