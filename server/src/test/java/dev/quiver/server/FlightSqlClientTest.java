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
import java.util.Map;
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
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SessionOptionValueVisitor;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
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
 * GetSqlInfo, transactions, session options, an expired token — through Arrow's Flight SQL
 * client, and the server's refusals.
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

    @Test
    void transactionsCommitRollBackAndKeepTheirStatementsApart() throws Exception {
        CallOption own = client.authenticateBasicToken("alice", "alice-secret").orElseThrow();
        sql.executeUpdate("CREATE TABLE ledger (n BIGINT)", login);
        FlightSqlClient.Transaction rolledBack = sql.beginTransaction(own);
        assertThat(sql.executeUpdate("INSERT INTO ledger VALUES (1), (2)", rolledBack, own))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM ledger", rolledBack, own)).isEqualTo(2); // its own rows
        assertThat(count("SELECT count(*) FROM ledger", null, login)).isZero(); // not another session's
        assertThatThrownBy(() -> sql.execute("SELECT 1", own))
                .hasMessageContaining("[25000]")
                .hasMessageContaining("send the statement with its transaction id");
        assertThatThrownBy(() -> sql.beginTransaction(own)).hasMessageContaining("open already");
        sql.rollback(rolledBack, own);
        assertThat(count("SELECT count(*) FROM ledger", null, own)).isZero();
        assertThatThrownBy(() -> sql.commit(rolledBack, own)).hasMessageContaining("no open transaction");

        FlightSqlClient.Transaction committed = sql.beginTransaction(own);
        FlightSqlClient.PreparedStatement insert = sql.prepare("INSERT INTO ledger VALUES (40), (2)", committed, own);
        assertThat(insert.executeUpdate(own)).isEqualTo(2);
        sql.commit(committed, own);
        assertThat(count("SELECT sum(n) FROM ledger", null, login)).isEqualTo(42);
        assertThatThrownBy(() -> insert.executeUpdate(own)).hasMessageContaining("no open transaction");
        insert.close(own);
    }

    @Test
    void sessionOptionsAreTheSessionsSettings() {
        CallOption own = client.authenticateBasicToken("alice", "alice-secret").orElseThrow();
        SetSessionOptionsResult result = sql.setSessionOptions(
                new SetSessionOptionsRequest(Map.of(
                        "threads", SessionOptionValueFactory.makeSessionOptionValue(1L),
                        "no_such_option", SessionOptionValueFactory.makeSessionOptionValue("x"),
                        "memory_limit", SessionOptionValueFactory.makeSessionOptionValue("a lot"))),
                own);
        assertThat(result.getErrors())
                .containsOnlyKeys("no_such_option", "memory_limit")
                .containsEntry(
                        "no_such_option",
                        new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_NAME))
                .containsEntry(
                        "memory_limit",
                        new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
        Map<String, SessionOptionValue> options =
                sql.getSessionOptions(new GetSessionOptionsRequest(), own).getSessionOptions();
        assertThat(options.get("threads").acceptVisitor(new TextVisitor())).isEqualTo("1");
        assertThat(sql.getSessionOptions(new GetSessionOptionsRequest(), login)
                        .getSessionOptions()
                        .get("threads")
                        .acceptVisitor(new TextVisitor()))
                .isEqualTo("2"); // another session keeps the server's value
        sql.setSessionOptions(
                new SetSessionOptionsRequest(
                        Map.of("threads", SessionOptionValueFactory.makeEmptySessionOptionValue())),
                own);
        assertThat(sql.getSessionOptions(new GetSessionOptionsRequest(), own)
                        .getSessionOptions()
                        .get("threads")
                        .acceptVisitor(new TextVisitor()))
                .isEqualTo("2"); // an empty value resets
    }

    /** A session option's value as text. */
    private static final class TextVisitor implements SessionOptionValueVisitor<String> {
        @Override
        public String visit(String value) {
            return value;
        }

        @Override
        public String visit(boolean value) {
            return Boolean.toString(value);
        }

        @Override
        public String visit(long value) {
            return Long.toString(value);
        }

        @Override
        public String visit(double value) {
            return Double.toString(value);
        }

        @Override
        public String visit(String[] value) {
            return String.join(",", value);
        }

        @Override
        public String visit(Void value) {
            return "";
        }
    }

    /** The one number {@code query} answers. */
    private long count(String query, FlightSqlClient.Transaction transaction, CallOption caller) throws Exception {
        FlightInfo info = transaction == null ? sql.execute(query, caller) : sql.execute(query, transaction, caller);
        try (FlightStream stream = sql.getStream(info.getEndpoints().getFirst().getTicket(), caller)) {
            assertThat(stream.next()).isTrue();
            Object value = stream.getRoot().getVector(0).getObject(0);
            return value == null ? 0 : ((Number) value).longValue();
        }
    }

    @Test
    void aTokenExpiresWithItsIdleSessionAndFailsLikeAWrongPassword(@TempDir Path directory) throws Exception {
        Path users = directory.resolve("users");
        UsersFile.setPassword(users, "alice", Role.ADMIN, "alice-secret".toCharArray(), 1_000);
        ByteArrayOutputStream idleLog = new ByteArrayOutputStream();
        try (QuiverServer idle = QuiverServer.start(
                        new ServerOptions(
                                directory.resolve("idle.db"),
                                "127.0.0.1",
                                0,
                                users,
                                1,
                                1,
                                Duration.ofSeconds(1),
                                Duration.ofMillis(300),
                                10,
                                List.of()),
                        new ServerLog(
                                new PrintStream(idleLog, true, StandardCharsets.UTF_8), ServerLog.Level.CONNECTIONS));
                FlightClient idleClient = FlightClient.builder(
                                allocator, Location.forGrpcInsecure("127.0.0.1", idle.port()))
                        .build()) {
            CallOption token =
                    idleClient.authenticateBasicToken("alice", "alice-secret").orElseThrow();
            FlightSqlClient idleSql = new FlightSqlClient(idleClient);
            idleSql.execute("SELECT 1", token); // in use: the token works
            Thread.sleep(700);
            FlightRuntimeException expired = catchFlight(() -> idleSql.execute("SELECT 1", token));
            FlightRuntimeException wrongPassword =
                    catchFlight(() -> idleClient.authenticateBasicToken("alice", "not-her-secret"));
            assertThat(expired.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
            assertThat(wrongPassword.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
            assertThat(expired.getMessage()).isEqualTo(wrongPassword.getMessage());
            assertThat(idleLog.toString(StandardCharsets.UTF_8))
                    .contains("rejected call: unknown or expired token")
                    .doesNotContain("alice-secret");
        }
    }

    private static FlightRuntimeException catchFlight(Runnable call) {
        try {
            call.run();
        } catch (FlightRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
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
