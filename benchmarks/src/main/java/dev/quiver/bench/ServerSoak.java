package dev.quiver.bench;

import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerOptions;
import dev.quiver.server.session.ServerLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;

/**
 * A concurrency soak of quiver server: clients, half over Flight SQL and half over the PostgreSQL
 * protocol, mix Python-function queries, aggregates, inserts, cancels and reconnects against one
 * server for a while. It reports queries/s, errors by type, p50/p99 latency and the process's
 * resident memory over time, and checks that every acknowledged insert is in the table.
 *
 * <p>Client and server share one JVM (loopback TCP), so the resident memory is both of theirs.
 */
final class ServerSoak {
    /** Statements per connection before a client reconnects. */
    private static final int ROUNDS_PER_CONNECTION = 8;

    private static final String PYTHON_QUERY = "SELECT sum(bump(range)) FROM range(20000)";
    private static final String AGGREGATE = "SELECT client, count(*) AS n, max(seq) AS top FROM events GROUP BY client";
    private static final String LONG_FLIGHT_QUERY = "SELECT range FROM range(1000000000)";
    private static final String LONG_PG_QUERY = "SELECT sum(range % 7) FROM range(100000000000)";

    /** What a soak found. */
    record Report(long statements, double seconds, Map<String, Long> errors, long unexpected, boolean insertsIntact) {}

    private final int clients;
    private final Duration length;
    private final int threads;
    private final Map<String, Long> errors = new ConcurrentHashMap<>();
    private final AtomicLong unexpected = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final List<long[]> latencies = new ArrayList<>();
    /** How long a PostgreSQL client waits after its cancel round, so that a late cancel request finds nothing running. */
    private static final long CANCEL_SETTLE_MILLIS = 200;

    private final ScheduledExecutorService cancels = Executors.newScheduledThreadPool(1);

    ServerSoak(int clients, Duration length, int threads) {
        this.clients = clients;
        this.length = length;
        this.threads = threads;
    }

    /** Runs the soak and prints its report to {@code out}. */
    Report run(PrintWriter out) throws Exception {
        Path directory = Files.createTempDirectory("quiver-soak-");
        // every Flight reconnect is a session until CloseSession
        ServerOptions options =
                ServerCommand.loopbackServer(directory.resolve("soak.db"), threads, Math.max(1, threads), 10_000);
        Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
        long startNanos = System.nanoTime();
        List<String> rss = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        boolean intact;
        long flightHeld;
        try (QuiverServer server = QuiverServer.start(options, new ServerLog(System.err, ServerLog.Level.QUIET))) {
            try (PgWireReader setup = new PgWireReader("127.0.0.1", server.pgPort(), "setup")) {
                setup.query("CREATE TABLE events (client VARCHAR, seq BIGINT)");
                setup.query("CREATE FUNCTION bump(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return x + 1 $$");
            }
            long sampleMillis = Math.max(1000, length.toMillis() / 10);
            sampler.scheduleAtFixedRate(() -> rss.add(memoryLine(startNanos)), 0, sampleMillis, TimeUnit.MILLISECONDS);
            // from here: setup (the Python interpreters' start) does not eat the soak's time
            long deadline = System.nanoTime() + length.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                String name = "client" + client;
                Acknowledged mine = new Acknowledged();
                acknowledged.put(name, mine);
                long[] own = new long[1 << 20];
                synchronized (latencies) {
                    latencies.add(own);
                }
                boolean flight = client % 2 == 0;
                running.add(pool.submit(() -> {
                    if (flight) {
                        flightClient(server.port(), name, mine, own, deadline);
                    } else {
                        pgClient(server.pgPort(), name, mine, own, deadline);
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            pool.shutdownNow();
            sampler.shutdownNow();
            rss.add(memoryLine(startNanos));
            intact = verify(server.pgPort(), acknowledged);
            flightHeld = drainedFlightMemory(server);
        } finally {
            sampler.shutdownNow();
            cancels.shutdownNow();
            deleteTree(directory);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long[] all = allLatencies();
        out.printf(
                Locale.ROOT,
                "quiver bench server soak: %d clients (%d Flight SQL, %d PostgreSQL), %.0f s%n",
                clients,
                (clients + 1) / 2,
                clients / 2,
                seconds);
        out.printf(
                Locale.ROOT,
                "statements: %,d (%.1f/s); latency p50 %.1f ms, p99 %.1f ms (inserts, Python queries, aggregates)%n",
                statements.get(),
                statements.get() / seconds,
                percentile(all, 0.50) / 1e6,
                percentile(all, 0.99) / 1e6);
        out.println("errors by type (cancels are expected): "
                + (errors.isEmpty() ? "none" : new TreeMap<>(errors).toString()));
        out.println("unexpected errors: " + unexpected.get());
        out.println("memory of the process (server and clients): resident set, and the Java heap live after a GC");
        rss.forEach(line -> out.println("  " + line));
        out.println("acknowledged inserts all present: " + intact);
        out.println("Flight result buffers still held after the clients left: " + flightHeld + " bytes");
        out.flush();
        return new Report(statements.get(), seconds, Map.copyOf(errors), unexpected.get(), intact);
    }

    /** A client's acknowledged inserts: their count and the sum of their sequence numbers. */
    static final class Acknowledged {
        long count;
        long sum;

        synchronized void add(long seq) {
            count++;
            sum += seq;
        }
    }

    private void flightClient(int port, String name, Acknowledged acknowledged, long[] own, long deadline) {
        long seq = 0;
        int latencyCount = 0;
        // a whole first connection however slow the machine, then until the deadline
        for (int connection = 0; connection == 0 || System.nanoTime() < deadline; connection++) {
            boolean first = connection == 0;
            try (BufferAllocator allocator = new RootAllocator();
                    FlightClient flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", port))
                            .build();
                    FlightSqlClient sql = new FlightSqlClient(flight)) {
                CallOption login = flight.authenticateBasicToken(name, "").orElseThrow();
                for (int round = 0; round < ROUNDS_PER_CONNECTION && (first || System.nanoTime() < deadline); round++) {
                    long start = System.nanoTime();
                    try {
                        switch (round % 4) {
                            case 0 -> {
                                sql.executeUpdate("INSERT INTO events VALUES ('" + name + "', " + seq + ")", login);
                                acknowledged.add(seq++);
                            }
                            case 1 -> check(readLong(sql, PYTHON_QUERY, login) == 20000L * 20001 / 2, PYTHON_QUERY);
                            case 2 -> readLong(sql, AGGREGATE, login);
                            default -> cancelFlight(sql, login);
                        }
                        if (round % 4 != 3) {
                            latencyCount = record(own, latencyCount, System.nanoTime() - start);
                        }
                    } catch (FlightRuntimeException e) {
                        error("flight " + e.status().code(), round % 4 == 3);
                    }
                }
                flight.closeSession(new CloseSessionRequest(), login);
            } catch (Exception e) {
                error("flight connection " + e.getClass().getSimpleName(), false);
            }
        }
    }

    private static long readLong(FlightSqlClient sql, String query, CallOption login) throws Exception {
        FlightInfo info = sql.execute(query, login);
        long first = 0;
        try (FlightStream stream = sql.getStream(info.getEndpoints().getFirst().getTicket(), login)) {
            boolean seen = false;
            while (stream.next()) {
                if (!seen
                        && stream.getRoot().getRowCount() > 0
                        && stream.getRoot().getVector(0) instanceof BigIntVector vector) {
                    first = vector.get(0);
                    seen = true;
                }
            }
        }
        return first;
    }

    /** Starts a long query, reads one batch, and cancels its stream. */
    private void cancelFlight(FlightSqlClient sql, CallOption login) throws Exception {
        FlightInfo info = sql.execute(LONG_FLIGHT_QUERY, login);
        try (FlightStream stream = sql.getStream(info.getEndpoints().getFirst().getTicket(), login)) {
            stream.next();
            stream.cancel("soak", null);
        }
        statements.incrementAndGet();
        errors.merge("cancelled (expected)", 1L, Long::sum);
    }

    private void pgClient(int port, String name, Acknowledged acknowledged, long[] own, long deadline) {
        long seq = 0;
        int latencyCount = 0;
        for (int connection = 0; connection == 0 || System.nanoTime() < deadline; connection++) {
            boolean first = connection == 0;
            try (PgWireReader pg = new PgWireReader("127.0.0.1", port, name)) {
                for (int round = 0; round < ROUNDS_PER_CONNECTION && (first || System.nanoTime() < deadline); round++) {
                    long start = System.nanoTime();
                    try {
                        switch (round % 4) {
                            case 0 -> {
                                pg.query("INSERT INTO events VALUES ('" + name + "', " + seq + ")");
                                acknowledged.add(seq++);
                            }
                            case 1 ->
                                check(
                                        pg.rows(PYTHON_QUERY)
                                                .getFirst()
                                                .getFirst()
                                                .equals(String.valueOf(20000L * 20001 / 2)),
                                        PYTHON_QUERY);
                            case 2 -> pg.rows(AGGREGATE);
                            default -> cancelPg(pg);
                        }
                        if (round % 4 != 3) {
                            latencyCount = record(own, latencyCount, System.nanoTime() - start);
                        }
                    } catch (PgWireReader.ServerError e) {
                        boolean expected = round % 4 == 3 && e.sqlState.equals("57014");
                        error(expected ? "cancelled (expected)" : "pg " + e.sqlState, expected);
                    }
                }
            } catch (IOException | RuntimeException e) {
                error("pg connection " + e.getClass().getSimpleName(), false);
            }
        }
    }

    /**
     * Runs a query that would run for hours and cancels it; a cancel request every 100 ms until it
     * stops. PostgreSQL's cancel request names the connection, not the statement, so a request still
     * on its way when the query ends would cancel the next statement: the requests stop under a lock
     * and a short pause lets any request already sent land while nothing runs.
     */
    private void cancelPg(PgWireReader pg) throws IOException {
        Object sending = new Object();
        boolean[] active = {true};
        ScheduledFuture<?> canceller = cancels.scheduleAtFixedRate(
                () -> {
                    synchronized (sending) {
                        if (!active[0]) {
                            return;
                        }
                        try {
                            pg.cancel();
                        } catch (IOException e) {
                            // the next attempt goes again
                        }
                    }
                },
                50,
                100,
                TimeUnit.MILLISECONDS);
        try {
            pg.query(LONG_PG_QUERY);
        } finally {
            synchronized (sending) {
                active[0] = false;
            }
            canceller.cancel(false);
            statements.incrementAndGet();
            try {
                Thread.sleep(CANCEL_SETTLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int record(long[] own, int count, long nanos) {
        statements.incrementAndGet();
        if (count < own.length) {
            own[count] = nanos;
            return count + 1;
        }
        own[(int) (nanos % own.length)] = nanos; // past a million: keep a sample
        return count;
    }

    private void check(boolean condition, String query) {
        if (!condition) {
            error("wrong result", false);
            throw new IllegalStateException("wrong result for " + query);
        }
    }

    private void error(String type, boolean expected) {
        errors.merge(type, 1L, Long::sum);
        statements.incrementAndGet();
        if (!expected) {
            unexpected.incrementAndGet();
        }
    }

    /** Whether each client's acknowledged inserts are in the table: their count and sum per client. */
    private static boolean verify(int port, Map<String, Acknowledged> acknowledged) throws IOException {
        try (PgWireReader pg = new PgWireReader("127.0.0.1", port, "verify")) {
            Map<String, String> stored = new TreeMap<>();
            for (List<String> row : pg.rows("SELECT client, count(*), sum(seq) FROM events GROUP BY client")) {
                stored.put(row.get(0), row.get(1) + "/" + row.get(2));
            }
            Map<String, String> expected = new TreeMap<>();
            acknowledged.forEach((client, set) -> {
                if (set.count > 0) {
                    expected.put(client, set.count + "/" + set.sum);
                }
            });
            return stored.equals(expected);
        }
    }

    /** Flight result bytes the server still holds 10 s after the last client left (0: all freed). */
    private static long drainedFlightMemory(QuiverServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.flightMemory() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return server.flightMemory();
    }

    private long[] allLatencies() {
        List<Long> all = new ArrayList<>();
        synchronized (latencies) {
            for (long[] own : latencies) {
                for (long value : own) {
                    if (value > 0) {
                        all.add(value);
                    }
                }
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    private static double percentile(long[] sorted, double fraction) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (fraction * sorted.length))];
    }

    /**
     * One memory sample: the resident set (which a JVM grows until its heap limit, leak or not) and
     * the heap still live after a full GC (what a leak would grow).
     */
    private static String memoryLine(long startNanos) {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long liveHeap = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return String.format(
                Locale.ROOT,
                "%5.0fs %6d MB resident, %5d MB live heap, %4d platform threads (peak %d)",
                (System.nanoTime() - startNanos) / 1e9,
                residentMegabytes(),
                liveHeap,
                threads.getThreadCount(),
                threads.getPeakThreadCount());
    }

    /** The process's resident set in MB, from /proc (0 where there is none). */
    static long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
