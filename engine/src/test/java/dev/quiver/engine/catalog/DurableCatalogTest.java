package dev.quiver.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database opened at a PATH keeps its tables and function definitions across close and reopen. */
class DurableCatalogTest {
    private static final QuiverConfig CONFIG =
            QuiverConfig.defaults().withThreads(2).withInterpreters(1);

    @TempDir
    Path directory;

    private Path database() {
        return directory.resolve("db.duckdb");
    }

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    private static long update(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.updateCount();
        }
    }

    @Test
    void viewsSurviveReopeningAndTempViewsDoNot() {
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            update(session, "CREATE TABLE t (n INTEGER)");
            update(session, "INSERT INTO t VALUES (1), (2), (3)");
            update(session, "CREATE VIEW odd (value) AS SELECT n FROM t WHERE n % 2 = 1");
            update(session, "CREATE VIEW odd_count AS SELECT count(*) AS c FROM odd"); // a view of a view
            update(session, "CREATE TEMP VIEW scratch AS SELECT 1 AS x");
            update(session, "CREATE VIEW doomed AS SELECT n FROM t");
            update(session, "DROP VIEW doomed");
        }
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            assertThat(rows(session, "SELECT value FROM odd ORDER BY value")).containsExactly(List.of(1), List.of(3));
            assertThat(rows(session, "SELECT c FROM odd_count")).containsExactly(List.of(2L));
            assertThat(quiver.catalog().views())
                    .extracting(ViewDefinition::name)
                    .containsExactly("odd", "odd_count");
        }
    }

    @Test
    void macrosSurviveReopeningAndTempMacrosDoNot() {
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            update(session, "CREATE TABLE t (n INTEGER)");
            update(session, "INSERT INTO t VALUES (1), (2), (3)");
            update(session, "CREATE MACRO add_default(a, b := 5) AS a + b");
            update(session, "CREATE MACRO below(limit_value) AS TABLE SELECT n FROM t WHERE n < limit_value");
            update(session, "CREATE VIEW shifted AS SELECT add_default(n) AS s FROM t"); // a view using a macro
            update(session, "CREATE TEMP MACRO scratch(x) AS x");
            update(session, "CREATE MACRO doomed(x) AS x");
            update(session, "DROP MACRO doomed");
            update(session, "CREATE OR REPLACE MACRO add_default(a, b := 10) AS a + b");
        }
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            assertThat(rows(session, "SELECT add_default(1), add_default(1, 2)"))
                    .containsExactly(List.of(11, 3));
            assertThat(rows(session, "SELECT count(*) FROM below(3)")).containsExactly(List.of(2L));
            assertThat(rows(session, "SELECT s FROM shifted ORDER BY s"))
                    .containsExactly(List.of(11), List.of(12), List.of(13));
            assertThat(quiver.catalog().macros().macros())
                    .extracting(MacroDefinition::name)
                    .containsExactly("add_default", "below");
            assertThatThrownBy(() -> rows(session, "SELECT scratch(1)"))
                    .isInstanceOf(QuiverException.class)
                    .hasMessageContaining("scratch");
        }
    }

    @Test
    void namesKeepTheirCaseAcrossReopeningAndMatchIgnoringIt() {
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            update(session, "CREATE TABLE Orders (OrderId INTEGER, \"CustName\" VARCHAR)");
            update(session, "INSERT INTO orders VALUES (1, 'ann')");
            update(session, "CREATE VIEW BigOrders AS SELECT OrderId FROM ORDERS");
        }
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            try (QueryResult result = session.execute("SELECT * FROM orders")) {
                assertThat(result.fields()).extracting(field -> field.getName()).containsExactly("OrderId", "CustName");
                assertThat(result.rows()).containsExactly(List.of(1, "ann"));
            }
            assertThat(rows(session, "SELECT ORDERID FROM bigorders")).containsExactly(List.of(1));
            assertThat(quiver.catalog().tables()).extracting(MemoryTable::name).containsExactly("Orders");
            assertThat(quiver.catalog().views())
                    .extracting(ViewDefinition::name)
                    .containsExactly("BigOrders");
            assertThatThrownBy(() -> update(session, "CREATE TABLE ORDERS (x INTEGER)"))
                    .isInstanceOf(QuiverException.class)
                    .hasMessageContaining("already exists");
        }
    }

    @Test
    void tablesOfEveryTypeSurviveReopening() {
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            update(
                    session,
                    "CREATE TABLE typed (b BOOLEAN, t TINYINT, s SMALLINT, i INTEGER NOT NULL, l BIGINT, r REAL,"
                            + " d DOUBLE, m DECIMAL(12, 3), v VARCHAR, y VARBINARY, dt DATE, ts TIMESTAMP)");
            assertThat(
                            update(
                                    session,
                                    "INSERT INTO typed VALUES (true, -8, 300, 1, 9000000000, 1.5, 2.25, 123456789.125,"
                                            + " 'it''s 日本', x'CAFE', DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.123456')"))
                    .isEqualTo(1);
            update(session, "INSERT INTO typed (i) VALUES (2)");
        }
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            List<List<Object>> rows = rows(session, "SELECT * FROM typed ORDER BY i");
            assertThat(rows.getFirst().get(9)).isEqualTo(new byte[] {(byte) 0xCA, (byte) 0xFE});
            rows.getFirst().set(9, "bytes checked");
            assertThat(rows)
                    .containsExactly(
                            List.of(
                                    true,
                                    (byte) -8,
                                    (short) 300,
                                    1,
                                    9_000_000_000L,
                                    1.5f,
                                    2.25,
                                    new BigDecimal("123456789.125"),
                                    "it's 日本",
                                    "bytes checked",
                                    LocalDate.of(2024, 2, 29),
                                    LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000)),
                            nullsBut(12, 3, 2));
            MemoryTable typed = quiver.catalog().table("typed").orElseThrow();
            assertThat(typed.schema().findField("i").isNullable()).isFalse();
            assertThat(typed.schema().findField("m").getType().toString()).isEqualTo("Decimal(12, 3, 128)");
            assertThatThrownBy(() -> session.execute("INSERT INTO typed (l) VALUES (1)"))
                    .isInstanceOf(QuiverException.class)
                    .hasMessageContaining("does not allow NULLs");
        }
    }

    private static List<Object> nullsBut(int size, int index, Object value) {
        List<Object> row = new ArrayList<>();
        for (int column = 0; column < size; column++) {
            row.add(column == index ? value : null);
        }
        return row;
    }

    @Test
    void createTableAsInsertDropAndReplaceAreStored() {
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            update(session, "CREATE TABLE numbers AS SELECT range AS n FROM range(100000)");
            update(session, "INSERT INTO numbers SELECT n + 100000 FROM numbers WHERE n < 10");
            update(session, "CREATE TABLE gone (a INTEGER)");
            update(session, "DROP TABLE gone");
            update(session, "CREATE TABLE replaced (a INTEGER)");
            update(session, "CREATE OR REPLACE TABLE replaced AS SELECT 'x' AS label");
        }
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            assertThat(rows(session, "SELECT count(*), sum(n), max(n) FROM numbers"))
                    .containsExactly(List.of(100_010L, 4_999_950_000L + 1_000_045L, 100_009L));
            assertThat(rows(session, "SHOW TABLES")).containsExactly(List.of("numbers"), List.of("replaced"));
            assertThat(rows(session, "SELECT * FROM replaced")).containsExactly(List.of("x"));
        }
    }

    @Test
    void theFileIsAnOrdinaryDuckDbDatabase() throws Exception {
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            update(session, "CREATE TABLE t AS SELECT range AS n FROM range(5)");
        }
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + database());
                Statement statement = duckdb.createStatement();
                ResultSet result = statement.executeQuery("SELECT sum(n) FROM t")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(10);
        }
    }

    @Test
    void aFailedWriteLeavesMemoryUnchanged() {
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            assertThatThrownBy(() -> session.execute("CREATE TABLE quiver_functions (a INTEGER)"))
                    .isInstanceOf(QuiverException.class)
                    .hasMessageContaining("reserved");
            assertThat(quiver.catalog().tables()).isEmpty();
        }
    }

    @Test
    void functionDefinitionsAreStored() {
        try (Quiver quiver = Quiver.open(database(), CONFIG)) {
            quiver.store()
                    .saveFunction("twice", "CREATE FUNCTION twice(x BIGINT) RETURNS BIGINT AS $$ return 2 * x $$");
            quiver.store().saveFunction("gone", "CREATE FUNCTION gone() RETURNS BIGINT AS $$ return 1 $$");
            quiver.store()
                    .saveFunction("twice", "CREATE FUNCTION twice(x BIGINT) RETURNS BIGINT AS $$ return x + x $$");
            quiver.store().dropFunction("gone");
        }
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            assertThat(quiver.store().functionDefinitions())
                    .containsExactly("CREATE FUNCTION twice(x BIGINT) RETURNS BIGINT AS $$ return x + x $$");
            assertThat(rows(session, "SHOW TABLES")).isEmpty(); // the function table is not a Quiver table
        }
    }

    @Test
    void functionNamesKeepTheirCaseAcrossReopeningAndMatchIgnoringIt() {
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            // as files written before names kept their case stored them
            quiver.store()
                    .saveFunction(
                            "legacy",
                            "CREATE FUNCTION legacy(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return x + 1 $$");
            update(session, "CREATE FUNCTION Twice(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return 2 * x $$");
            update(
                    session,
                    "CREATE OR REPLACE FUNCTION TWICE(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return x + x $$");
            update(session, "CREATE FUNCTION Gone() RETURNS BIGINT LANGUAGE PYTHON AS $$ return 1 $$");
            update(session, "DROP FUNCTION gone");
        }
        try (Quiver quiver = Quiver.open(database(), CONFIG);
                Session session = quiver.newSession()) {
            assertThat(quiver.catalog().functions().functions())
                    .extracting(PythonUdf::name)
                    .containsExactly("legacy", "TWICE");
            assertThat(quiver.store().functionDefinitions()).hasSize(2);
            assertThat(rows(session, "SELECT twice(3), Legacy(1), LEGACY(2)")).containsExactly(List.of(6L, 2L, 3L));
            assertThatThrownBy(() -> update(
                            session,
                            "CREATE FUNCTION twice(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return x $$"))
                    .isInstanceOf(QuiverException.class)
                    .hasMessageContaining("already exists");
            update(session, "DROP FUNCTION Legacy");
        }
        try (Quiver quiver = Quiver.open(database(), CONFIG)) {
            assertThat(quiver.catalog().functions().functions())
                    .extracting(PythonUdf::name)
                    .containsExactly("TWICE");
        }
    }

    @Test
    void inMemoryDatabasesKeepFunctionsOnlyInMemory() {
        try (Quiver quiver = Quiver.open(CONFIG)) {
            assertThat(quiver.path()).isEmpty();
            quiver.store().saveFunction("f", "CREATE FUNCTION f() …");
            assertThat(quiver.store().functions()).containsEntry("f", "CREATE FUNCTION f() …");
        }
    }

    @Test
    void aSecondOpenInTheSameProcessIsRefused() {
        try (Quiver first = Quiver.open(database(), CONFIG)) {
            assertThatThrownBy(() -> Quiver.open(database(), CONFIG))
                    .isInstanceOf(QuiverException.class)
                    .hasMessageContaining("is already open in this process")
                    .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(ErrorCode.DATABASE_IN_USE));
        }
        try (Quiver reopened = Quiver.open(database(), CONFIG)) { // closing released the path
            assertThat(reopened.path()).contains(database().toAbsolutePath().normalize());
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Files.writeString(database(), "not a database");
        assertThatThrownBy(() -> Quiver.open(database(), CONFIG))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("Could not open database " + database());
        try (Quiver retry = Quiver.open(directory.resolve("other.duckdb"), CONFIG)) {
            assertThat(retry.catalog().tables()).isEmpty();
        }
    }
}
