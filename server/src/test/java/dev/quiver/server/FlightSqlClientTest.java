package dev.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.server.auth.Role;
import dev.quiver.server.auth.UsersFile;
import dev.quiver.server.session.ServerLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flight SQL calls the JDBC driver does not make — CancelFlightInfo, GetXdbcTypeInfo,
 * GetSqlInfo, an expired token — through Arrow's Flight SQL client, and the server's refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightSqlClientTest {
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    QuiverServer server;
    BufferAllocator allocator;
    FlightClient client;
    FlightSqlClient sql;
    CallOption login;

    @BeforeAll
    void start(@TempDir Path directory) {
        Path users = directory.resolve("users");
        UsersFile.setPassword(users, "alice", Role.ADMIN, "alice-secret".toCharArray(), 1_000);
        server = QuiverServer.start(
                new ServerOptions(
                        directory.resolve("client.db"),
                        "127.0.0.1",
                        0,
                        users,
                        2,
                        2,
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(5),
                        50,
                        List.of()),
                new ServerLog(new PrintStream(logged, true, StandardCharsets.UTF_8), ServerLog.Level.STATEMENTS));
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
                .build();
        login = client.authenticateBasicToken("alice", "alice-secret").orElseThrow();
        sql = new FlightSqlClient(client);
    }

    @AfterAll
    void stop() throws Exception {
        sql.close();
        allocator.close();
        server.stop();
    }

    @Test
    void cancelFlightInfoStopsARunningQueryAndItsPythonCalls() {
        try (FlightStream ddl = sql.getStream(
                sql.execute(
                                "CREATE FUNCTION slow(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                                        + "import time\ntime.sleep(0.001)\nreturn x\n$$",
                                login)
                        .getEndpoints()
                        .getFirst()
                        .getTicket(),
                login)) {
            while (ddl.next()) {
                // no rows
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        long started = System.nanoTime();
        // a million rows at a millisecond each: about 8 minutes on two interpreters if not cancelled
        FlightInfo info = sql.execute("SELECT slow(range) AS s FROM range(1000000)", login);
        assertThat(sql.cancelFlightInfo(new CancelFlightInfoRequest(info), login)
                        .getStatus())
                .isEqualTo(CancelStatus.CANCELLED);
        assertThatThrownBy(() -> {
                    try (FlightStream stream =
                            sql.getStream(info.getEndpoints().getFirst().getTicket(), login)) {
                        while (stream.next()) {
                            // cancelled: the ticket's result is gone
                        }
                    }
                })
                .isInstanceOfSatisfying(
                        FlightRuntimeException.class,
                        e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        // the interpreters are free again: a Python query answers at once
        FlightInfo next = sql.execute("SELECT slow(range) AS s FROM range(10)", login);
        try (FlightStream stream = sql.getStream(next.getEndpoints().getFirst().getTicket(), login)) {
            long rows = 0;
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
            assertThat(rows).isEqualTo(10);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void typeInfoAndSqlInfoDescribeQuiver() throws Exception {
        List<String> types = new ArrayList<>();
        FlightInfo info = sql.getXdbcTypeInfo(login);
        try (FlightStream stream = sql.getStream(info.getEndpoints().getFirst().getTicket(), login)) {
            while (stream.next()) {
                VarCharVector names = (VarCharVector) stream.getRoot().getVector("type_name");
                for (int row = 0; row < stream.getRoot().getRowCount(); row++) {
                    types.add(names.getObject(row).toString());
                }
            }
        }
        assertThat(types).contains("BOOLEAN", "BIGINT", "DOUBLE", "DECIMAL", "VARCHAR", "DATE", "TIMESTAMP");
        FlightInfo serverInfo =
                sql.getSqlInfo(new SqlInfo[] {SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_CANCEL}, login);
        try (FlightStream stream =
                sql.getStream(serverInfo.getEndpoints().getFirst().getTicket(), login)) {
            long rows = 0;
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
                assertThat(stream.getRoot().contentToTSVString()).contains("Quiver");
            }
            assertThat(rows).isEqualTo(2);
        }
    }

    @Test
    void closeSessionEndsTheSessionAndItsToken() {
        CallOption second =
                client.authenticateBasicToken("alice", "alice-secret").orElseThrow();
        assertThat(sql.closeSession(new CloseSessionRequest(), second).getStatus())
                .isEqualTo(CloseSessionResult.Status.CLOSED);
        assertThatThrownBy(() -> sql.execute("SELECT 1", second))
                .isInstanceOfSatisfying(
                        FlightRuntimeException.class,
                        e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED));
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("session ended (closed by client) user=alice");
    }

    @Test
    void aCallWithoutTokenOrWithAForgedOneIsRefused() {
        assertThatThrownBy(() -> sql.execute("SELECT 1"))
                .isInstanceOfSatisfying(
                        FlightRuntimeException.class,
                        e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED));
        CallOption forged = new org.apache.arrow.flight.HeaderCallOption(headers());
        assertThatThrownBy(() -> sql.execute("SELECT 1", forged))
                .isInstanceOfSatisfying(
                        FlightRuntimeException.class,
                        e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED));
    }

    private static org.apache.arrow.flight.CallHeaders headers() {
        org.apache.arrow.flight.FlightCallHeaders headers = new org.apache.arrow.flight.FlightCallHeaders();
        headers.insert("authorization", "Bearer not-a-token");
        return headers;
    }

    @Test
    void withoutUsersTheServerRefusesToListenBeyondLoopback(@TempDir Path directory) {
        assertThatThrownBy(() -> QuiverServer.start(
                        new ServerOptions(
                                directory.resolve("open.db"),
                                "0.0.0.0",
                                0,
                                null,
                                1,
                                1,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(1),
                                10,
                                List.of()),
                        new ServerLog(System.err, ServerLog.Level.QUIET)))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("loopback only")
                .hasMessageContaining("--users");
    }
}
