package dev.quiver.server.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerOptions;
import dev.quiver.server.auth.Role;
import dev.quiver.server.auth.UsersFile;
import dev.quiver.server.session.ServerLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL front as psycopg 3 (Python 3.11, over libpq) sees it: SCRAM, parameters in text
 * and binary, pipelined executemany, errors as psycopg's exception classes, transactions. Skipped
 * where python3.11 cannot import psycopg (QUIVER_PSYCOPG_PATH may name a directory pip installed it into).
 */
class PgWirePsycopgTest {
    @Test
    void psycopgRunsTheChecks(@TempDir Path directory) throws Exception {
        Assumptions.assumeTrue(
                run(List.of("python3.11", "-c", "import psycopg"), 0).exitCode() == 0,
                "python3.11 cannot import psycopg");
        Path users = directory.resolve("users");
        UsersFile.setPassword(users, "alice", Role.ADMIN, "alice secret".toCharArray(), 4096);
        Path script = directory.resolve("psycopg_check.py");
        try (InputStream in = PgWirePsycopgTest.class.getResourceAsStream("/psycopg_check.py")) {
            Files.write(script, in.readAllBytes());
        }
        QuiverServer server = QuiverServer.start(
                new ServerOptions(
                                directory.resolve("test.db"),
                                "127.0.0.1",
                                0,
                                users,
                                2,
                                1,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(5),
                                10,
                                List.of())
                        .withPgPort(0),
                new ServerLog(new PrintStream(OutputStream.nullOutputStream()), ServerLog.Level.QUIET));
        try {
            Outcome outcome = run(
                    List.of("python3.11", script.toString(), String.valueOf(server.pgPort()), "alice", "alice secret"),
                    120);
            assertThat(outcome.output()).contains("psycopg ok");
            assertThat(outcome.exitCode()).isZero();
        } finally {
            server.stop();
        }
    }

    record Outcome(int exitCode, String output) {}

    private static Outcome run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        String path = System.getenv("QUIVER_PSYCOPG_PATH");
        if (path != null) {
            Map<String, String> environment = builder.environment();
            environment.put("PYTHONPATH", path);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(-1, String.valueOf(e)); // no python3.11
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(Math.max(timeoutSeconds, 10), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Outcome(-1, output);
        }
        return new Outcome(process.exitValue(), output);
    }
}
