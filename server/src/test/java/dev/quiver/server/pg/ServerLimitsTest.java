package dev.quiver.server.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerOptions;
import dev.quiver.server.session.ServerLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's limits, each exceeded through a PostgreSQL client: the query timeout, the number
 * of queries at once (with a queue), the memory of one query, the number of sessions. Each fails
 * that client's statement with its own SQLSTATE and leaves the others alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerLimitsTest {
    static final String ENDLESS = "SELECT sum(range % 7) FROM range(100000000000)";

    QuiverServer server;

    @BeforeAll
    void start(@TempDir Path directory) {
        server = start(
                directory.resolve("test.db"),
                2,
                new ServerOptions.Limits(1, Duration.ofSeconds(1), Duration.ofSeconds(3), 8L << 20, Long.MAX_VALUE));
    }

    /** A loopback server with a PostgreSQL front, two threads, one interpreter and these limits. */
    private static QuiverServer start(Path database, int maxSessions, ServerOptions.Limits limits) {
        return QuiverServer.start(
                new ServerOptions(
                                database,
                                "127.0.0.1",
                                0,
                                null,
                                2,
                                1,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(5),
                                maxSessions,
                                List.of())
                        .withPgPort(0)
                        .withLimits(limits),
                new ServerLog(new PrintStream(OutputStream.nullOutputStream()), ServerLog.Level.QUIET));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.pgPort() + "/quiver?user=tester");
    }

    @Test
    void limitsFailOnlyTheStatementThatExceedsThem() throws Exception {
        try (Connection first = connect();
                Connection second = connect();
                Statement endless = first.createStatement();
                Statement other = second.createStatement()) {
            // the query timeout cancels a query that runs too long
            assertThatThrownBy(() -> endless.executeQuery(ENDLESS))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"))
                    .hasMessageContaining("query timeout");

            // one query at a time: the second waits in line, then gives up
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rows = endless.executeQuery(ENDLESS)) {
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            assertThatThrownBy(() -> other.executeQuery("SELECT 1"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53300"))
                    .hasMessageContaining("--max-queries");
            assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOf(SQLException.class);

            // a query needing more memory than a query may hold (an offset this large sorts all
            // rows: a small LIMIT alone would run as a top-N holding a few rows)
            assertThatThrownBy(() -> other.executeQuery(
                            "SELECT range FROM range(5000000) ORDER BY range DESC LIMIT 1 OFFSET 4999990"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53200"));

            // the maximum of sessions: two are open
            assertThatThrownBy(() -> connect().close())
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53300"));

            // and the sessions go on
            try (ResultSet rows = other.executeQuery("SELECT 41 + 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void theServersMemoryLimitFailsTheStatementThatGoesOver(@TempDir Path directory) throws Exception {
        // a query may hold 4 GiB, the whole server 32 MiB: the server's limit is the one reached
        try (QuiverServer small = start(
                        directory.resolve("small.db"),
                        4,
                        new ServerOptions.Limits(4, Duration.ofSeconds(10), Duration.ZERO, 4L << 30, 32L << 20));
                Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + small.pgPort() + "/quiver?user=tester");
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery(
                            "SELECT range FROM range(5000000) ORDER BY range DESC LIMIT 1 OFFSET 4999990"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53200"));
            try (ResultSet rows = statement.executeQuery("SELECT 41 + 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }
}
