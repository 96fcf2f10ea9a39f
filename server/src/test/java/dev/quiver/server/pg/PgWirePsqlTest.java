package dev.quiver.server.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.server.QuiverServer;
import dev.quiver.server.TestServers;
import dev.quiver.server.auth.Role;
import dev.quiver.server.auth.UsersFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL front as psql (libpq) sees it: a SCRAM login, simple queries, {@code \dt} and
 * {@code \d TABLE}, errors. Skipped where psql is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgWirePsqlTest {
    static final Path PSQL = Path.of("/usr/bin/psql");

    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    QuiverServer server;

    @BeforeAll
    void start(@TempDir Path directory) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(PSQL), "psql is not installed");
        Path users = directory.resolve("users");
        UsersFile.setPassword(users, "alice", Role.ADMIN, "alice secret".toCharArray(), 4096);
        server = TestServers.withPostgres(directory, users, logged);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Runs psql with one {@code -c} per command; its standard output and error together. */
    String psql(String password, String... commands) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                PSQL.toString(),
                "-X", // no ~/.psqlrc
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(server.pgPort()),
                "-U",
                "alice",
                "-d",
                "quiver"));
        for (String sql : commands) {
            command.add("-c");
            command.add(sql);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGSSLMODE", "prefer");
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void psqlRunsStatementsAndDescribesTables() throws Exception {
        String output = psql(
                "alice secret",
                "CREATE TABLE cities (name VARCHAR NOT NULL, people BIGINT, area DOUBLE)",
                "INSERT INTO cities VALUES ('Lyon', 520000, 47.87), ('Nantes', 320000, NULL)",
                "SELECT name, people, area FROM cities ORDER BY people",
                "\\dt",
                "\\d cities",
                "SELECT no_such_column FROM cities",
                "BEGIN; INSERT INTO cities VALUES ('Brest', 140000, 49.5); COMMIT; SELECT count(*) AS n FROM cities");
        assertThat(output)
                .contains("CREATE TABLE")
                .contains("INSERT 0 2")
                .containsPattern("Nantes\\s*\\|\\s*320000\\s*\\|\\s*\n")
                .containsPattern("Lyon\\s*\\|\\s*520000\\s*\\|\\s*47.87")
                .contains("(2 rows)")
                .containsPattern("main\\s*\\|\\s*cities\\s*\\|\\s*table")
                .contains("Table \"main.cities\"")
                .containsPattern("name\\s*\\|\\s*character varying\\s*\\|\\s*\\|\\s*not null")
                .containsPattern("people\\s*\\|\\s*bigint")
                .containsPattern("area\\s*\\|\\s*double precision")
                .contains("ERROR:  ")
                .contains("no_such_column")
                .containsPattern("n\\s*\n-+\n\\s*3\n");
    }

    @Test
    void psqlShowsKeysAsIndexesAndVerboseDetails() throws Exception {
        String output = psql(
                "alice secret",
                "CREATE TABLE towns (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, code VARCHAR, UNIQUE (code))",
                "CREATE TABLE notes (body VARCHAR)",
                "CREATE VIEW town_names AS SELECT name FROM towns",
                "\\d towns",
                "\\d notes",
                "\\di",
                "\\dv",
                "\\d+ towns",
                "\\d+ town_names");
        assertThat(output)
                .contains("Indexes:\n    \"towns_pkey\" PRIMARY KEY, btree (id)\n"
                        + "    \"towns_code_key\" UNIQUE CONSTRAINT, btree (code)\n")
                .containsPattern("main\\s*\\|\\s*towns_code_key\\s*\\|\\s*index\\s*\\|\\s*quiver\\s*\\|\\s*towns")
                .containsPattern("main\\s*\\|\\s*towns_pkey\\s*\\|\\s*index")
                .containsPattern("main\\s*\\|\\s*town_names\\s*\\|\\s*view")
                .contains("Stats target | Description")
                .containsPattern("id\\s*\\|\\s*integer\\s*\\|\\s*\\|\\s*not null\\s*\\|\\s*\\|\\s*plain")
                .containsPattern("name\\s*\\|\\s*character varying\\s*\\|.*\\|\\s*extended")
                .contains("Access method: heap")
                .contains("View \"main.town_names\"");
        // a table without keys has no Indexes section, and psql's \di lists no table or view
        String notes = output.substring(output.indexOf("Table \"main.notes\""));
        assertThat(notes.substring(0, notes.indexOf("List of relations"))).doesNotContain("Indexes:");
        assertThat(output).doesNotContainPattern("notes\\s*\\|\\s*table\\s*\\|\\s*quiver\\s*\\|");
    }

    @Test
    void psqlListsFunctionsSchemasAndTheDatabase() throws Exception {
        String output = psql(
                "alice secret",
                "CREATE FUNCTION miles(km DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$ return km / 1.609 $$",
                "\\df",
                "\\df+ miles",
                "\\dfS upper",
                "\\dfa",
                "\\dn",
                "\\l");
        assertThat(output)
                .containsPattern("main\\s*\\|\\s*miles\\s*\\|\\s*DOUBLE\\s*\\|\\s*km DOUBLE\\s*\\|\\s*func")
                .containsPattern("miles\\s*\\|.*\\|\\s*plpython3u\\s*\\|\\s*return km / 1.609")
                .containsPattern("pg_catalog\\s*\\|\\s*upper\\s*\\|\\s*VARCHAR\\s*\\|\\s*string\\s*\\|\\s*func")
                .contains("List of schemas")
                .containsPattern("main\\s*\\|\\s*alice")
                .contains("List of databases")
                .containsPattern("quiver\\s*\\|\\s*alice\\s*\\|\\s*UTF8")
                .doesNotContain("ERROR");
        // \df lists no built-in: they are in pg_catalog, which \df leaves out
        int first = output.indexOf("List of functions");
        String df = output.substring(first, output.indexOf("List of functions", first + 1));
        assertThat(df).contains("miles").doesNotContain("pg_catalog");
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        String output = psql("wrong", "SELECT 1");
        assertThat(output).contains("authentication failed").doesNotContain("(1 row)");
    }

    @Test
    void psqlCopiesAClientFileInAndATableOut(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("rivers.csv");
        Files.writeString(file, "name,km\nLoire,1006\n\"Rhône, the\",812\nSeine,\n");
        String output = psql(
                "alice secret",
                "CREATE TABLE rivers (name VARCHAR, km INTEGER)",
                "\\copy rivers from '" + file + "' with (format csv, header true)",
                "\\copy (SELECT name, km FROM rivers ORDER BY name) to stdout with csv",
                "\\copy rivers to stdout");
        assertThat(output)
                .contains("COPY 3")
                .contains("Loire,1006\n\"Rhône, the\",812\nSeine,\n")
                .contains("Seine\t\\N\n");
    }
}
