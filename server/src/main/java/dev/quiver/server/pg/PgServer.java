package dev.quiver.server.pg;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.server.auth.FileAccessPolicy;
import dev.quiver.server.auth.LoginThrottle;
import dev.quiver.server.auth.PasswordHash;
import dev.quiver.server.auth.UsersFile;
import dev.quiver.server.session.QueryLimits;
import dev.quiver.server.session.ServerLog;
import dev.quiver.server.session.SessionRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The PostgreSQL wire protocol endpoint: accepts connections on its port, one virtual thread per
 * connection ({@link PgConnection}), and routes cancel requests to the connection they name.
 */
public final class PgServer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final Quiver database;
    final SessionRegistry sessions;
    final UsersFile users; // null: no authentication (loopback only)
    final LoginThrottle throttle;
    final ServerLog log;
    final FileAccessPolicy files;
    final PipelineExecutor queryThreads;
    final QueryLimits limits;
    /** TLS for clients that ask for SSL; null: plain text only. */
    final SSLContext tls;
    /** Checked for unknown users: a SCRAM exchange that looks like a real user's. */
    final PasswordHash.Parts dummyHash;

    private final ServerSocket listener;
    private final Thread acceptor;
    private final Map<Integer, PgConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger nextProcessId = new AtomicInteger(1000);
    private volatile boolean draining;

    /** Binds {@code host:port} (0: any free port) and starts accepting. */
    public PgServer(
            String host,
            int port,
            Quiver database,
            SessionRegistry sessions,
            UsersFile users,
            LoginThrottle throttle,
            ServerLog log,
            FileAccessPolicy files,
            PipelineExecutor queryThreads,
            QueryLimits limits,
            SSLContext tls)
            throws IOException {
        this.limits = limits;
        this.tls = tls;
        this.database = database;
        this.sessions = sessions;
        this.users = users;
        this.throttle = throttle;
        this.log = log;
        this.files = files;
        this.queryThreads = queryThreads;
        this.dummyHash = PasswordHash.parts(
                PasswordHash.create("not a password".toCharArray(), users == null ? 1 : users.typicalIterations()));
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        this.acceptor =
                Thread.ofPlatform().name("quiver-pg-accept").daemon(true).start(this::accept);
    }

    /** The port it listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
                log.info("pg: accept failed: " + e.getMessage());
                continue;
            }
            int processId = nextProcessId.incrementAndGet();
            PgConnection connection = new PgConnection(this, socket, processId, RANDOM.nextInt());
            connections.put(processId, connection);
            Thread.ofVirtual().name("quiver-pg-" + processId).start(() -> {
                try {
                    connection.run();
                } finally {
                    connections.remove(processId);
                }
            });
        }
    }

    /** A cancel request: cancels the running statement of the connection with this key, if any. */
    void cancel(int processId, int secret) {
        PgConnection connection = connections.get(processId);
        if (connection != null && connection.secret() == secret) {
            connection.cancelRunning();
        }
    }

    boolean draining() {
        return draining;
    }

    /** Refuses new statements from now on (the server is stopping); running ones go on. */
    public void drain() {
        draining = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing a listening socket does not fail in a way that matters here
        }
    }

    /** Connections open now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Waits up to {@code millis} for running statements to finish; whether they did. */
    public boolean awaitStatements(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (connections.values().stream().anyMatch(PgConnection::busy)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Cancels every running statement (the grace period is over). */
    public void cancelAll() {
        connections.values().forEach(PgConnection::cancelRunning);
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        drain();
        connections.values().forEach(PgConnection::closeSocket);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
