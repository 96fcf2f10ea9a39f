package dev.quiver.bench;

import dev.quiver.engine.QueryStream;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.cli.VersionInfo;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerOptions;
import dev.quiver.server.session.ServerLog;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./quiver bench server}: streams one large result to an Arrow Flight SQL client over
 * loopback TCP and prints rows/s and MB/s, beside the same query read in process (no network), so
 * that the cost of the wire shows.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        header = "Result streaming throughput of quiver server over Arrow Flight SQL and the PostgreSQL protocol.",
        description = {
            "Start a server on a temporary database (loopback, no users), then read",
            "SELECT range AS id, range * 0.5 AS amount, CAST(range %% 1000 AS VARCHAR) AS label FROM range(N)",
            "through Arrow's Flight SQL client, over the PostgreSQL protocol (text rows, read raw),",
            "and in process through Session.stream: warm-up, then the median of several runs",
            "(Flight SQL and PostgreSQL runs alternate);",
            "rows/s and MB/s (Arrow buffer bytes received; for PostgreSQL, DataRow bytes).",
            "With --clients N: a concurrency soak for --minutes instead (queries/s, errors by type,",
            "p50/p99 latency, resident memory and threads over time, every acknowledged insert checked).",
            "With --point-queries N: executions/s of a prepared point query over both fronts instead,",
            "beside the same query sent as a new statement (planned) each time."
        })
final class ServerCommand implements Callable<Integer> {
    /** The Flight client's gRPC flow-control window: room for a few 2 MB batches in flight. */
    private static final int FLOW_CONTROL_WINDOW = 16 << 20;

    private static final String QUERY =
            "SELECT range AS id, range * 0.5 AS amount," + " CAST(range %% 1000 AS VARCHAR) AS label FROM range(%d)";

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--rows",
            defaultValue = "10000000",
            description = "Rows in the result (default: ${DEFAULT-VALUE}).")
    private long rows;

    @Option(names = "--threads", description = "Worker threads per query (default: available processors).")
    private Integer threads;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed runs per side (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(
            names = "--clients",
            description = "Run the concurrency soak instead, with this many clients (half Flight SQL,"
                    + " half PostgreSQL) mixing Python-function queries, aggregates, inserts, cancels and reconnects.")
    private Integer clients;

    @Option(
            names = "--minutes",
            defaultValue = "1",
            description = "How long the soak runs (default: ${DEFAULT-VALUE}).")
    private double minutes;

    @Option(
            names = "--point-queries",
            description = "Instead: executions/s of a prepared one-row point query over Flight SQL and the"
                    + " PostgreSQL protocol, beside the same query sent as a new statement each time (planned"
                    + " each time); this many executions per side and round (--repeat rounds).")
    private Integer pointQueries;

    /** One run's figures. */
    private record Run(long rows, long bytes, long nanos) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (rows < 1 || repeat < 1 || (threads != null && threads < 1)) {
            spec.commandLine().getErr().println("--rows, --repeat and --threads must be at least 1");
            return 2;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int queryThreads = threads == null ? cores : threads;
        if (clients != null) {
            if (clients < 1 || minutes <= 0) {
                spec.commandLine().getErr().println("--clients must be at least 1 and --minutes positive");
                return 2;
            }
            ServerSoak.Report report =
                    new ServerSoak(clients, Duration.ofMillis((long) (minutes * 60_000)), queryThreads).run(out);
            return report.unexpected() == 0 && report.insertsIntact() ? 0 : 1;
        }
        if (pointQueries != null) {
            if (pointQueries < 1) {
                spec.commandLine().getErr().println("--point-queries must be at least 1");
                return 2;
            }
            new PointQueryBench(pointQueries, repeat, queryThreads).run(out);
            return 0;
        }
        String sql = String.format(Locale.ROOT, QUERY, rows);
        Path directory = Files.createTempDirectory("quiver-bench-server-");
        Path database = directory.resolve("bench.db");
        ServerOptions options = loopbackServer(database, queryThreads, 1, 10);
        out.printf(
                Locale.ROOT,
                "quiver bench server: %,d rows, %d thread(s), %d run(s) after a warm-up%n",
                rows,
                queryThreads,
                repeat);
        out.flush();
        List<Run> flight = new ArrayList<>();
        List<Run> pg = new ArrayList<>();
        try (QuiverServer server = QuiverServer.start(options, new ServerLog(System.err, ServerLog.Level.QUIET));
                BufferAllocator allocator = new RootAllocator();
                FlightSqlClient client = new FlightSqlClient(flightClient(allocator, server.port()));
                PgWireReader reader = new PgWireReader("127.0.0.1", server.pgPort(), "bench")) {
            readOverFlight(client, sql);
            readOverPg(reader, sql);
            // the two sides alternate, so that a change in the machine's load falls on both
            for (int run = 0; run < repeat; run++) {
                flight.add(readOverFlight(client, sql));
                pg.add(readOverPg(reader, sql));
            }
        }
        List<Run> local = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Quiver quiver = Quiver.open(QuiverConfig.defaults().withThreads(queryThreads));
                Session session = quiver.newSession()) {
            PipelineExecutor executor = new PipelineExecutor(pool);
            readInProcess(session, sql, executor);
            for (int run = 0; run < repeat; run++) {
                local.add(readInProcess(session, sql, executor));
            }
        } finally {
            pool.shutdownNow();
            Files.deleteIfExists(database);
            Files.deleteIfExists(directory);
        }
        print(out, "Flight SQL (loopback TCP)", median(flight));
        print(out, "PostgreSQL protocol (text)", median(pg));
        print(out, "in process (Session.stream)", median(local));
        out.printf(
                Locale.ROOT,
                "the wire costs %.2fx the in-process time%n",
                (double) median(flight).nanos() / median(local).nanos());
        out.printf(
                Locale.ROOT,
                "Flight SQL is %.1fx as fast as the PostgreSQL protocol (rows/s)%n",
                (double) median(pg).nanos() / median(flight).nanos());
        return 0;
    }

    /**
     * A benchmark's server: loopback, no users, both fronts on free ports, a temporary database.
     *
     * @param maxSessions sessions open at once (a Flight reconnect is a session until CloseSession)
     */
    static ServerOptions loopbackServer(Path database, int threads, int interpreters, int maxSessions) {
        return new ServerOptions(
                        database,
                        "127.0.0.1",
                        0,
                        null,
                        threads,
                        interpreters,
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(10),
                        maxSessions,
                        List.of())
                .withPgPort(0);
    }

    /**
     * A Flight client whose gRPC flow-control window holds several batches. gRPC's default (1 MiB,
     * grown only by its bandwidth probe) is smaller than one 65,536-row batch (about 2 MB here), so
     * every batch waited for window updates from the client: a round trip between the two sides'
     * threads per megabyte, which on a loaded machine costs more than sending the data.
     */
    private static FlightClient flightClient(BufferAllocator allocator, int port) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .build();
        return FlightGrpcUtils.createFlightClient(allocator, channel);
    }

    private static Run readOverFlight(FlightSqlClient client, String sql) throws Exception {
        long start = System.nanoTime();
        FlightInfo info = client.execute(sql);
        long count = 0;
        long bytes = 0;
        try (FlightStream stream =
                client.getStream(info.getEndpoints().getFirst().getTicket())) {
            while (stream.next()) {
                count += stream.getRoot().getRowCount();
                for (FieldVector vector : stream.getRoot().getFieldVectors()) {
                    bytes += vector.getBufferSize();
                }
            }
        }
        return new Run(count, bytes, System.nanoTime() - start);
    }

    private static Run readOverPg(PgWireReader reader, String sql) throws Exception {
        long start = System.nanoTime();
        PgWireReader.Counts counts = reader.query(sql);
        return new Run(counts.rows(), counts.bytes(), System.nanoTime() - start);
    }

    private static Run readInProcess(Session session, String sql, PipelineExecutor executor) {
        long start = System.nanoTime();
        long count = 0;
        long bytes = 0;
        try (QueryStream stream = session.stream(sql, List.of(), executor)) {
            for (Batch batch = stream.next(); batch != null; batch = stream.next()) {
                count += batch.rowCount();
                for (FieldVector vector : batch.columns()) {
                    bytes += vector.getBufferSize();
                }
            }
        }
        return new Run(count, bytes, System.nanoTime() - start);
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        Collections.sort(sorted, (left, right) -> Long.compare(left.nanos(), right.nanos()));
        return sorted.get(sorted.size() / 2);
    }

    private static void print(PrintWriter out, String side, Run run) {
        double seconds = run.nanos() / 1e9;
        out.printf(
                Locale.ROOT,
                "%-28s %,12d rows in %7.3f s: %,14.0f rows/s %9.1f MB/s%n",
                side,
                run.rows(),
                seconds,
                run.rows() / seconds,
                run.bytes() / 1e6 / seconds);
        out.flush();
    }
}
