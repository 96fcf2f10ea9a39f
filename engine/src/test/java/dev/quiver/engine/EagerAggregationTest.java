package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When the planner sums fact rows per join key before a star join's GROUP BY (the
 * AggregatePartialPushdownRule), seen in EXPLAIN. The answers are checked against DuckDB in
 * {@code sql/aggregates/eager_aggregation.test}; this checks that those queries take the plan.
 */
class EagerAggregationTest {
    private static final Pattern AGGREGATE = Pattern.compile("VecAggregate\\(");

    private static Quiver quiver;

    @BeforeAll
    static void open() {
        quiver = Quiver.open(QuiverConfig.defaults().withThreads(2));
        try (Session session = quiver.newSession()) {
            session.executeScript("""
                            CREATE TABLE sales AS SELECT range AS id, range % 50 AS item_id, range % 10 AS day_id,
                                (range % 97)::DECIMAL(9,2) AS amount FROM range(20000);
                            CREATE TABLE items AS SELECT range AS item_id, 'brand' || (range % 5) AS brand FROM range(50);
                            CREATE TABLE days AS SELECT range AS day_id, 2000 + range % 2 AS year FROM range(10);
                            """).close();
        }
    }

    @AfterAll
    static void close() {
        quiver.close();
    }

    private static String plan(String query) {
        return ExplainText.physicalPlan(ExplainText.of(quiver, query));
    }

    private static int aggregates(String plan) {
        Matcher matcher = AGGREGATE.matcher(plan);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /** The innermost aggregate's subtree: its line and the lines below it indented deeper. */
    private static String partialAggregate(String plan) {
        List<String> lines = List.of(plan.split("\n"));
        int start = 0;
        for (int index = 0; index < lines.size(); index++) {
            if (lines.get(index).contains("VecAggregate(")) {
                start = index;
            }
        }
        int depth = indentation(lines.get(start));
        StringBuilder subtree = new StringBuilder(lines.get(start));
        for (int index = start + 1; index < lines.size() && indentation(lines.get(index)) > depth; index++) {
            subtree.append('\n').append(lines.get(index));
        }
        return subtree.toString();
    }

    private static int indentation(String line) {
        return line.length() - line.stripLeading().length();
    }

    @Test
    void factRowsAreSummedPerJoinKeyBeforeTheDimensionJoin() {
        String plan = plan("SELECT i.brand, sum(s.amount), count(*) FROM sales s JOIN items i ON s.item_id = i.item_id"
                + " GROUP BY i.brand");
        assertThat(aggregates(plan)).as(plan).isEqualTo(2);
    }

    @Test
    void aDimensionThatOnlyFiltersStaysBelowThePartialAggregate() {
        String plan = plan("SELECT i.brand, sum(s.amount) FROM sales s, days d, items i"
                + " WHERE s.day_id = d.day_id AND s.item_id = i.item_id AND d.year = 2001 GROUP BY i.brand");
        assertThat(aggregates(plan)).as(plan).isEqualTo(2);
        // the partial aggregate's input still joins days (its filter reaches the sales scan)
        assertThat(partialAggregate(plan)).as(plan).contains("days").doesNotContain("items");
    }

    @Test
    void aFilteredDimensionTheGroupByReadsStaysBelowWithItsColumnAsAPartialKey() {
        String plan = plan("SELECT d.year, i.brand, sum(s.amount) FROM sales s, days d, items i"
                + " WHERE s.day_id = d.day_id AND s.item_id = i.item_id AND d.day_id < 5 GROUP BY d.year, i.brand");
        assertThat(aggregates(plan)).as(plan).isEqualTo(2);
        assertThat(partialAggregate(plan)).as(plan).contains("days").doesNotContain("items");
    }

    @Test
    void anAggregateOfADimensionColumnIsNotSplit() {
        String plan = plan("SELECT i.brand, sum(i.item_id) FROM sales s JOIN items i ON s.item_id = i.item_id"
                + " GROUP BY i.brand");
        assertThat(aggregates(plan)).as(plan).isEqualTo(1);
    }

    @Test
    void aGroupingOnTheFactKeyItselfIsNotSplit() {
        // as many partial groups as rows: nothing to gain
        String plan = plan("SELECT s.id, i.brand, sum(s.amount) FROM sales s JOIN items i ON s.item_id = i.item_id"
                + " GROUP BY s.id, i.brand");
        assertThat(aggregates(plan)).as(plan).isEqualTo(1);
    }

    @Test
    void aGroupedDimensionThatFiltersMostRowsStaysBelowTheAggregate() {
        // its join filter reaches the sales scan only while it is joined below the aggregate
        String plan = plan("SELECT i.brand, sum(s.amount) FROM sales s JOIN items i ON s.item_id = i.item_id"
                + " WHERE i.brand = 'brand1' GROUP BY i.brand");
        assertThat(aggregates(plan)).as(plan).isEqualTo(1);
    }
}
