package dev.quiver.engine.jdbc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The one daemon thread that cancels statements whose query timeout has passed. */
final class QueryTimer {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task ->
            Thread.ofPlatform().name("quiver-jdbc-query-timeout").daemon(true).unstarted(task));

    private QueryTimer() {}

    /** Runs {@code cancel} after {@code seconds} unless the returned future is cancelled first. */
    static ScheduledFuture<?> schedule(Runnable cancel, int seconds) {
        return TIMER.schedule(cancel, seconds, TimeUnit.SECONDS);
    }
}
