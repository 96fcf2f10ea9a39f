package dev.quiver.server.session;

import dev.quiver.engine.QueryStream;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's limits on running queries, shared by both fronts: at most {@code maxQueries} run at
 * once (more wait in line, fairly, up to {@code queueWait}), and a query running longer than
 * {@code timeout} is cancelled. Each exceeded limit fails that client's statement only.
 */
public final class QueryLimits implements AutoCloseable {
    private final int maxQueries;
    private final Semaphore slots;
    private final Duration queueWait;
    private final Duration timeout; // ZERO: none
    private final ScheduledExecutorService timer;

    public QueryLimits(int maxQueries, Duration queueWait, Duration timeout) {
        this.maxQueries = maxQueries;
        this.slots = new Semaphore(maxQueries, true);
        this.queueWait = queueWait;
        this.timeout = timeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable ->
                Thread.ofPlatform().name("quiver-query-timeout").daemon(true).unstarted(runnable));
    }

    /** No limits but a large number of slots: for tests and tools that start a server of their own. */
    public static QueryLimits none() {
        return new QueryLimits(Integer.MAX_VALUE / 2, Duration.ofDays(1), Duration.ZERO);
    }

    /** A running query's slot and its timeout; closing it (more than once is fine) frees both. */
    public final class Admission implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        /** Cancels {@code stream} when the query timeout passes. */
        public void watch(QueryStream stream) {
            if (!timeout.isZero() && open.get()) {
                deadline = timer.schedule(
                        () -> {
                            timedOut.set(true);
                            stream.cancel();
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }

        /**
         * {@code failure}, or the query-timeout error when the timeout cancelled the query: a
         * CANCELLED error that says why.
         */
        public RuntimeException explain(RuntimeException failure) {
            if (timedOut.get() && failure instanceof QuiverException quiver && quiver.code() == ErrorCode.CANCELLED) {
                return new QuiverException(
                        ErrorCode.CANCELLED,
                        "query cancelled: it ran longer than the server's query timeout of " + timeout.toSeconds()
                                + " s (--query-timeout)",
                        failure);
            }
            return failure;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                ScheduledFuture<?> pending = deadline;
                if (pending != null) {
                    pending.cancel(false);
                }
                slots.release();
            }
        }
    }

    /**
     * Waits for a free slot (in line behind earlier statements) and takes it.
     *
     * @throws QuiverException TOO_MANY_SESSIONS when none came free within the queue wait; CANCELLED
     *     when the waiting thread was interrupted
     */
    public Admission admit() {
        try {
            if (!slots.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new QuiverException(
                        ErrorCode.TOO_MANY_SESSIONS,
                        "the server runs its maximum of " + maxQueries + " queries at once (--max-queries)"
                                + " and none finished within " + queueWait.toSeconds() + " s; try again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuiverException(ErrorCode.CANCELLED, "cancelled while waiting for a free query slot", e);
        }
        return new Admission();
    }

    /** Queries running now. */
    public int running() {
        return maxQueries - slots.availablePermits();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
