package dev.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver server} as a process, as an operator runs it: {@code passwd} reads the password
 * from standard input; the server prints where it listens; SIGTERM refuses new work, cancels a
 * query still running after the grace period and closes the database; {@code kill -9} loses no
 * acknowledged insert. Each server is {@link ServerCli} in a child JVM (same java and classpath).
 */
@Tag("slow") // four child JVMs: ~20 s
class ServerProcessTest {
    private static final Pattern PG_PORT = Pattern.compile("PostgreSQL clients on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    @Test
    void passwdReadsThePasswordFromStandardInputOnly() throws Exception {
        Path users = directory.resolve("users");
        Child saved = Child.start("passwd", "alice", "--users", users.toString(), "--role", "writer");
        saved.type("alice-password\n");
        assertThat(saved.exitCode()).isZero();
        assertThat(saved.output()).contains("alice saved in");
        assertThat(Files.readString(users))
                .contains("\nalice:writer:pbkdf2-sha256$")
                .doesNotContain("alice-password");

        Child tooShort = Child.start("passwd", "bob", "--users", users.toString(), "--role", "reader");
        tooShort.type("short\n");
        assertThat(tooShort.exitCode()).isEqualTo(1);
        assertThat(tooShort.output()).contains("at least 8 characters");

        Child noRole = Child.start("passwd", "carol", "--users", users.toString());
        noRole.type("carol-password\n");
        assertThat(noRole.exitCode()).isEqualTo(1);
        assertThat(noRole.output()).contains("needs a role");
        assertThat(Files.readString(users)).doesNotContain("bob:").doesNotContain("carol:");
    }

    @Test
    void killMinusNineLosesNoAcknowledgedInsertAndSigtermCancelsWhatOutlivesTheGracePeriod() throws Exception {
        Path database = directory.resolve("process.db");
        Child first = server(database);
        int acknowledged = 0;
        try (Connection connection = connect(first)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE events (seq BIGINT)");
                statement.execute("CREATE FUNCTION slow(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                        + "import time\ntime.sleep(0.01)\nreturn x\n$$");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events VALUES (?)")) {
                for (; acknowledged < 40; acknowledged++) {
                    insert.setLong(1, acknowledged);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
        }
        // the default log level: a line per login and per statement (user, kind, rows, time, error)
        first.awaitOutput("login user=admin role=admin", Duration.ofSeconds(10));
        assertThat(first.awaitOutput("statement user=admin kind=WRITE rows=1 ms=", Duration.ofSeconds(10)))
                .containsPattern("statement user=admin kind=WRITE rows=1 ms=[0-9.]+ error=- sql=INSERT INTO events");
        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no close
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Child second = server(database);
        try (Connection connection = connect(second)) {
            assertThat(count(connection)).isEqualTo(acknowledged);
            // a query of about 20 minutes (100 000 calls of 10 ms on one interpreter), still running at SIGTERM
            CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> {
                try (Connection other = connect(second);
                        Statement statement = other.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT sum(slow(range)) FROM range(100000)")) {
                    rows.next();
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            // the statement's log line comes at its end: wait for the second login, then for the query to start
            second.awaitOutput(2, "login user=admin", Duration.ofSeconds(60));
            Thread.sleep(2_000);
            long stopping = System.nanoTime();
            second.process.destroy(); // SIGTERM
            assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(30));
            assertThat(slow).failsWithin(Duration.ofSeconds(30));
            assertThatThrownBy(() -> count(connection)).isInstanceOf(SQLException.class);
        }
        assertThat(second.output())
                .contains("stopping: no new statements; running ones have 1 s")
                .contains("grace period over: cancelling running queries")
                .doesNotContain("PYTHON_UNAVAILABLE") // the interpreters outlive the grace period
                .contains("stopped; database closed");

        Child third = server(database, "--log", "connections");
        try (Connection connection = connect(third)) {
            assertThat(count(connection)).isEqualTo(acknowledged);
            third.awaitOutput("login user=admin", Duration.ofSeconds(10));
            assertThat(third.output()).doesNotContain("statement user=");
        } finally {
            third.process.destroy();
            third.process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private Child server(Path database, String... more) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(
                "--db",
                database.toString(),
                "--port",
                "0",
                "--pg-port",
                "0",
                "--grace-period",
                "1",
                "--threads",
                "2",
                "--interpreters",
                "1"));
        arguments.addAll(List.of(more));
        Child server = Child.start(arguments.toArray(String[]::new));
        Matcher port = PG_PORT.matcher(server.awaitOutput("PostgreSQL clients on", START));
        assertThat(port.find()).as(server.output()).isTrue();
        assertThat(server.output()).contains("connect with jdbc:arrow-flight-sql://127.0.0.1:");
        server.pgPort = Integer.parseInt(port.group(1));
        return server;
    }

    private static Connection connect(Child server) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.pgPort + "/quiver?user=admin");
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * A child JVM running {@link ServerCli}; its output (stdout and stderr) goes to a file, since
     * {@link Process#destroy} (SIGTERM) closes the pipes the parent reads before the child's last lines.
     */
    private static final class Child {
        final Process process;
        final Path output;
        int pgPort;

        private Child(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        static Child start(String... arguments) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dquiver.python="
                            + System.getProperty(
                                    "quiver.python", System.getenv().getOrDefault("QUIVER_PYTHON", "")),
                    "-cp",
                    System.getProperty("java.class.path"),
                    ServerCli.class.getName()));
            command.addAll(List.of(arguments));
            Path output = Files.createTempFile("quiver-server-process-", ".log");
            output.toFile().deleteOnExit();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            return new Child(process, output);
        }

        /** Writes {@code text} to the child's standard input and closes it. */
        void type(String text) throws IOException {
            try (var in = process.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }

        int exitCode() throws InterruptedException {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output()).isTrue();
            return process.exitValue();
        }

        String output() {
            try {
                return Files.readString(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until the output contains {@code text}; returns the output. */
        String awaitOutput(String text, Duration timeout) throws InterruptedException {
            return awaitOutput(1, text, timeout);
        }

        /** Waits until the output contains {@code text} {@code times} times; returns the output. */
        String awaitOutput(int times, String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (output().split(Pattern.quote(text), -1).length <= times) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("no \"" + text + "\" from the child; it printed:\n" + output());
                }
                Thread.sleep(20);
            }
            return output();
        }
    }
}
