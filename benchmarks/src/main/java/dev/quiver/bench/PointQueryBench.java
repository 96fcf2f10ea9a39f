package dev.quiver.bench;

import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerOptions;
import dev.quiver.server.session.ServerLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code ./quiver bench server --point-queries N}: how many executions per second a one-row point
 * query reaches over each front when it is prepared once and executed with new values (the
 * server reuses its plan) beside the same query sent as a new statement each time, its value
 * a literal (planned every time, as prepared statements were before the server reused plans).
 * Sides alternate within each round; the medians of the rounds are printed with their ratio.
 */
final class PointQueryBench {
    private static final int TABLE_ROWS = 100_000;
    private static final String PREPARED = "SELECT name, amount FROM points WHERE id = ";

    private final int executions;
    private final int rounds;
    private final int threads;

    PointQueryBench(int executions, int rounds, int threads) {
        this.executions = executions;
        this.rounds = rounds;
        this.threads = threads;
    }

    void run(PrintWriter out) throws Exception {
        Path directory = Files.createTempDirectory("quiver-bench-points-");
        ServerOptions options = ServerCommand.loopbackServer(directory.resolve("points.db"), threads, 1, 10);
        out.printf(
                Locale.ROOT,
                "quiver bench server --point-queries: %,d executions per side and round, %d round(s) after a"
                        + " warm-up, %d thread(s)%n%s?  (a table of %,d rows)%n",
                executions,
                rounds,
                threads,
                PREPARED,
                TABLE_ROWS);
        out.flush();
        List<Double> flightPrepared = new ArrayList<>();
        List<Double> flightPlanned = new ArrayList<>();
        List<Double> pgPrepared = new ArrayList<>();
        List<Double> pgPlanned = new ArrayList<>();
        try (QuiverServer server = QuiverServer.start(options, new ServerLog(System.err, ServerLog.Level.QUIET));
                BufferAllocator allocator = new RootAllocator();
                FlightSqlClient flight = new FlightSqlClient(
                        FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
                                .build());
                PgWireReader pg = new PgWireReader("127.0.0.1", server.pgPort(), "bench")) {
            pg.query("CREATE TABLE points AS SELECT range AS id, 'n' || range AS name, range * 0.5 AS amount"
                    + " FROM range(" + TABLE_ROWS + ")");
            pg.prepare("point", PREPARED + "$1");
            try (FlightSqlClient.PreparedStatement prepared = flight.prepare(PREPARED + "?");
                    VectorSchemaRoot parameters = VectorSchemaRoot.create(prepared.getParameterSchema(), allocator)) {
                for (int round = -1; round < rounds; round++) { // round -1 warms up
                    double flightReused = rate(id -> flightPrepared(flight, prepared, parameters, id));
                    double flightEach = rate(id -> flightPlanned(flight, id));
                    double pgReused = rate(
                            id -> check(pg.execute("point", Long.toString(id)).size()));
                    double pgEach = rate(id -> check(pg.rows(PREPARED + id).size()));
                    if (round >= 0) {
                        flightPrepared.add(flightReused);
                        flightPlanned.add(flightEach);
                        pgPrepared.add(pgReused);
                        pgPlanned.add(pgEach);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(directory.resolve("points.db"));
            Files.deleteIfExists(directory);
        }
        print(out, "Flight SQL", median(flightPrepared), median(flightPlanned));
        print(out, "PostgreSQL", median(pgPrepared), median(pgPlanned));
    }

    /** One execution with a point id. */
    private interface Execution {
        void run(long id) throws Exception;
    }

    /** Executions per second of {@link #executions} executions, ids spread over the table. */
    private double rate(Execution execution) throws Exception {
        long start = System.nanoTime();
        for (int index = 0; index < executions; index++) {
            execution.run((index * 7_919L) % TABLE_ROWS);
        }
        return executions / ((System.nanoTime() - start) / 1e9);
    }

    private static void flightPrepared(
            FlightSqlClient flight, FlightSqlClient.PreparedStatement prepared, VectorSchemaRoot parameters, long id)
            throws Exception {
        ((BigIntVector) parameters.getVector(0)).setSafe(0, id);
        parameters.setRowCount(1);
        prepared.setParameters(parameters);
        read(flight, prepared.execute());
    }

    private static void flightPlanned(FlightSqlClient flight, long id) throws Exception {
        read(flight, flight.execute(PREPARED + id));
    }

    private static void read(FlightSqlClient flight, FlightInfo info) throws Exception {
        long rows = 0;
        try (FlightStream stream =
                flight.getStream(info.getEndpoints().getFirst().getTicket())) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        check(rows);
    }

    private static void check(long rows) throws IOException {
        if (rows != 1) {
            throw new IOException("a point query returned " + rows + " rows");
        }
    }

    private static double median(List<Double> rates) {
        List<Double> sorted = new ArrayList<>(rates);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void print(PrintWriter out, String front, double prepared, double planned) {
        out.printf(
                Locale.ROOT,
                "%-11s prepared (plan reused) %,9.0f/s   new statement each time (planned) %,9.0f/s   %.2fx%n",
                front,
                prepared,
                planned,
                prepared / planned);
        out.flush();
    }
}
