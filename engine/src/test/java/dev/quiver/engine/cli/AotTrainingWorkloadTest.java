package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up cache's training workload (engine/src/aot) runs as the launcher runs it: setup, then
 * the queries (one round; the launcher runs three), on a scratch database file. A statement that fails stops the training, and the
 * launcher then runs every JVM without a cache (only {@code QUIVER_DEBUG=1} says so), so a change that
 * breaks one of these statements must fail here instead.
 */
class AotTrainingWorkloadTest {
    private static final Path WORKLOAD = Path.of("src", "aot");

    @Test
    void setupAndQueriesRunWithoutAnError(@TempDir Path directory) throws Exception {
        Path script = directory.resolve("training.sql");
        Files.writeString(
                script,
                Files.readString(WORKLOAD.resolve("training-setup.sql"))
                        + Files.readString(WORKLOAD.resolve("training-queries.sql")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = QuiverCli.execute(
                new String[] {
                    "sql",
                    "--db",
                    directory.resolve("training.db").toString(),
                    "--interpreters",
                    "1",
                    "-f",
                    script.toString()
                },
                new PrintWriter(out),
                new PrintWriter(err));

        assertThat(err.toString()).isEmpty();
        assertThat(status).isZero();
        // every query returns rows: an empty result would train the planner but not the operators
        assertThat(out.toString()).doesNotContain("(0 rows)");
    }
}
