package dev.quiver.server;

import dev.quiver.engine.QuiverConfig;
import dev.quiver.server.session.ServerLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code quiver server}: serves one database over Arrow Flight SQL until SIGTERM or Ctrl-C. */
@Command(
        name = "quiver server",
        mixinStandardHelpOptions = true,
        versionProvider = ServerCli.Version.class,
        description = {
            "Serve one database to remote clients over Arrow Flight SQL (JDBC, ADBC, DBeaver)"
                    + " and, with --pg-port, the PostgreSQL wire protocol (psql, psycopg, PostgreSQL JDBC).",
            "Without --users it listens on loopback only and every client is admin.",
            "Stops cleanly on SIGTERM or Ctrl-C: no new statements, running ones get the grace period,"
                    + " then are cancelled; the database closes."
        },
        subcommands = PasswdCommand.class)
public final class ServerCli implements Callable<Integer> {
    @Option(
            names = "--db",
            paramLabel = "PATH",
            description = "The database file (created if missing). Required, except for passwd.")
    Path database;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "31337",
            description = "Flight SQL port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(
            names = "--pg-port",
            paramLabel = "N",
            description = "Also serve PostgreSQL clients (psql, psycopg, the PostgreSQL JDBC driver) on this port"
                    + " (0: any free port). Default: no PostgreSQL front.")
    Integer pgPort;

    @Option(
            names = "--users",
            paramLabel = "FILE",
            description = "Users file written by 'quiver server passwd'; required to listen beyond loopback.")
    Path users;

    @Option(names = "--threads", description = "Worker threads per query (default: all cores).")
    Integer threads;

    @Option(
            names = "--interpreters",
            description = "Python sub-interpreters shared by all sessions (default: all cores).")
    Integer interpreters;

    @Option(
            names = "--grace-period",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description =
                    "On SIGTERM, how long running statements may finish before they are cancelled (default: ${DEFAULT-VALUE}).")
    int gracePeriodSeconds;

    @Option(
            names = "--idle-timeout",
            defaultValue = "60",
            paramLabel = "MINUTES",
            description = "A session idle this long ends and its token expires (default: ${DEFAULT-VALUE}).")
    int idleTimeoutMinutes;

    @Option(
            names = "--allow-path",
            paramLabel = "DIR",
            description = "A directory below which non-admins may read files with read_csv/read_parquet;"
                    + " repeatable. Default: none (only admins read files).")
    List<Path> allowedPaths = new ArrayList<>();

    @Option(
            names = "--max-sessions",
            defaultValue = "1000",
            description = "Sessions open at once (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(
            names = "--max-queries",
            defaultValue = "64",
            description = "Queries running at once; more wait in line (default: ${DEFAULT-VALUE}).")
    int maxQueries;

    @Option(
            names = "--queue-wait",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "How long a query waits in line for a free slot before it fails (default: ${DEFAULT-VALUE}).")
    int queueWaitSeconds;

    @Option(
            names = "--query-timeout",
            defaultValue = "0",
            paramLabel = "SECONDS",
            description = "A statement running longer is cancelled (default: ${DEFAULT-VALUE}: no timeout).")
    int queryTimeoutSeconds;

    @Option(
            names = "--query-memory",
            defaultValue = "4GiB",
            paramLabel = "SIZE",
            description = "Arrow memory one query may hold, e.g. 512MB (default: ${DEFAULT-VALUE}).")
    String queryMemory;

    @Option(
            names = "--memory-limit",
            paramLabel = "SIZE",
            description = "Arrow memory the whole server may hold: tables, queries and results on their way"
                    + " (default: no limit).")
    String memoryLimit;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "PEM certificate chain: Flight SQL and the PostgreSQL front then speak TLS only"
                    + " (needs --tls-key).")
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM PKCS#8 private key of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--log",
            defaultValue = "statements",
            paramLabel = "LEVEL",
            description = "quiet, connections or statements (one line per statement; default: ${DEFAULT-VALUE}).")
    String logLevel;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new ServerCli());
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            command.getErr().println("quiver server: " + exception.getMessage());
            if (System.getenv("QUIVER_DEBUG") != null) {
                exception.printStackTrace(command.getErr());
            }
            return 1;
        });
        int exitCode = commandLine.execute(args);
        if (exitCode != 0
                || commandLine.getParseResult().subcommand() != null
                || commandLine.isUsageHelpRequested()
                || commandLine.isVersionHelpRequested()) {
            System.exit(exitCode);
        }
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (database == null) { // not required by picocli: passwd runs without it
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--db=PATH'");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        ServerOptions options = new ServerOptions(
                database,
                host,
                port,
                users,
                threads == null ? cores : threads,
                interpreters == null ? cores : interpreters,
                Duration.ofSeconds(gracePeriodSeconds),
                Duration.ofMinutes(idleTimeoutMinutes),
                maxSessions,
                allowedPaths,
                pgPort == null ? -1 : pgPort,
                new ServerOptions.Limits(
                        maxQueries,
                        Duration.ofSeconds(queueWaitSeconds),
                        Duration.ofSeconds(queryTimeoutSeconds),
                        byteSize("--query-memory", queryMemory),
                        memoryLimit == null ? Long.MAX_VALUE : byteSize("--memory-limit", memoryLimit)),
                tls());
        ServerLog log = new ServerLog(System.err, logLevel(logLevel));
        QuiverServer server = QuiverServer.start(options, log);
        String encryption = tlsCertificate == null ? "useEncryption=false" : "useEncryption=true";
        System.out.println("quiver server: listening on " + (tlsCertificate == null ? "grpc://" : "grpc+tls://")
                + host + ":" + server.port() + " — connect with jdbc:arrow-flight-sql://" + host + ":" + server.port()
                + "/?" + encryption + (users == null ? "" : "&user=NAME&password=…"));
        if (server.pgPort() >= 0) {
            System.out.println("quiver server: PostgreSQL clients on " + host + ":" + server.pgPort()
                    + " — psql \"host=" + host + " port=" + server.pgPort() + " user=NAME\"");
        }
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.stop();
            stopped.countDown();
        }));
        stopOnSignals(server);
        stopped.await();
        return 0;
    }

    /**
     * SIGTERM and Ctrl-C (SIGINT) stop the server before the JVM's shutdown begins, then exit.
     * Shutdown hooks run concurrently: in a hook, the stop raced the Python runtime's own hook,
     * which closes the interpreters — a Python query still in its grace period failed at once.
     */
    private static void stopOnSignals(QuiverServer server) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    server.stop();
                    System.exit(0);
                });
            } catch (IllegalArgumentException e) { // the JVM keeps the signal (-Xrs): the hook stops
                System.err.println(
                        "quiver server: SIG" + name + " stops the server in a shutdown hook: " + e.getMessage());
            }
        }
    }

    private long byteSize(String option, String text) {
        try {
            long bytes = QuiverConfig.parseByteSize(text);
            if (bytes <= 0) {
                throw new IllegalArgumentException("must be positive");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + " must be a size such as 512MB or 4GiB, not " + text);
        }
    }

    private ServerOptions.Tls tls() {
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--tls-cert and --tls-key go together: give both or neither");
        }
        return tlsCertificate == null ? null : new ServerOptions.Tls(tlsCertificate, tlsKey);
    }

    private static ServerLog.Level logLevel(String text) {
        try {
            return ServerLog.Level.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    new CommandLine(new ServerCli()), "--log must be quiet, connections or statements, not " + text);
        }
    }

    /** The version the version option prints. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"quiver server " + QuiverServer.version() + " (Arrow Flight SQL)"};
        }
    }
}
