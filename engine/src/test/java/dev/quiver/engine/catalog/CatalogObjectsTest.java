package dev.quiver.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas, sequences and TEMP objects where SQL files cannot reach: TEMP objects per JDBC
 * connection, what survives reopening a database file, and nextval from many sessions at once.
 */
class CatalogObjectsTest {
    private static final QuiverConfig CONFIG =
            QuiverConfig.defaults().withThreads(2).withInterpreters(1);

    @TempDir
    Path directory;

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    private static void run(Session session, String sql) {
        session.execute(sql).close();
    }

    private static List<Object> column(Statement statement, String sql) throws SQLException {
        List<Object> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getObject(1));
            }
        }
        return values;
    }

    @Test
    void tempObjectsBelongToTheirJdbcConnectionAndEndWithIt() throws Exception {
        String url = "jdbc:quiver:" + directory.resolve("temp.duckdb") + "?threads=2";
        try (Connection first = DriverManager.getConnection(url);
                Connection second = DriverManager.getConnection(url);
                Statement one = first.createStatement();
                Statement two = second.createStatement()) {
            one.execute("CREATE TABLE shared AS SELECT 1 AS a");
            one.execute("CREATE TEMP TABLE shared AS SELECT 2 AS a");
            one.execute("CREATE TEMP TABLE mine AS SELECT 3 AS a");
            one.execute("CREATE TEMP VIEW my_view AS SELECT 4 AS a");
            one.execute("CREATE TEMP MACRO my_macro(x) AS x + 1");
            one.execute("CREATE TEMP SEQUENCE my_sequence");

            assertThat(column(one, "SELECT a FROM shared")).containsExactly(2); // TEMP first
            assertThat(column(two, "SELECT a FROM shared")).containsExactly(1); // the other sees main's
            // main.x looks at the TEMP objects first, as DuckDB's search path does; memory.main.x does not
            assertThat(column(one, "SELECT a FROM main.shared")).containsExactly(2);
            assertThat(column(one, "SELECT a FROM memory.main.shared")).containsExactly(1);
            for (String invisible : List.of(
                    "SELECT * FROM mine",
                    "SELECT * FROM temp.mine",
                    "SELECT * FROM my_view",
                    "SELECT my_macro(1)",
                    "SELECT nextval('my_sequence')")) {
                assertThatThrownBy(() -> two.executeQuery(invisible))
                        .as(invisible)
                        .isInstanceOf(SQLException.class);
            }
            // the other connection may make TEMP objects of the same names
            two.execute("CREATE TEMP TABLE mine AS SELECT 30 AS a");
            assertThat(column(two, "SELECT a FROM mine")).containsExactly(30);
            assertThat(column(one, "SELECT a FROM mine")).containsExactly(3);
            assertThat(column(one, "SELECT my_macro(1)")).containsExactly(2);
            // listings: SHOW TABLES shows one's own, duckdb_tables() says TEMP ones are in database temp
            assertThat(column(one, "SHOW TABLES")).containsExactly("mine", "my_view", "shared", "shared");
            assertThat(column(two, "SHOW TABLES")).containsExactly("mine", "shared");
            assertThat(column(
                            one,
                            "SELECT database_name || '.' || schema_name || '.' || table_name FROM duckdb_tables()"
                                    + " ORDER BY 1"))
                    .containsExactly("memory.main.shared", "temp.main.mine", "temp.main.shared");
            // the JDBC metadata lists what every connection shares
            try (ResultSet tables = second.getMetaData().getTables(null, null, "%", null)) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString("TABLE_NAME"));
                }
                assertThat(names).containsExactly("shared");
            }
        }
        // closing the connection dropped its TEMP objects; nothing TEMP reached the file
        try (Connection again = DriverManager.getConnection(url);
                Statement statement = again.createStatement()) {
            assertThat(column(statement, "SELECT a FROM shared")).containsExactly(1);
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM mine"))
                    .isInstanceOf(SQLException.class);
            statement.execute("CREATE TEMP TABLE mine (a INTEGER)"); // the name is free again
        }
    }

    @Test
    void aSessionsTempTablesAreDroppedWhenItCloses() {
        try (Quiver quiver = Quiver.open(CONFIG)) {
            try (Session session = quiver.newSession()) {
                run(session, "CREATE TEMP TABLE scratch AS SELECT range AS n FROM range(1000)");
                try (Session sibling = session.sibling()) {
                    assertThat(rows(sibling, "SELECT count(*) FROM scratch")).containsExactly(List.of(1000L));
                }
                // closing a sibling (a JDBC statement) keeps the connection's TEMP table
                assertThat(rows(session, "SELECT count(*) FROM scratch")).containsExactly(List.of(1000L));
            }
            assertThat(quiver.catalog().tables()).isEmpty(); // its memory is freed with it
        }
    }

    @Test
    void tempTablesCommitAndRollBackWithTransactions() {
        try (Quiver quiver = Quiver.open(CONFIG);
                Session session = quiver.newSession()) {
            run(session, "BEGIN");
            run(session, "CREATE TEMP TABLE scratch (n INTEGER)");
            run(session, "INSERT INTO scratch VALUES (1)");
            run(session, "ROLLBACK");
            assertThatThrownBy(() -> rows(session, "SELECT * FROM scratch")).isInstanceOf(QuiverException.class);
            run(session, "CREATE TEMP TABLE scratch (n INTEGER)");
            run(session, "BEGIN");
            run(session, "INSERT INTO scratch VALUES (1), (2)");
            run(session, "COMMIT");
            assertThat(rows(session, "SELECT sum(n) FROM scratch")).containsExactly(List.of(3L));
        }
    }

    @Test
    void schemasSequencesAndTheirObjectsSurviveReopeningAndTempObjectsDoNot() {
        Path path = directory.resolve("catalog.duckdb");
        try (Quiver quiver = Quiver.open(path, CONFIG);
                Session session = quiver.newSession()) {
            run(session, "CREATE SCHEMA sales");
            run(session, "CREATE SCHEMA unused");
            run(session, "CREATE SEQUENCE sales.order_ids START 100");
            run(session, "CREATE TABLE sales.orders (id BIGINT DEFAULT nextval('sales.order_ids'), item VARCHAR)");
            run(session, "INSERT INTO sales.orders (item) VALUES ('nail'), ('hammer')");
            run(session, "ALTER TABLE sales.orders RENAME TO purchases");
            run(session, "CREATE VIEW sales.big AS SELECT * FROM sales.purchases WHERE id > 100");
            run(session, "CREATE TABLE orders AS SELECT 'main' AS item"); // main's, same name
            run(session, "CREATE SEQUENCE plain INCREMENT BY 5");
            assertThat(rows(session, "SELECT nextval('plain') FROM range(3)"))
                    .containsExactly(List.of(1L), List.of(6L), List.of(11L));
            run(session, "CREATE SEQUENCE unused_sequence");
            run(session, "CREATE TEMP TABLE scratch (n INTEGER)");
            run(session, "CREATE TEMP SEQUENCE scratch_ids");
        }
        try (Quiver quiver = Quiver.open(path, CONFIG);
                Session session = quiver.newSession()) {
            assertThat(rows(session, "SELECT id, item FROM sales.purchases ORDER BY id"))
                    .containsExactly(List.of(100L, "nail"), List.of(101L, "hammer"));
            assertThat(rows(session, "SELECT item FROM orders")).containsExactly(List.of("main"));
            // the sequences go on after the last value handed out
            run(session, "INSERT INTO sales.purchases (item) VALUES ('saw')");
            assertThat(rows(session, "SELECT max(id) FROM sales.purchases")).containsExactly(List.of(102L));
            assertThat(rows(session, "SELECT nextval('plain')")).containsExactly(List.of(16L));
            assertThat(rows(session, "SELECT currval('plain')")).containsExactly(List.of(16L));
            assertThatThrownBy(() -> rows(session, "SELECT currval('unused_sequence')"))
                    .isInstanceOf(QuiverException.class)
                    .hasMessageContaining("currval: sequence is not yet defined in this session");
            assertThat(rows(
                            session,
                            "SELECT schema_name, sequence_name, last_value FROM duckdb_sequences() ORDER BY 1, 2"))
                    .containsExactly(
                            List.of("main", "plain", 16L),
                            java.util.Arrays.asList("main", "unused_sequence", null),
                            List.of("sales", "order_ids", 102L));
            assertThat(rows(session, "SELECT item FROM sales.big ORDER BY id"))
                    .containsExactly(List.of("hammer"), List.of("saw"));
            assertThat(quiver.catalog().schemas()).containsExactly("sales", "unused");
            assertThatThrownBy(() -> rows(session, "SELECT * FROM scratch")).isInstanceOf(QuiverException.class);
            assertThatThrownBy(() -> rows(session, "SELECT nextval('scratch_ids')"))
                    .isInstanceOf(QuiverException.class);
            assertThatThrownBy(() -> run(session, "DROP SCHEMA sales"))
                    .isInstanceOf(QuiverException.class)
                    .extracting(e -> ((QuiverException) e).code())
                    .isEqualTo(ErrorCode.DEPENDENT_OBJECTS);
            run(session, "DROP SCHEMA sales CASCADE");
            run(session, "DROP SCHEMA unused");
        }
        try (Quiver quiver = Quiver.open(path, CONFIG);
                Session session = quiver.newSession()) {
            assertThat(quiver.catalog().schemas()).isEmpty();
            assertThat(quiver.catalog().sequences())
                    .extracting(Sequence::name)
                    .containsExactly("plain", "unused_sequence");
            assertThat(rows(session, "SHOW TABLES")).containsExactly(List.of("orders"));
        }
    }

    @Test
    void concurrentNextvalNeverHandsOutAValueTwice() throws Exception {
        Path path = directory.resolve("sequence.duckdb");
        int sessions = 8;
        int rounds = 20;
        int rowsPerRound = 500;
        try (Quiver quiver = Quiver.open(path, CONFIG)) {
            try (Session session = quiver.newSession()) {
                run(session, "CREATE SEQUENCE shared_ids");
                run(session, "CREATE TABLE numbered (id BIGINT DEFAULT nextval('shared_ids'), n INTEGER)");
            }
            ExecutorService threads = Executors.newFixedThreadPool(sessions);
            try {
                List<Future<List<Long>>> taken = new ArrayList<>();
                for (int index = 0; index < sessions; index++) {
                    int sessionNumber = index;
                    taken.add(threads.submit(() -> {
                        List<Long> values = new ArrayList<>();
                        try (Session session = quiver.newSession()) {
                            for (int round = 0; round < rounds; round++) {
                                if ((round + sessionNumber) % 2 == 0) {
                                    for (List<Object> row : rows(
                                            session, "SELECT nextval('shared_ids') FROM range(" + rowsPerRound + ")")) {
                                        values.add((Long) row.getFirst());
                                    }
                                } else {
                                    run(
                                            session,
                                            "INSERT INTO numbered (n) SELECT range FROM range(" + rowsPerRound + ")");
                                }
                            }
                        }
                        return values;
                    }));
                }
                Set<Long> seen = new HashSet<>();
                for (Future<List<Long>> future : taken) {
                    for (Long value : future.get()) {
                        assertThat(seen.add(value))
                                .as("value %d handed out twice", value)
                                .isTrue();
                    }
                }
                try (Session session = quiver.newSession()) {
                    for (List<Object> row : rows(session, "SELECT id FROM numbered")) {
                        assertThat(seen.add((Long) row.getFirst()))
                                .as("id %s handed out twice", row)
                                .isTrue();
                    }
                    long total = (long) sessions * rounds * rowsPerRound;
                    assertThat(seen).hasSize((int) total);
                    assertThat(rows(session, "SELECT min(id), max(id), count(DISTINCT id) FROM numbered"))
                            .hasSize(1);
                    assertThat(rows(session, "SELECT currval('shared_ids')")).containsExactly(List.of(total));
                }
            } finally {
                threads.shutdownNow();
            }
        }
        try (Quiver quiver = Quiver.open(path, CONFIG);
                Session session = quiver.newSession()) {
            long total = (long) sessions * rounds * rowsPerRound;
            assertThat(rows(session, "SELECT nextval('shared_ids')")).containsExactly(List.of(total + 1));
        }
    }
}
