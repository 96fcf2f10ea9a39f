package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When the planner joins each input of a UNION ALL with a small filtered table instead of the
 * union's whole result (JoinUnionPushdown), seen in EXPLAIN. The answers are checked against DuckDB
 * in {@code sql/joins/join_union_pushdown.test}; this checks which queries take the plan.
 */
class JoinUnionPushdownTest {
    private static Quiver quiver;

    @BeforeAll
    static void open() {
        quiver = Quiver.open(QuiverConfig.defaults().withThreads(2));
        try (Session session = quiver.newSession()) {
            session.executeScript("""
                            CREATE TABLE sales AS SELECT range AS id, range % 100 AS day, range AS amount FROM range(20000);
                            CREATE TABLE returns AS SELECT range AS id, range % 100 AS day, range AS amount FROM range(5000);
                            CREATE TABLE days AS SELECT range % 100 AS day, range % 10 AS week FROM range(100);
                            """).close();
        }
    }

    @AfterAll
    static void close() {
        quiver.close();
    }

    /** The physical plan's text (the logical plan before it is left out). */
    private static String plan(String query) {
        return ExplainText.physicalPlan(ExplainText.of(quiver, query));
    }

    private static final String UNION = "(SELECT day, amount FROM sales UNION ALL SELECT day, amount FROM returns) u";

    /** The plan's lines, trimmed, from the first that contains {@code text}. */
    private static List<String> from(String plan, String text) {
        List<String> lines = plan.lines().map(String::strip).toList();
        for (int index = 0; index < lines.size(); index++) {
            if (lines.get(index).startsWith(text)) {
                return lines.subList(index, lines.size());
            }
        }
        return List.of();
    }

    @Test
    void aFilteredDimensionJoinsEachUnionInput() {
        String plan = plan("SELECT sum(amount) FROM " + UNION + " JOIN days d ON u.day = d.day WHERE d.week = 3");
        List<String> belowUnion = from(plan, "VecUnion(");
        assertThat(belowUnion).isNotEmpty();
        assertThat(belowUnion.stream().filter(line -> line.startsWith("VecHashJoin(")))
                .hasSize(2);
        assertThat(from(plan, "VecHashJoin(").stream().anyMatch(line -> line.startsWith("VecUnion(")))
                .as("no join above the union")
                .isFalse();
    }

    @Test
    void outerJoinsAndLargeOtherSidesStayAboveTheUnion() {
        String left = plan("SELECT count(*) FROM " + UNION + " LEFT JOIN days d ON u.day = d.day AND d.week = 3");
        assertThat(from(left, "VecUnion(").stream().noneMatch(line -> line.startsWith("VecHashJoin(")))
                .isTrue();
        String large = plan("SELECT count(*) FROM " + UNION + " JOIN sales s ON u.amount = s.id");
        assertThat(from(large, "VecUnion(").stream().noneMatch(line -> line.startsWith("VecHashJoin(")))
                .isTrue();
    }
}
