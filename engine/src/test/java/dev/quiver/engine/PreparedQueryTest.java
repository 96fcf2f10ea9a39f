package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SqlParameters;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prepared queries ({@link Session#prepare}): a plan made once is reused with new parameter values,
 * and made again when the catalog, the settings, the tables it reads or the Python functions change.
 * Each answer is checked against the same statement run with its values bound as literals.
 */
class PreparedQueryTest {
    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(4));
        session = database.newSession();
        session.execute("CREATE TABLE items AS SELECT i AS id, 'n' || i AS name, i * 1.25 AS price,"
                + " DATE '2024-01-01' + CAST(i AS INTEGER) AS sold FROM range(20) t(i)");
    }

    @AfterEach
    void close() {
        session.close();
        database.close(); // fails if a query leaked memory
    }

    private static List<List<Object>> rows(QueryResult result) {
        try (result) {
            return result.rows();
        }
    }

    /** The prepared answer, which must equal the answer of the statement run with literals. */
    private List<List<Object>> run(PreparedQuery prepared, Object... values) {
        List<Object> parameters = Arrays.asList(values);
        List<List<Object>> answer = rows(session.execute(prepared, parameters));
        assertThat(answer).isEqualTo(rows(session.execute(prepared.sql(), parameters)));
        return answer;
    }

    @Test
    void plansOnceForManyValuesOfOneType() {
        PreparedQuery prepared = session.prepare("SELECT id, name FROM items WHERE id BETWEEN ? AND ? ORDER BY id");
        assertThat(run(prepared, 3, 5)).containsExactly(List.of(3L, "n3"), List.of(4L, "n4"), List.of(5L, "n5"));
        assertThat(run(prepared, 18, 40)).containsExactly(List.of(18L, "n18"), List.of(19L, "n19"));
        assertThat(run(prepared, 7, 2)).isEmpty();
        assertThat(prepared.plansMade()).isEqualTo(1);
    }

    @Test
    void eachKindOfValueGetsItsOwnPlan() {
        PreparedQuery prepared = session.prepare("SELECT count(*), min(id) FROM items WHERE price > ?");
        assertThat(run(prepared, 10)).containsExactly(List.of(11L, 9L));
        assertThat(run(prepared, 10L)).containsExactly(List.of(11L, 9L));
        assertThat(run(prepared, 10.5)).containsExactly(List.of(11L, 9L));
        assertThat(run(prepared, new BigDecimal("11.25"))).containsExactly(List.of(10L, 10L));
        assertThat(run(prepared, new BigDecimal("12.50"))).containsExactly(List.of(9L, 11L));
        assertThat(prepared.plansMade()).isEqualTo(4); // INTEGER, BIGINT, DOUBLE, DECIMAL(4, 2)
        assertThat(run(prepared, 0)).containsExactly(List.of(19L, 1L));
        assertThat(prepared.plansMade()).isEqualTo(4);
    }

    @Test
    void stringsDatesBooleansAndNulls() {
        PreparedQuery byName = session.prepare("SELECT id FROM items WHERE name = ? OR sold = ? ORDER BY id");
        assertThat(run(byName, "n4", LocalDate.of(2024, 1, 8))).containsExactly(List.of(4L), List.of(7L));
        assertThat(run(byName, "it's", LocalDate.of(2024, 1, 2))).containsExactly(List.of(1L));
        // NULL is bound as a literal: a plan of its own, and the answer NULL makes
        assertThat(run(byName, null, LocalDate.of(2024, 1, 2))).containsExactly(List.of(1L));
        assertThat(run(byName, new SqlParameters.TypedNull(SqlTypeName.VARCHAR), null))
                .isEmpty();
        PreparedQuery flags = session.prepare("SELECT ?, ? IS NULL, count(*) FROM items WHERE (id < 3) = ?");
        assertThat(run(flags, "x", 1, true)).containsExactly(List.of("x", false, 3L));
        assertThat(run(flags, "y", 2, false)).containsExactly(List.of("y", false, 17L));
        assertThat(flags.plansMade()).isEqualTo(1);
    }

    @Test
    void parametersThePlannerNeedsAsConstantsArePlannedWithLiterals() {
        PreparedQuery truncated =
                session.prepare("SELECT date_trunc(?, sold) AS d, count(*) FROM items GROUP BY d ORDER BY d");
        assertThat(run(truncated, "month")).containsExactly(List.of(LocalDateTime.of(2024, 1, 1, 0, 0), 20L));
        assertThat(run(truncated, "year")).containsExactly(List.of(LocalDateTime.of(2024, 1, 1, 0, 0), 20L));
        // LIMIT and OFFSET take numbers, not parameters: each execution binds its values
        PreparedQuery limited = session.prepare("SELECT id FROM items ORDER BY id LIMIT ? OFFSET $2");
        assertThat(run(limited, 2, 3)).containsExactly(List.of(3L), List.of(4L));
        assertThat(run(limited, 1, 0)).containsExactly(List.of(0L));
        assertThatThrownBy(() -> session.execute(limited, List.of(1)))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("no value for $2");
    }

    @Test
    void dataChangesAndDdlPlanAgain() {
        PreparedQuery prepared = session.prepare("SELECT count(*) FROM items WHERE id >= ?");
        assertThat(run(prepared, 15)).containsExactly(List.of(5L));
        session.execute("INSERT INTO items VALUES (20, 'n20', 25.0, DATE '2024-02-01')");
        assertThat(run(prepared, 15)).containsExactly(List.of(6L)); // the plan read the old version
        long plans = prepared.plansMade();
        session.execute("ALTER TABLE items ADD COLUMN extra INTEGER");
        assertThat(run(prepared, 15)).containsExactly(List.of(6L));
        assertThat(prepared.plansMade()).isGreaterThan(plans);
        session.execute("DROP TABLE items");
        assertThatThrownBy(() -> session.execute(prepared, List.of(15)))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("items");
        session.execute("CREATE TABLE items AS SELECT 100 AS id");
        assertThat(run(prepared, 15)).containsExactly(List.of(1L));
    }

    @Test
    void viewsAndSettingsPlanAgain() {
        session.execute("CREATE VIEW cheap AS SELECT * FROM items WHERE price < 5");
        PreparedQuery prepared = session.prepare("SELECT count(*) FROM cheap WHERE id > ?");
        assertThat(run(prepared, 0)).containsExactly(List.of(3L));
        session.execute("CREATE OR REPLACE VIEW cheap AS SELECT * FROM items WHERE price < 10");
        assertThat(run(prepared, 0)).containsExactly(List.of(7L));
        PreparedQuery zoned = session.prepare("SELECT CAST(TIMESTAMPTZ '2024-01-01 12:00:00+00' AS VARCHAR) || ?");
        assertThat(run(zoned, "!")).containsExactly(List.of("2024-01-01 12:00:00+00!"));
        session.execute("SET TimeZone = 'Europe/Berlin'");
        assertThat(run(zoned, "!")).containsExactly(List.of("2024-01-01 13:00:00+01!"));
    }

    @Test
    void replacingOrDroppingAPythonFunctionPlansAgain() {
        session.execute("CREATE FUNCTION bump(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return x + 1 $$")
                .close();
        PreparedQuery prepared = session.prepare("SELECT bump(id) FROM items WHERE id = ?");
        assertThat(run(prepared, 3)).containsExactly(List.of(4L));
        assertThat(run(prepared, 4)).containsExactly(List.of(5L));
        session.execute(
                        "CREATE OR REPLACE FUNCTION bump(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$ return x + 100 $$")
                .close();
        assertThat(run(prepared, 3)).containsExactly(List.of(103L));
        session.execute("DROP FUNCTION bump").close();
        assertThatThrownBy(() -> session.execute(prepared, List.of(3)))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("bump");
    }

    @Test
    void theStartInstantIsNeverReused() throws InterruptedException {
        PreparedQuery prepared = session.prepare("SELECT epoch_us(now()) + ?");
        long first =
                (Long) rows(session.execute(prepared, List.of(0))).getFirst().getFirst();
        Thread.sleep(5);
        long second =
                (Long) rows(session.execute(prepared, List.of(0))).getFirst().getFirst();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void wrongParameterCountsAndValuesAreClearErrors() {
        PreparedQuery prepared = session.prepare("SELECT id FROM items WHERE id = ?");
        assertThatThrownBy(() -> session.execute(prepared, List.of()))
                .isInstanceOf(QuiverException.class)
                .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("1 parameter");
        assertThatThrownBy(() -> session.execute(prepared, List.of(new Object())))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("parameter 1");
        assertThatThrownBy(() -> session.prepare("SELEC 1"))
                .isInstanceOf(QuiverException.class)
                .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(ErrorCode.SYNTAX_ERROR));
        assertThat(run(prepared, 3)).containsExactly(List.of(3L)); // still usable
    }

    @Test
    void aTransactionSeesItsOwnRows() {
        PreparedQuery prepared = session.prepare("SELECT count(*) FROM items WHERE id >= ?");
        assertThat(run(prepared, 10)).containsExactly(List.of(10L));
        session.execute("BEGIN");
        session.execute("DELETE FROM items WHERE id > 15");
        assertThat(rows(session.execute(prepared, List.of(10)))).containsExactly(List.of(6L));
        session.execute("ROLLBACK");
        assertThat(rows(session.execute(prepared, List.of(10)))).containsExactly(List.of(10L));
    }

    @Test
    void twoSessionsRunTheirPreparedQueriesAtOnceWhileAThirdChangesTheTable() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Session other = database.newSession();
                Session writer = database.newSession()) {
            List<Future<List<Long>>> answers = new ArrayList<>();
            for (Session reader : List.of(session, other)) {
                answers.add(threads.submit(() -> {
                    PreparedQuery prepared = reader.prepare("SELECT count(*) FROM items WHERE id < ?");
                    List<Long> counts = new ArrayList<>();
                    for (int round = 0; round < 40; round++) {
                        counts.add((Long) rows(reader.execute(prepared, List.of(round % 20)))
                                .getFirst()
                                .getFirst());
                    }
                    return counts;
                }));
            }
            for (int round = 0; round < 10; round++) {
                writer.execute("INSERT INTO items VALUES (" + (100 + round) + ", 'x', 1.0, DATE '2024-01-01')");
            }
            for (Future<List<Long>> answer : answers) {
                List<Long> counts = answer.get();
                for (int round = 0; round < counts.size(); round++) {
                    assertThat(counts.get(round)).isEqualTo(round % 20); // rows with id >= 100 never count
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void otherStatementsRunAsPlainStatements() {
        PreparedQuery insert = session.prepare("INSERT INTO items (id, name) VALUES (?, ?)");
        assertThat(insert.isQuery()).isFalse();
        try (QueryResult result = session.execute(insert, List.of(50, "fifty"))) {
            assertThat(result.updateCount()).isEqualTo(1);
        }
        assertThat(rows(session.execute("SELECT name FROM items WHERE id = 50")))
                .containsExactly(List.of("fifty"));
    }
}
