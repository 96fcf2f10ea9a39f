package dev.quiver.server.session;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The server's log: one line per connection event and, at level {@code statements}, one per
 * statement (user, kind, rows, milliseconds, error code). Lines go to one stream (stderr), each
 * with a UTC timestamp; passwords and tokens are never logged.
 */
public final class ServerLog {
    /** How much to log. */
    public enum Level {
        /** Start, stop and failures only. */
        QUIET,
        /** Also logins, failed logins and disconnects. */
        CONNECTIONS,
        /** Also every statement. */
        STATEMENTS
    }

    private static final int SQL_SHOWN = 120;

    private final PrintStream out;
    private final Level level;

    public ServerLog(PrintStream out, Level level) {
        this.out = out;
        this.level = level;
    }

    /** A line always shown: start, stop, warnings. */
    public void info(String message) {
        line(message);
    }

    /** A connection event: login, failed login, session end. */
    public void connection(String message) {
        if (level.compareTo(Level.CONNECTIONS) >= 0) {
            line(message);
        }
    }

    /** One finished statement; {@code errorCode} null when it succeeded. */
    public void statement(String user, String kind, String sql, long rows, long nanos, String errorCode) {
        if (level.compareTo(Level.STATEMENTS) >= 0) {
            line(String.format(
                    Locale.ROOT,
                    "statement user=%s kind=%s rows=%d ms=%.1f error=%s sql=%s",
                    user,
                    kind,
                    rows,
                    nanos / 1e6,
                    errorCode == null ? "-" : errorCode,
                    shorten(sql)));
        }
    }

    private static String shorten(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= SQL_SHOWN ? oneLine : oneLine.substring(0, SQL_SHOWN) + "…";
    }

    private synchronized void line(String message) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " quiver-server " + message);
        out.flush();
    }
}
