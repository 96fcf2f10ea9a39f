package dev.quiver.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a server runs.
 *
 * @param database    the database file (created if missing)
 * @param host        the address to listen on
 * @param port        the Flight SQL port; 0 picks a free one
 * @param users       the users file, or null: no authentication, loopback only, everyone admin
 * @param threads     worker threads per query
 * @param interpreters Python sub-interpreters shared by all sessions
 * @param gracePeriod how long a stopping server lets running statements finish before cancelling them
 * @param idleTimeout a session idle this long ends (its token expires)
 * @param maxSessions sessions open at once
 * @param allowedPaths directories below which non-admins may read files (read_csv, read_parquet)
 * @param pgPort      the PostgreSQL wire protocol port; 0 picks a free one, -1 serves no PostgreSQL clients
 * @param limits      limits on queries and memory
 * @param tls         the certificate and key Flight SQL encrypts with, or null for plain text
 */
public record ServerOptions(
        Path database,
        String host,
        int port,
        Path users,
        int threads,
        int interpreters,
        Duration gracePeriod,
        Duration idleTimeout,
        int maxSessions,
        List<Path> allowedPaths,
        int pgPort,
        Limits limits,
        Tls tls) {
    /**
     * Limits on what clients may use.
     *
     * @param maxQueries   queries running at once; more wait in line
     * @param queueWait    how long a query waits in line before it fails
     * @param queryTimeout a query running longer is cancelled; ZERO: no timeout
     * @param queryMemory  bytes of Arrow memory one query may hold
     * @param serverMemory bytes of Arrow memory the whole server may hold (tables, queries, results
     *     on their way); Long.MAX_VALUE: no limit
     */
    public record Limits(
            int maxQueries, Duration queueWait, Duration queryTimeout, long queryMemory, long serverMemory) {
        /** 64 queries at once, a minute in line, no timeout, 4 GiB per query, no server limit. */
        public static Limits defaults() {
            return new Limits(64, Duration.ofMinutes(1), Duration.ZERO, 4L << 30, Long.MAX_VALUE);
        }
    }

    /** A PEM certificate chain and its PKCS#8 private key, for TLS. */
    public record Tls(Path certificate, Path privateKey) {}

    /** Options without the PostgreSQL front. */
    public ServerOptions(
            Path database,
            String host,
            int port,
            Path users,
            int threads,
            int interpreters,
            Duration gracePeriod,
            Duration idleTimeout,
            int maxSessions,
            List<Path> allowedPaths) {
        this(
                database,
                host,
                port,
                users,
                threads,
                interpreters,
                gracePeriod,
                idleTimeout,
                maxSessions,
                allowedPaths,
                -1,
                Limits.defaults(),
                null);
    }

    /** These options with the PostgreSQL front on {@code newPgPort} (0: any free port). */
    public ServerOptions withPgPort(int newPgPort) {
        return new ServerOptions(
                database,
                host,
                port,
                users,
                threads,
                interpreters,
                gracePeriod,
                idleTimeout,
                maxSessions,
                allowedPaths,
                newPgPort,
                limits,
                tls);
    }

    /** These options with other limits. */
    public ServerOptions withLimits(Limits newLimits) {
        return new ServerOptions(
                database,
                host,
                port,
                users,
                threads,
                interpreters,
                gracePeriod,
                idleTimeout,
                maxSessions,
                allowedPaths,
                pgPort,
                newLimits,
                tls);
    }

    /** These options with Flight SQL over TLS. */
    public ServerOptions withTls(Tls newTls) {
        return new ServerOptions(
                database,
                host,
                port,
                users,
                threads,
                interpreters,
                gracePeriod,
                idleTimeout,
                maxSessions,
                allowedPaths,
                pgPort,
                limits,
                newTls);
    }
}
