package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When a constant condition on one side of a join key reaches the other side's input
 * (JoinKeyFilterTransferRule), and when it must not, seen in EXPLAIN; also a chain of distinct
 * UNIONs becoming one GROUP BY. The answers are checked against DuckDB in {@code
 * sql/joins/join_key_filter_transfer.test}.
 */
class JoinKeyFilterTransferTest {
    private static Quiver quiver;

    @BeforeAll
    static void open() {
        quiver = Quiver.open(QuiverConfig.defaults().withThreads(2));
        try (Session session = quiver.newSession()) {
            session.executeScript("""
                            CREATE TABLE store AS SELECT range % 5 AS year, range % 50 AS item, range AS qty FROM range(2000);
                            CREATE TABLE web AS SELECT range % 5 AS year, range % 50 AS item, range AS qty FROM range(3000);
                            """).close();
        }
    }

    @AfterAll
    static void close() {
        quiver.close();
    }

    /** The physical plan's lines, trimmed. */
    private static List<String> plan(String query) {
        return ExplainText.strippedLines(ExplainText.physicalPlan(ExplainText.of(quiver, query)));
    }

    private static final String GROUPED = """
            WITH s AS (SELECT year, item, sum(qty) AS q FROM store GROUP BY year, item),
                 w AS (SELECT year, item, sum(qty) AS q FROM web GROUP BY year, item)
            """;

    private static long yearFilters(List<String> plan) {
        return plan.stream()
                .filter(line -> line.startsWith("VecFilter(") && line.contains("2)"))
                .count();
    }

    @Test
    void aConstantOnOneSideOfAnInnerJoinKeyFiltersTheOtherSide() {
        List<String> plan = plan(GROUPED
                + "SELECT s.item, s.q, w.q FROM s JOIN w ON s.year = w.year AND s.item = w.item" + " WHERE s.year = 2");
        assertThat(yearFilters(plan)).as("both scans filtered on year = 2").isEqualTo(2);
    }

    @Test
    void aLeftJoinPassesTheLeftSidesConstantOnly() {
        List<String> leftConstant =
                plan(GROUPED + "SELECT s.item, s.q, w.q FROM s LEFT JOIN w ON s.year = w.year AND s.item = w.item"
                        + " WHERE s.year = 2");
        assertThat(yearFilters(leftConstant)).isEqualTo(2);
        // a condition on the right input of a LEFT join says nothing about the left rows, which all stay
        List<String> rightConstant =
                plan(GROUPED + "SELECT s.item, s.q, w2.q FROM s LEFT JOIN (SELECT * FROM w WHERE year = 2) w2"
                        + " ON s.year = w2.year AND s.item = w2.item");
        assertThat(yearFilters(rightConstant)).isEqualTo(1);
    }

    @Test
    void aFullJoinMovesNothing() {
        List<String> plan =
                plan(GROUPED + "SELECT s2.item, s2.q, w.q FROM (SELECT * FROM s WHERE year = 2) s2 FULL JOIN w"
                        + " ON s2.year = w.year AND s2.item = w.item");
        assertThat(yearFilters(plan)).isEqualTo(1);
    }

    @Test
    void aChainOfDistinctUnionsIsOneGroupBy() {
        List<String> plan = plan("SELECT item FROM store UNION SELECT item FROM web UNION SELECT year FROM web");
        assertThat(plan.stream()
                        .filter(line -> line.startsWith("VecAggregate("))
                        .count())
                .isEqualTo(1);
        assertThat(plan.stream().filter(line -> line.startsWith("VecUnion(")).count())
                .isEqualTo(1);
    }
}
