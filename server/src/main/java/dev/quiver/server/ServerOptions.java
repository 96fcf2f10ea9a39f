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
        List<Path> allowedPaths) {}
