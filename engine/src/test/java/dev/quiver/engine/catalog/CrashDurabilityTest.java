package dev.quiver.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement that returned has been committed: it survives the JVM being killed (destroyForcibly,
 * i.e. SIGKILL, or Runtime.halt) without closing the database. And while one process has a
 * database open, another gets a clear error. Each case runs {@link DurabilityChild} in a child JVM
 * (same java, same classpath, the JVM flags Quiver needs).
 */
@Tag("slow") // child JVMs killed mid-write: ~30 s
class CrashDurabilityTest {
    private static final QuiverConfig CONFIG =
            QuiverConfig.defaults().withThreads(2).withInterpreters(1);

    @TempDir
    Path directory;

    private static Process start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED",
                "-Dquiver.python="
                        + System.getProperty("quiver.python", System.getenv().getOrDefault("QUIVER_PYTHON", "")),
                "-cp",
                System.getProperty("java.class.path"),
                DurabilityChild.class.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the child's output until a line contains {@code expected}; returns everything read. */
    private static String readUntil(Process child, String expected) throws IOException {
        StringBuilder output = new StringBuilder();
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            output.append(line).append('\n');
            if (line.contains(expected)) {
                break;
            }
        }
        return output.toString();
    }

    private void assertRowsSurvived(Path database) {
        try (Quiver reopened = Quiver.open(database, CONFIG);
                Session session = reopened.newSession();
                QueryResult result =
                        session.execute("SELECT count(*), sum(n), max(label), shout(min(label)) FROM survivors");
                QueryResult functions = session.execute("SHOW FUNCTIONS FROM python");
                QueryResult nested = session.execute("SELECT l::VARCHAR, s::VARCHAR, m::VARCHAR, h::VARCHAR,"
                        + " t::VARCHAR FROM nested_survivors ORDER BY h NULLS LAST")) {
            assertThat(result.rows()).containsExactly(List.of(1001L, 500_500L, "row 999", "LAST!"));
            assertThat(nested.rows())
                    .containsExactly(
                            List.of(
                                    "[1, NULL]",
                                    "{'a': x, 'u': [a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11]}",
                                    "{k='2024-01-02 03:04:05+00'}",
                                    "170141183460469231731687303715884105",
                                    "12:34:56"),
                            Arrays.asList(null, null, null, null, null));
            assertThat(functions.rows()).extracting(row -> row.getFirst()).containsExactly("shout");
        }
    }

    @Test
    void committedRowsSurviveSigkill() throws Exception {
        Path database = directory.resolve("killed.duckdb");
        Process child = start("insert", database.toString());
        try {
            String output = readUntil(child, "committed");
            assertThat(output).as("child output").contains("committed");
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertRowsSurvived(database);
    }

    @Test
    void committedRowsSurviveHalt() throws Exception {
        Path database = directory.resolve("halted.duckdb");
        Process child = start("insert", database.toString(), "halt");
        try {
            assertThat(readUntil(child, "committed")).contains("committed");
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(137);
        } finally {
            child.destroyForcibly();
        }
        assertRowsSurvived(database);
    }

    @Test
    void committedChangesAndTransactionsSurviveSigkillAndOpenOnesDoNot() throws Exception {
        Path database = directory.resolve("transactions.duckdb");
        Process child = start("transactions", database.toString());
        try {
            assertThat(readUntil(child, "committed")).as("child output").contains("committed");
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        try (Quiver reopened = Quiver.open(database, CONFIG);
                Session session = reopened.newSession();
                QueryResult accounts =
                        session.execute("SELECT count(*), sum(balance), min(balance), max(id) FROM accounts");
                QueryResult moved = session.execute("SELECT id, balance FROM accounts WHERE id < 3 ORDER BY id");
                QueryResult scratch = session.execute("SELECT count(*), sum(n) FROM scratch")) {
            assertThat(accounts.rows()).containsExactly(List.of(9L, 905L, 5L, 20));
            assertThat(moved.rows()).containsExactly(List.of(0, 70L), List.of(1, 130L));
            assertThat(scratch.rows()).containsExactly(List.of(1L, 3L));
            // the constraints came back with the table
            assertThatThrownBy(() -> session.execute("INSERT INTO keyed VALUES (1, 5)"))
                    .hasMessageContaining("Duplicate key \"id: 1\" violates primary key constraint");
            assertThatThrownBy(() -> session.execute("INSERT INTO keyed VALUES (2, 0)"))
                    .hasMessageContaining("CHECK constraint failed on table keyed: CHECK (v > 0)");
            assertThatThrownBy(() -> session.execute("INSERT INTO keyed VALUES (NULL, 1)"))
                    .hasMessageContaining("does not allow NULLs");
        }
    }

    @Test
    void alterTableAndUpsertsSurviveSigkillAndAnOpenAlterationDoesNot() throws Exception {
        Path database = directory.resolve("alter.duckdb");
        Process child = start("alter", database.toString());
        try {
            assertThat(readUntil(child, "committed")).as("child output").contains("committed");
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        try (Quiver reopened = Quiver.open(database, CONFIG);
                Session session = reopened.newSession();
                QueryResult rows = session.execute("SELECT k, v, amount, w FROM kv ORDER BY k");
                QueryResult tables = session.execute("SHOW TABLES")) {
            assertThat(rows.rows())
                    .containsExactly(
                            List.of(1, "new", 15L, 7),
                            List.of(2, "replaced", 200L, 2),
                            List.of(3, "new", 30L, 7),
                            Arrays.asList(4, "tx", null, 7));
            assertThat(tables.rows()).containsExactly(List.of("kv"), List.of("made_in_tx"));
            // the key, the defaults and the new column's type came back with the table
            assertThatThrownBy(() -> session.execute("INSERT INTO kv (k) VALUES (1)"))
                    .hasMessageContaining("Duplicate key \"k: 1\"");
            session.execute("INSERT INTO kv (k, amount) VALUES (6, 9000000000)").close();
            try (QueryResult added = session.execute("SELECT v, amount, w FROM kv WHERE k = 6")) {
                assertThat(added.rows()).containsExactly(List.of("tx", 9_000_000_000L, 7));
            }
        }
    }

    @Test
    void schemasAndSequencesSurviveSigkillAndNoSequenceValueIsHandedOutTwice() throws Exception {
        Path database = directory.resolve("catalog.duckdb");
        Process child = start("catalog", database.toString());
        long lastSeen;
        try {
            String output = readUntil(child, "committed");
            assertThat(output).as("child output").contains("committed");
            lastSeen = Long.parseLong(output.substring(output.indexOf("committed ") + "committed ".length())
                    .strip());
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(lastSeen).isEqualTo(5100L);
        try (Quiver reopened = Quiver.open(database, CONFIG);
                Session session = reopened.newSession();
                QueryResult orders = session.execute("SELECT count(*), max(id) FROM sales.orders");
                QueryResult next = session.execute("SELECT nextval('sales.ids')")) {
            assertThat(orders.rows()).containsExactly(List.of(100L, 100L));
            assertThat((Long) next.rows().getFirst().getFirst()).isGreaterThan(lastSeen);
            assertThatThrownBy(() -> session.execute("SELECT * FROM scratch")).hasMessageContaining("scratch");
        }
    }

    @Test
    void anotherProcessCannotOpenAnOpenDatabase() throws Exception {
        Path database = directory.resolve("locked.duckdb");
        try (Quiver open = Quiver.open(database, CONFIG)) {
            Process child = start("open", database.toString());
            try {
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(output)
                        .contains("DATABASE_IN_USE: Database "
                                + database.toAbsolutePath().normalize() + " is in use by another process")
                        .contains("PID")
                        .contains("close it there first");
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
