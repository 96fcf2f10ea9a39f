package dev.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.server.auth.Role;
import dev.quiver.server.auth.UsersFile;
import dev.quiver.server.session.ServerLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a remote client sees it, through Arrow's stock Flight SQL JDBC driver: logins and
 * roles, every type, prepared statements, metadata, cancel, errors with their SQLSTATE.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightSqlJdbcTest {
    /** Fast hashes for tests; real users get {@code PasswordHash.DEFAULT_ITERATIONS}. */
    static final int TEST_ITERATIONS = 1_000;

    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    Path shared;
    QuiverServer server;

    @BeforeAll
    void start(@TempDir Path directory) throws IOException {
        shared = Files.createDirectories(directory.resolve("shared"));
        Files.writeString(shared.resolve("cities.csv"), "city,people\nLyon,520000\nNantes,320000\n");
        Files.writeString(directory.resolve("secret.csv"), "key\nhunter2\n");
        Path users = directory.resolve("users");
        UsersFile.setPassword(users, "alice", Role.ADMIN, "alice-secret".toCharArray(), TEST_ITERATIONS);
        UsersFile.setPassword(users, "wendy", Role.WRITER, "wendy-secret".toCharArray(), TEST_ITERATIONS);
        UsersFile.setPassword(users, "rita", Role.READER, "rita-secret".toCharArray(), TEST_ITERATIONS);
        server = QuiverServer.start(
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
                        List.of(shared)),
                new ServerLog(new PrintStream(logged, true, StandardCharsets.UTF_8), ServerLog.Level.STATEMENTS));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:" + server.port()
                + "/?useEncryption=false&user=" + user + "&password=" + password);
    }

    /** Every result batch on its way to a client is freed once the call ends: a leak test per test. */
    @AfterEach
    void resultMemoryIsFreed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.flightMemory() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.flightMemory()).isZero();
    }

    String log() {
        return logged.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyTypeRoundTripsThroughPreparedStatementsAndResults() throws SQLException {
        try (Connection connection = connect("alice", "alice-secret");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE every_type (b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INTEGER,"
                    + " i64 BIGINT, f32 REAL, f64 DOUBLE, amount DECIMAL(10,2), s VARCHAR, d DATE, ts TIMESTAMP)");
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO every_type VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setBoolean(1, true);
                insert.setByte(2, (byte) -8);
                insert.setShort(3, (short) 1600);
                insert.setInt(4, 320_000);
                insert.setLong(5, 6_400_000_000L);
                insert.setFloat(6, 3.5f);
                insert.setDouble(7, 2.25);
                insert.setBigDecimal(8, new BigDecimal("12345678.91"));
                insert.setString(9, "grüße, 'quoted'; DROP TABLE every_type");
                insert.setDate(10, Date.valueOf("2026-12-06"));
                insert.setTimestamp(11, Timestamp.valueOf("2026-12-06 07:08:09.123"));
                assertThat(insert.executeUpdate()).isEqualTo(1);
                int[] types = {
                    Types.BOOLEAN,
                    Types.TINYINT,
                    Types.SMALLINT,
                    Types.INTEGER,
                    Types.BIGINT,
                    Types.REAL,
                    Types.DOUBLE,
                    Types.DECIMAL,
                    Types.VARCHAR,
                    Types.DATE,
                    Types.TIMESTAMP
                };
                for (int index = 1; index <= 11; index++) {
                    insert.setNull(index, types[index - 1]);
                }
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT * FROM every_type ORDER BY i32 NULLS LAST")) {
                assertThat(rows.getMetaData().getColumnCount()).isEqualTo(11);
                assertThat(rows.next()).isTrue();
                assertThat(rows.getBoolean("b")).isTrue();
                assertThat(rows.getByte("i8")).isEqualTo((byte) -8);
                assertThat(rows.getShort("i16")).isEqualTo((short) 1600);
                assertThat(rows.getInt("i32")).isEqualTo(320_000);
                assertThat(rows.getLong("i64")).isEqualTo(6_400_000_000L);
                assertThat(rows.getFloat("f32")).isEqualTo(3.5f);
                assertThat(rows.getDouble("f64")).isEqualTo(2.25);
                assertThat(rows.getBigDecimal("amount")).isEqualByComparingTo("12345678.91");
                assertThat(rows.getString("s")).isEqualTo("grüße, 'quoted'; DROP TABLE every_type");
                assertThat(rows.getDate("d").toLocalDate()).hasToString("2026-12-06");
                assertThat(rows.getTimestamp("ts").toLocalDateTime()).hasToString("2026-12-06T07:08:09.123");
                assertThat(rows.next()).isTrue();
                for (int column = 1; column <= 11; column++) {
                    assertThat(rows.getObject(column)).as("column %d", column).isNull();
                }
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void preparedQueriesBindTypedParametersAgainAndAgain() throws SQLException {
        try (Connection connection = connect("wendy", "wendy-secret")) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE numbers AS SELECT range AS n FROM range(100)");
            }
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT count(*) AS c, sum(n) AS s FROM numbers WHERE n >= ?")) {
                for (int bound : new int[] {0, 50, 99, 1000}) {
                    query.setLong(1, bound);
                    try (ResultSet rows = query.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getLong("c")).isEqualTo(Math.max(0, 100 - bound));
                    }
                }
            }
        }
    }

    /**
     * A prepared query runs on the plan its first execution made (the engine's prepared path) and
     * still sees every change: rows inserted, deleted or updated between executions, by this
     * connection or another, a column added, the table dropped and created again.
     */
    @Test
    void preparedQueriesSeeChangesBetweenExecutions() throws SQLException {
        try (Connection connection = connect("wendy", "wendy-secret");
                Connection other = connect("wendy", "wendy-secret");
                Statement statement = connection.createStatement();
                Statement otherStatement = other.createStatement()) {
            statement.executeUpdate(
                    "CREATE TABLE prepared_points AS SELECT range AS id, 'p' || range AS name" + " FROM range(50)");
            try (PreparedStatement point = connection.prepareStatement("SELECT * FROM prepared_points WHERE id = ?")) {
                for (long id = 0; id < 50; id += 7) {
                    assertThat(JdbcRows.of(point, id)).containsExactly(id + ",p" + id);
                }
                assertThat(JdbcRows.of(point, 50L)).isEmpty();
                otherStatement.executeUpdate("INSERT INTO prepared_points VALUES (50, 'inserted')");
                assertThat(JdbcRows.of(point, 50L)).containsExactly("50,inserted");
                statement.executeUpdate("UPDATE prepared_points SET name = 'updated' WHERE id = 3");
                assertThat(JdbcRows.of(point, 3L)).containsExactly("3,updated");
                otherStatement.executeUpdate("DELETE FROM prepared_points WHERE id = 3");
                assertThat(JdbcRows.of(point, 3L)).isEmpty();
                statement.executeUpdate("ALTER TABLE prepared_points ADD COLUMN note VARCHAR DEFAULT 'added'");
                assertThat(JdbcRows.of(point, 4L)).containsExactly("4,p4,added");
                otherStatement.executeUpdate("DROP TABLE prepared_points");
                assertThatThrownBy(() -> JdbcRows.of(point, 4L)).hasMessageContaining("prepared_points");
                otherStatement.executeUpdate(
                        "CREATE TABLE prepared_points AS SELECT range * 10 AS id, 'again' AS name FROM range(3)");
                assertThat(JdbcRows.of(point, 20L)).containsExactly("20,again");
                assertThat(JdbcRows.of(point, 4L)).isEmpty();
            }
        }
    }

    @Test
    void metadataListsTablesColumnsSchemasAndTypes() throws SQLException {
        try (Connection connection = connect("alice", "alice-secret")) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE listed (id INTEGER NOT NULL, name VARCHAR)");
            }
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(metadata.getDatabaseProductName()).isEqualTo("Quiver");
            try (ResultSet tables = metadata.getTables(null, null, "list%", null)) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString("TABLE_SCHEM")).isEqualTo("main");
                assertThat(tables.getString("TABLE_NAME")).isEqualTo("listed");
                assertThat(tables.getString("TABLE_TYPE")).isEqualTo("TABLE");
                assertThat(tables.next()).isFalse();
            }
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns(null, null, "listed", null)) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME") + " " + rows.getInt("DATA_TYPE"));
                }
            }
            assertThat(columns).containsExactly("id " + Types.INTEGER, "name " + Types.VARCHAR);
            try (ResultSet schemas = metadata.getSchemas()) {
                assertThat(schemas.next()).isTrue();
                assertThat(schemas.getString("TABLE_SCHEM")).isEqualTo("main");
            }
            try (ResultSet types = metadata.getTableTypes()) {
                assertThat(types.next()).isTrue();
                assertThat(types.getString(1)).isEqualTo("TABLE");
                assertThat(types.next()).isTrue();
                assertThat(types.getString(1)).isEqualTo("VIEW");
            }
            try (ResultSet keys = metadata.getPrimaryKeys(null, null, "listed")) {
                assertThat(keys.next()).isFalse();
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(
                        "CREATE TABLE listed_keyed (shop VARCHAR, sku INTEGER, PRIMARY KEY (shop, sku))");
            }
            List<String> keyColumns = new ArrayList<>();
            try (ResultSet keys = metadata.getPrimaryKeys(null, "main", "listed_keyed")) {
                while (keys.next()) {
                    keyColumns.add(keys.getString("COLUMN_NAME") + ":" + keys.getInt("KEY_SEQ") + ":"
                            + keys.getString("PK_NAME"));
                }
            }
            assertThat(keyColumns).containsExactly("shop:1:listed_keyed_pkey", "sku:2:listed_keyed_pkey");
            Path shop = shared.getParent().resolve("listed_shop.duckdb");
            try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + shop);
                    Statement statement = duckdb.createStatement()) {
                statement.execute("CREATE TABLE stock (sku VARCHAR, units INTEGER)");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ATTACH '" + shop + "' AS listed_shop");
                statement.execute("CREATE VIEW listed_view AS SELECT id FROM listed");
            }
            List<String> listed = new ArrayList<>();
            try (ResultSet tables = metadata.getTables(null, null, "%", null)) {
                while (tables.next()) {
                    listed.add(tables.getString("TABLE_CAT") + "." + tables.getString("TABLE_SCHEM") + "."
                            + tables.getString("TABLE_NAME") + " " + tables.getString("TABLE_TYPE"));
                }
            }
            assertThat(listed)
                    .contains("null.main.listed TABLE", "null.main.listed_view VIEW", "listed_shop.main.stock TABLE");
            List<String> stockColumns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns("listed_shop", null, "stock", null)) {
                while (rows.next()) {
                    stockColumns.add(rows.getString("COLUMN_NAME"));
                }
            }
            assertThat(stockColumns).containsExactly("sku", "units");
            List<String> catalogs = new ArrayList<>();
            try (ResultSet rows = metadata.getCatalogs()) { // GetCatalogs: attached databases by alias
                while (rows.next()) {
                    catalogs.add(rows.getString("TABLE_CAT"));
                }
            }
            assertThat(catalogs).contains("listed_shop");
        }
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameError() {
        assertThatThrownBy(() -> connect("alice", "wrong-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("authentication failed");
        assertThatThrownBy(() -> connect("mallory", "alice-secret").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("authentication failed");
        assertThat(log()).contains("failed login user=alice reason=wrong password");
        assertThat(log()).contains("failed login user=mallory reason=unknown user");
        assertThat(log()).doesNotContain("wrong-password");
    }

    @Test
    void aReaderMayQueryButNotCreateFunctionsOrWrite() throws SQLException {
        try (Connection admin = connect("alice", "alice-secret");
                Statement statement = admin.createStatement()) {
            statement.executeUpdate(
                    "CREATE FUNCTION twice(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return 2 * x $$");
        }
        try (Connection reader = connect("rita", "rita-secret");
                Statement statement = reader.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT twice(range) AS t FROM range(5) ORDER BY t")) {
                List<Long> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getLong(1));
                }
                assertThat(values).containsExactly(0L, 2L, 4L, 6L, 8L);
            }
            assertThatThrownBy(() -> statement.executeUpdate(
                            "CREATE FUNCTION evil() RETURNS BIGINT LANGUAGE PYTHON AS $$ import os; return 1 $$"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("[42501] permission denied: user rita has role reader")
                    .hasMessageContaining("needs role admin");
            assertThatThrownBy(() -> statement.executeUpdate("CREATE TABLE nope (x INTEGER)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("needs role writer");
        }
        try (Connection writer = connect("wendy", "wendy-secret");
                Statement statement = writer.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("DROP FUNCTION twice"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("needs role admin");
            assertThatThrownBy(() -> statement.execute("ATTACH '" + shared.resolve("other.duckdb") + "' AS other"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("needs role admin");
        }
    }

    @Test
    void errorsCarryQuiversMessageAndSqlState() throws SQLException {
        try (Connection connection = connect("rita", "rita-secret");
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("[42P01]")
                    .hasMessageContaining("no_such_table");
            assertThatThrownBy(() -> statement.executeQuery("SELECT CAST(range AS VARCHAR) || 'x' AS s,"
                            + " CAST(CAST(range AS VARCHAR) || 'x' AS INTEGER) AS bad FROM range(3)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("[22018]");
            try (ResultSet rows = statement.executeQuery("SELECT 42")) { // the connection goes on
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void aLargeResultStreamsInBatches() throws SQLException {
        try (Connection connection = connect("rita", "rita-secret");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT range AS n FROM range(2000000)")) {
            long count = 0;
            long sum = 0;
            while (rows.next()) {
                count++;
                sum += rows.getLong(1);
            }
            assertThat(count).isEqualTo(2_000_000);
            assertThat(sum).isEqualTo(2_000_000L * 1_999_999 / 2);
        }
    }

    @Test
    void closingAResultEarlyCancelsItsQuery() throws Exception {
        try (Connection connection = connect("rita", "rita-secret");
                Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            try (ResultSet rows = statement.executeQuery("SELECT range AS n FROM range(1000000000)")) {
                assertThat(rows.next()).isTrue();
            }
            CompletableFuture<Void> cancelled = CompletableFuture.runAsync(() -> {
                try (ResultSet rows = statement.executeQuery("SELECT range FROM range(1000000000)")) {
                    rows.next();
                    statement.cancel();
                    while (rows.next()) {
                        // the driver stops delivering once cancelled
                    }
                } catch (SQLException e) {
                    // cancelled: expected
                }
            });
            cancelled.get(60, TimeUnit.SECONDS);
            // a billion rows would take minutes: both queries stopped with their streams
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        }
        try (Connection connection = connect("rita", "rita-secret");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertThat(rows.next()).isTrue();
        }
        waitForLog("error=CANCELLED");
    }

    void waitForLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!log().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(log()).contains(text);
    }

    @Test
    void onlyAdminsReadFilesOutsideTheAllowedDirectories() throws SQLException {
        String allowed = shared.resolve("cities.csv").toString();
        String secret = shared.getParent().resolve("secret.csv").toString();
        try (Connection connection = connect("rita", "rita-secret");
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT sum(people) FROM read_csv('" + allowed + "')")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(840_000);
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM read_csv('" + secret + "')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("[42501] permission denied: user rita may not read");
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM read_csv('" + shared + "/../secret.csv')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("[42501]");
            assertThatThrownBy(() -> connection.prepareStatement("SELECT * FROM read_csv(?)"))
                    .isInstanceOf(SQLException.class)
                    .hasStackTraceContaining("[42501]") // the driver puts the server's message in the cause
                    .hasStackTraceContaining("string literal");
        }
        String copied = shared.resolve("copied.csv").toString();
        String outside = shared.getParent().resolve("copied.csv").toString();
        try (Connection connection = connect("rita", "rita-secret");
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("COPY (SELECT 1 AS n) TO '" + copied + "'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("[42501]")
                    .hasMessageContaining("reader");
        }
        try (Connection connection = connect("wendy", "wendy-secret");
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("COPY (SELECT 7 AS n) TO '" + copied + "' (HEADER)"))
                    .isEqualTo(1);
            assertThatThrownBy(() -> statement.executeUpdate("COPY (SELECT 7 AS n) TO '" + outside + "'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("[42501] permission denied: user wendy may not write");
            assertThatThrownBy(() -> statement.executeUpdate("COPY nothing FROM '" + secret + "'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("[42501] permission denied: user wendy may not read");
        }
        assertThat(Files.exists(Path.of(outside))).isFalse();
        try (Connection connection = connect("alice", "alice-secret");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM read_csv('" + secret + "')")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("hunter2");
        }
    }
}
