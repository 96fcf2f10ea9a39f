package dev.quiver.server.session;

import dev.quiver.engine.QueryStream;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.server.auth.Role;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One logged-in client: its user and role, its engine {@link Session}, and the results it has open.
 *
 * <p>THREADS: a client may send calls concurrently (JDBC statements of one connection); the
 * engine session runs one statement at a time under {@link #withSession}; open results are read
 * outside it, so a slow reader does not block the client's other statements.
 */
public final class ClientSession implements AutoCloseable {
    private final String id;
    private final String user;
    private final Role role;
    private final Session engine;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, QueryStream> parked = new ConcurrentHashMap<>();
    private final Map<String, QueryStream> reading = new ConcurrentHashMap<>();
    private volatile long lastUsedNanos = System.nanoTime();
    /** The transaction a Flight SQL client began (BeginTransaction), or null. */
    private volatile String transactionId;

    private volatile boolean closed;

    ClientSession(String id, String user, Role role, Session engine) {
        this.id = id;
        this.user = user;
        this.role = role;
        this.engine = engine;
    }

    /** The session's id, which the authenticator hands to each call as its peer identity (not a secret). */
    public String id() {
        return id;
    }

    public String user() {
        return user;
    }

    public Role role() {
        return role;
    }

    /** Runs {@code action} with the engine session, one statement of this client at a time. */
    public <T> T withSession(Function<Session, T> action) {
        lock.lock();
        try {
            return action.apply(engine);
        } finally {
            lock.unlock();
        }
    }

    /** Keeps a result under {@code handle} until it is taken for reading or the session ends. */
    public void park(String handle, QueryStream stream) {
        parked.put(handle, stream);
        if (closed) { // raced with close(): do not leak the stream
            QueryStream again = parked.remove(handle);
            if (again != null) {
                again.close();
            }
        }
    }

    /**
     * Takes the parked result under {@code handle} for reading: the caller closes it and then calls
     * {@link #finished}; until then {@link #cancel} reaches it. Null when there is none.
     */
    public QueryStream take(String handle) {
        QueryStream stream = parked.remove(handle);
        if (stream != null) {
            reading.put(handle, stream);
        }
        return stream;
    }

    /** The result under {@code handle} was read and closed. */
    public void finished(String handle) {
        reading.remove(handle);
    }

    /** Cancels the result under {@code handle}, parked or being read; false when there is none. */
    public boolean cancel(String handle) {
        QueryStream stream = parked.remove(handle);
        if (stream != null) {
            stream.close();
            return true;
        }
        stream = reading.get(handle);
        if (stream != null) {
            stream.cancel();
            return true;
        }
        return false;
    }

    /** Cancels every result being read (the server is stopping). */
    public void cancelAll() {
        reading.values().forEach(QueryStream::cancel);
    }

    /**
     * Opens the session's transaction (Flight SQL's BeginTransaction): its statements join it until
     * {@link #endTransaction}. One at a time: the session has one engine session.
     *
     * @return the transaction's id
     * @throws QuiverException TRANSACTION_STATE when a transaction is open already
     */
    public String beginTransaction() {
        return withSession(engine -> {
            if (transactionId != null || engine.inTransaction()) {
                throw new QuiverException(
                        ErrorCode.TRANSACTION_STATE,
                        "this session has a transaction open already: commit or roll it back first");
            }
            engine.setAutoCommit(false);
            transactionId = "tx-" + UUID.randomUUID();
            return transactionId;
        });
    }

    /**
     * Commits or rolls back the transaction {@code id} and returns to auto-commit.
     *
     * @throws QuiverException TRANSACTION_STATE when {@code id} is not this session's open
     *     transaction; SERIALIZATION_FAILURE when the commit lost to another session's (rolled back)
     */
    public void endTransaction(String id, boolean commit) {
        withSession(engine -> {
            checkTransaction(id);
            transactionId = null;
            try {
                if (commit) {
                    engine.commit();
                } else {
                    engine.rollback();
                }
            } finally {
                engine.setAutoCommit(true);
            }
            return null;
        });
    }

    /**
     * Checks that a statement names the session's open transaction, or none when none is open:
     * the engine session runs every statement of the session in its transaction, so a statement
     * sent outside it while it is open cannot run on its own (auto-commit) as Flight SQL means.
     *
     * @param id the statement's transaction id; empty for none
     * @throws QuiverException TRANSACTION_STATE otherwise
     */
    public void checkTransaction(String id) {
        String open = transactionId;
        if (id.isEmpty() && open != null) {
            throw new QuiverException(
                    ErrorCode.TRANSACTION_STATE,
                    "this session has a transaction open: send the statement with its transaction id, or commit"
                            + " or roll back first");
        }
        if (!id.isEmpty() && !id.equals(open)) {
            throw new QuiverException(
                    ErrorCode.TRANSACTION_STATE,
                    "no open transaction " + id + " in this session (it ended, or was begun in another session)");
        }
    }

    /** Marks the session used now (its idle time starts again). */
    public void touch() {
        lastUsedNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    /** Closes the parked results, cancels those being read, and closes the engine session. */
    @Override
    public void close() {
        closed = true;
        for (String handle : parked.keySet()) {
            cancel(handle);
        }
        cancelAll(); // their readers close them
        lock.lock();
        try {
            engine.close();
        } finally {
            lock.unlock();
        }
    }
}
