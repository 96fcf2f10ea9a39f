package dev.quiver.server;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.server.auth.FileAccessPolicy;
import dev.quiver.server.auth.LoginThrottle;
import dev.quiver.server.auth.UsersFile;
import dev.quiver.server.flight.QuiverFlightSqlProducer;
import dev.quiver.server.flight.ResultStreamThreshold;
import dev.quiver.server.pg.PemTls;
import dev.quiver.server.pg.PgServer;
import dev.quiver.server.session.ClientSession;
import dev.quiver.server.session.QueryLimits;
import dev.quiver.server.session.ServerLog;
import dev.quiver.server.session.SessionAuthenticator;
import dev.quiver.server.session.SessionRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A running Quiver server: one open database, its client sessions, and the Flight SQL endpoint.
 * {@link #stop} shuts it down in order: no new statements, running ones get the grace period, then
 * are cancelled; sessions close; the database closes (its file is consistent at every commit, so
 * a kill -9 loses nothing committed either).
 */
public final class QuiverServer implements AutoCloseable {
    private final ServerOptions options;
    private final ServerLog log;
    private final Quiver database;
    private final BufferAllocator allocator;
    private final ExecutorService queryThreads;
    private final SessionRegistry sessions;
    private final QuiverFlightSqlProducer producer;
    private final FlightServer flight;
    private final PgServer pg; // null when not asked for
    private final QueryLimits limits;
    private boolean stopped;

    private QuiverServer(ServerOptions options, ServerLog log, UsersFile users) throws IOException {
        this.options = options;
        this.log = log;
        QuiverConfig config = QuiverConfig.defaults()
                .withThreads(options.threads())
                .withInterpreters(options.interpreters())
                .withQueryMemoryLimit(options.limits().queryMemory());
        this.database = Quiver.open(options.database(), config);
        database.limitMemory(options.limits().serverMemory());
        this.limits = new QueryLimits(
                options.limits().maxQueries(),
                options.limits().queueWait(),
                options.limits().queryTimeout());
        BufferAllocator flightAllocator = null;
        ExecutorService threads = null;
        SessionRegistry registry = null;
        try {
            flightAllocator = database.newQueryAllocator("flight");
            AtomicInteger threadNumber = new AtomicInteger();
            // streamed queries wait for their clients: their own threads, so a slow client never
            // holds the threads other sessions' queries need
            threads = Executors.newCachedThreadPool(runnable -> Thread.ofPlatform()
                    .name("quiver-query-" + threadNumber.incrementAndGet())
                    .daemon(true)
                    .unstarted(runnable));
            registry = new SessionRegistry(
                    database,
                    log,
                    options.idleTimeout(),
                    options.maxSessions(),
                    options.limits().queryTimeout());
            QuiverFlightSqlProducer flightProducer = new QuiverFlightSqlProducer(
                    database,
                    registry,
                    flightAllocator,
                    new PipelineExecutor(threads),
                    log,
                    new FileAccessPolicy(options.allowedPaths()),
                    limits,
                    version());
            // one throttle for both fronts: failures on either count against the name
            LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(1), Clock.systemUTC());
            SessionAuthenticator authenticator = new SessionAuthenticator(registry, users, throttle, log);
            ServerOptions.Tls tls = options.tls();
            Location location = tls == null
                    ? Location.forGrpcInsecure(options.host(), options.port())
                    : Location.forGrpcTls(options.host(), options.port());
            FlightServer.Builder builder = FlightServer.builder(flightAllocator, location, flightProducer)
                    .headerAuthenticator(authenticator);
            ResultStreamThreshold.install(builder);
            if (tls != null) {
                builder.useTls(tls.certificate().toFile(), tls.privateKey().toFile());
            }
            FlightServer server = builder.build();
            server.start();
            try {
                this.pg = options.pgPort() < 0
                        ? null
                        : new PgServer(
                                options.host(),
                                options.pgPort(),
                                database,
                                registry,
                                users,
                                throttle,
                                log,
                                new FileAccessPolicy(options.allowedPaths()),
                                new PipelineExecutor(threads),
                                limits,
                                tls == null ? null : PemTls.context(tls.certificate(), tls.privateKey()));
            } catch (IOException | RuntimeException e) {
                server.shutdown();
                throw e;
            }
            this.allocator = flightAllocator;
            this.queryThreads = threads;
            this.sessions = registry;
            this.producer = flightProducer;
            this.flight = server;
        } catch (IOException | RuntimeException | Error e) {
            if (registry != null) {
                registry.close();
            }
            if (threads != null) {
                threads.shutdownNow();
            }
            if (flightAllocator != null) {
                flightAllocator.close();
            }
            limits.close();
            database.close();
            throw e;
        }
    }

    /**
     * Opens the database and starts listening.
     *
     * @throws QuiverException INVALID_ARGUMENT when asked to listen beyond loopback without a users
     *     file; IO_ERROR when the port cannot be bound; the database's own errors
     */
    public static QuiverServer start(ServerOptions options, ServerLog log) {
        UsersFile users = options.users() == null ? null : UsersFile.read(options.users());
        if (users == null && !isLoopback(options.host())) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "without --users the server lets every client in as admin, so it listens on loopback only;"
                            + " pass --users FILE to listen on " + options.host());
        }
        try {
            QuiverServer server = new QuiverServer(options, log, users);
            log.info("listening on " + (options.tls() == null ? "grpc://" : "grpc+tls://") + options.host() + ":"
                    + server.port() + " (Arrow Flight SQL), database "
                    + options.database().toAbsolutePath()
                    + (users == null
                            ? "; no --users: loopback only, every client is admin"
                            : "; " + users.size() + " user(s) from " + options.users()));
            if (server.pg != null) {
                log.info("listening on " + options.host() + ":" + server.pgPort() + " (PostgreSQL wire protocol)");
            }
            return server;
        } catch (IOException e) {
            throw new QuiverException(
                    ErrorCode.IO_ERROR,
                    "cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(),
                    e);
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The port the server listens on (the chosen one when the options said 0). */
    public int port() {
        return flight.getPort();
    }

    /** The PostgreSQL port, or -1 when the server has no PostgreSQL front. */
    public int pgPort() {
        return pg == null ? -1 : pg.port();
    }

    /** Bytes the Flight endpoint holds now (result batches on their way to clients). */
    public long flightMemory() {
        return allocator.getAllocatedMemory();
    }

    public Quiver database() {
        return database;
    }

    /**
     * Stops: refuses new statements, lets running calls finish within the grace period, cancels
     * the rest, closes every session and the database. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("stopping: no new statements; running ones have "
                + options.gracePeriod().toSeconds() + " s");
        producer.drain();
        if (pg != null) {
            pg.drain();
        }
        flight.shutdown();
        try {
            long graceEnd = System.nanoTime() + options.gracePeriod().toNanos();
            boolean finished = flight.awaitTermination(options.gracePeriod().toMillis(), TimeUnit.MILLISECONDS);
            if (pg != null) {
                finished &= pg.awaitStatements(Math.max(0, (graceEnd - System.nanoTime()) / 1_000_000L));
            }
            if (!finished) {
                log.info("grace period over: cancelling running queries");
                sessions.sessions().forEach(ClientSession::cancelAll);
                if (pg != null) {
                    pg.cancelAll();
                }
                flight.awaitTermination(5, TimeUnit.SECONDS);
            }
            flight.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (pg != null) {
                pg.close();
            }
            sessions.close();
            limits.close();
            queryThreads.shutdownNow();
            producer.close();
            closeFlightAllocator();
            database.close();
            log.info("stopped; database closed");
        }
    }

    /**
     * Closes the Flight endpoint's allocator; buffers gRPC still holds (a batch whose write failed
     * when its client cancelled) are logged, not thrown, so that the database still closes.
     */
    private void closeFlightAllocator() {
        long held = allocator.getAllocatedMemory();
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            log.info("warning: " + held + " bytes of Flight result buffers were still held at stop");
        }
    }

    @Override
    public void close() {
        stop();
    }

    static String version() {
        Package own = QuiverServer.class.getPackage();
        return own.getImplementationVersion() == null ? "0.1.0-SNAPSHOT" : own.getImplementationVersion();
    }
}
