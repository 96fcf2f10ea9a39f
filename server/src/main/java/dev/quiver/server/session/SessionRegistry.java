package dev.quiver.server.session;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.server.auth.Role;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open client sessions of a server, by id and by bearer token. A token expires when its
 * session was idle longer than the idle timeout; the session then closes. At most
 * {@code maxSessions} are open at once.
 */
public final class SessionRegistry implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Quiver database;
    private final ServerLog log;
    private final long idleTimeoutNanos;
    private final int maxSessions;
    private final Duration statementTimeout; // ZERO: none
    private final Map<String, ClientSession> byId = new ConcurrentHashMap<>();
    private final Map<String, ClientSession> byToken = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final ScheduledExecutorService reaper;

    public SessionRegistry(Quiver database, ServerLog log, Duration idleTimeout, int maxSessions) {
        this(database, log, idleTimeout, maxSessions, Duration.ZERO);
    }

    /** @param statementTimeout each new session's statement_timeout (the server's query timeout); ZERO: none */
    public SessionRegistry(
            Quiver database, ServerLog log, Duration idleTimeout, int maxSessions, Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
        this.database = database;
        this.log = log;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.maxSessions = maxSessions;
        this.reaper = Executors.newSingleThreadScheduledExecutor(runnable ->
                Thread.ofPlatform().name("quiver-session-reaper").daemon(true).unstarted(runnable));
        long period = Math.max(1, Math.min(30, idleTimeout.toSeconds() / 2));
        reaper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.SECONDS);
    }

    /** A new session for {@code user}, and its token (which only the client learns). */
    public Opened open(String user, Role role) {
        if (byId.size() >= maxSessions) {
            throw new QuiverException(
                    ErrorCode.TOO_MANY_SESSIONS,
                    "the server has its maximum of " + maxSessions + " sessions open; try again later");
        }
        String id = "s" + nextId.incrementAndGet();
        Session engine = database.newSession();
        if (!statementTimeout.isZero()) {
            // statements that run to the end before they answer (updates, DDL) time out in the engine;
            // streamed queries time out in QueryLimits
            engine.execute("SET statement_timeout = " + statementTimeout.toMillis())
                    .close();
        }
        ClientSession session = new ClientSession(id, user, role, engine);
        String token = newToken();
        byId.put(id, session);
        byToken.put(token, session);
        log.connection("login user=" + user + " role=" + role.label() + " session=" + id);
        return new Opened(session, token);
    }

    /** A session and the bearer token that finds it. */
    public record Opened(ClientSession session, String token) {}

    /** The session of {@code token}, marked as used now; null when unknown or expired. */
    public ClientSession byToken(String token) {
        ClientSession session = byToken.get(token);
        if (session == null || session.idleNanos() > idleTimeoutNanos) {
            return null;
        }
        session.touch();
        return session;
    }

    /** The session with {@code id}, or null. */
    public ClientSession byId(String id) {
        return byId.get(id);
    }

    public List<ClientSession> sessions() {
        return List.copyOf(byId.values());
    }

    private void closeIdle() {
        for (Map.Entry<String, ClientSession> entry : byToken.entrySet()) {
            ClientSession session = entry.getValue();
            if (session.idleNanos() > idleTimeoutNanos) {
                byToken.remove(entry.getKey());
                byId.remove(session.id());
                log.connection("session ended (idle) user=" + session.user() + " session=" + session.id());
                session.close();
            }
        }
    }

    /** Ends {@code session} at its client's request (its token stops working). */
    public void end(ClientSession session) {
        byToken.values().remove(session);
        if (byId.remove(session.id()) != null) {
            log.connection("session ended (closed by client) user=" + session.user() + " session=" + session.id());
            session.close();
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Closes every session. */
    @Override
    public void close() {
        reaper.shutdownNow();
        for (ClientSession session : byId.values()) {
            session.close();
        }
        byId.clear();
        byToken.clear();
    }
}
