package dev.quiver.server;

import dev.quiver.server.session.ServerLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The server the PostgreSQL-front tests start: loopback, both fronts on free ports, statements logged. */
public final class TestServers {
    private TestServers() {}

    /**
     * Starts a server on a database in {@code directory} with the users of {@code users}, two
     * threads and interpreters, logging every statement into {@code log}.
     */
    public static QuiverServer withPostgres(Path directory, Path users, ByteArrayOutputStream log) throws IOException {
        return QuiverServer.start(
                new ServerOptions(
                                directory.resolve("test.db"),
                                "127.0.0.1",
                                0,
                                users,
                                2,
                                2,
                                Duration.ofSeconds(2),
                                Duration.ofMinutes(5),
                                50,
                                List.of())
                        .withPgPort(0),
                new ServerLog(new PrintStream(log, true, StandardCharsets.UTF_8), ServerLog.Level.STATEMENTS));
    }
}
