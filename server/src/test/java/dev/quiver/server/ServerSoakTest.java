package dev.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.server.session.ServerLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short concurrency soak: clients mixing Python-function queries, aggregates, inserts and
 * reconnects against one server without a users file (loopback, everyone admin). Every insert the
 * server acknowledged must be in the table afterwards, also after a restart; no unexpected error.
 */
class ServerSoakTest {
    private static final int CLIENTS = 4;
    private static final Duration LENGTH = Duration.ofSeconds(8);
    /** Rounds of insert, Python query and aggregate per connection. */
    private static final int ROUNDS = 3;

    @TempDir
    Path directory;

    @Test
    void clientsMixingWorkLoseNoAcknowledgedInsert() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        ServerOptions options = new ServerOptions(
                directory.resolve("soak.db"),
                "127.0.0.1",
                0,
                null,
                2,
                2,
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                50,
                List.of());
        Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
        AtomicLong queries = new AtomicLong();
        List<String> unexpected = new ArrayList<>();
        try (QuiverServer server = QuiverServer.start(
                options,
                new ServerLog(new PrintStream(logged, true, StandardCharsets.UTF_8), ServerLog.Level.CONNECTIONS))) {
            String url = "jdbc:arrow-flight-sql://127.0.0.1:" + server.port() + "/?useEncryption=false";
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE events (client VARCHAR, seq BIGINT)");
                statement.executeUpdate(
                        "CREATE FUNCTION bump(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return x + 1 $$");
            }
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long deadline = System.nanoTime() + LENGTH.toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                String name = "client" + client;
                Set<Long> mine = ConcurrentHashMap.newKeySet();
                acknowledged.put(name, mine);
                running.add(clients.submit(() -> {
                    runClient(url, name, mine, deadline, queries);
                    return null;
                }));
            }
            for (Future<?> client : running) {
                try {
                    client.get(2, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    synchronized (unexpected) {
                        unexpected.add(String.valueOf(e.getCause()));
                    }
                }
            }
            clients.shutdownNow();
        }
        assertThat(unexpected).isEmpty();
        assertThat(queries.get()).isGreaterThanOrEqualTo(CLIENTS * 2L * ROUNDS * 3);
        // after a clean stop and a restart, every acknowledged insert is there, and nothing else
        try (QuiverServer server = QuiverServer.start(
                        options,
                        new ServerLog(new PrintStream(logged, true, StandardCharsets.UTF_8), ServerLog.Level.QUIET));
                Connection connection = DriverManager.getConnection(
                        "jdbc:arrow-flight-sql://127.0.0.1:" + server.port() + "/?useEncryption=false");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT client, seq FROM events")) {
            Map<String, Set<Long>> stored = new ConcurrentHashMap<>();
            while (rows.next()) {
                stored.computeIfAbsent(rows.getString(1), key -> new HashSet<>())
                        .add(rows.getLong(2));
            }
            assertThat(stored).isEqualTo(acknowledged);
        }
    }

    private static void runClient(String url, String name, Set<Long> acknowledged, long deadline, AtomicLong queries)
            throws SQLException {
        long seq = 0;
        // at least two connections each, however slow the machine
        for (int connections = 0; connections < 2 || System.nanoTime() < deadline; connections++) {
            try (Connection connection = DriverManager.getConnection(url); // a reconnect every round
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO events VALUES (?, ?)");
                    Statement statement = connection.createStatement()) {
                for (int round = 0; round < ROUNDS; round++) {
                    insert.setString(1, name);
                    insert.setLong(2, seq);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                    acknowledged.add(seq++);
                    try (ResultSet rows = statement.executeQuery("SELECT sum(bump(range)) FROM range(20000)")) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getLong(1)).isEqualTo(20000L * 20001 / 2);
                    }
                    try (ResultSet rows = statement.executeQuery(
                            "SELECT client, count(*) AS n, max(seq) AS top FROM events GROUP BY client")) {
                        while (rows.next()) {
                            assertThat(rows.getLong("n")).isPositive();
                        }
                    }
                    queries.addAndGet(3);
                }
            }
        }
    }
}
