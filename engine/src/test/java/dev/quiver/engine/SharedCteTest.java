package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When a WITH query referenced more than once is computed once (plan/SharedCtes), seen in
 * EXPLAIN. The answers are checked against DuckDB in {@code sql/cte/shared_cte.test}.
 */
class SharedCteTest {
    private static Quiver quiver;

    @BeforeAll
    static void open() {
        quiver = Quiver.open(QuiverConfig.defaults().withThreads(2));
        try (Session session = quiver.newSession()) {
            session.executeScript("""
                            CREATE TABLE returns AS SELECT range % 50 AS date_sk, range % 300 AS cust,
                                range % 7 AS store, range * 1.5 AS amt FROM range(5000);
                            CREATE TABLE dates AS SELECT range AS date_sk, 1998 + range % 5 AS year,
                                range % 12 AS month FROM range(50);
                            CREATE TABLE stores AS SELECT range AS store_sk,
                                CASE WHEN range < 3 THEN 'TN' ELSE 'CA' END AS state FROM range(7);
                            CREATE TABLE customers AS SELECT range AS c_sk, 'c' || range AS c_id FROM range(300);
                            """).close();
        }
    }

    @AfterAll
    static void close() {
        quiver.close();
    }

    /** The pipelines of the query's EXPLAIN, one line each. */
    private static List<String> pipelines(String query) {
        return ExplainText.strippedLines(ExplainText.pipelines(ExplainText.of(quiver, query)));
    }

    private static long count(List<String> lines, String part) {
        return lines.stream()
                .mapToLong(line -> line.split(java.util.regex.Pattern.quote(part), -1).length - 1L)
                .sum();
    }

    @Test
    void correlatedSubqueryOverTheCteComputesItOnce() {
        // the subquery's reference is decorrelated and trimmed apart from the outer one (TPC-DS q1)
        List<String> pipelines = pipelines("""
                WITH totals AS (
                    SELECT cust, store, sum(amt) AS total FROM returns, dates
                    WHERE returns.date_sk = dates.date_sk AND year = 2000 GROUP BY cust, store)
                SELECT c_id FROM totals t1, stores, customers
                WHERE t1.total > (SELECT avg(total) * 1.2 FROM totals t2 WHERE t1.store = t2.store)
                  AND store_sk = t1.store AND state = 'TN' AND t1.cust = c_sk
                ORDER BY c_id LIMIT 100
                """);
        assertThat(count(pipelines, "TableScan(returns")).isEqualTo(1);
        assertThat(count(pipelines, "=> Spool")).isEqualTo(1);
    }

    private static final String MONTHLY = """
            WITH monthly AS (SELECT store, month, sum(amt) AS total FROM returns JOIN dates USING (date_sk)
                             GROUP BY store, month)
            """;

    @Test
    void referencesThatAllFilterDifferentlyEachComputeTheirOwnRows() {
        List<String> pipelines = pipelines(MONTHLY + """
                SELECT a.store, a.total, b.total FROM monthly a JOIN monthly b ON a.store = b.store
                WHERE a.month = 1 AND b.month = 2
                """);
        assertThat(count(pipelines, "TableScan(returns")).isEqualTo(2);
        assertThat(count(pipelines, "Spool")).isZero();
    }

    @Test
    void referencesThatFilterAlikeShareTheCteWithTheirFiltersOred() {
        List<String> pipelines = pipelines(MONTHLY + """
                SELECT a.store, a.total, b.total, c.total FROM monthly a, monthly b, monthly c
                WHERE a.store = b.store AND b.store = c.store AND a.month = 3 AND b.month = 3 AND c.month = 4
                """);
        assertThat(count(pipelines, "TableScan(returns")).isEqualTo(1);
        // the shared GROUP BY, and the month-3 filter of the two alike references, each kept once
        assertThat(count(pipelines, "=> Spool")).isPositive();
        // the OR of the references' filters reached the dates below the shared GROUP BY
        assertThat(pipelines)
                .anyMatch(line -> line.startsWith("1. TableScan(dates") || line.contains("TableScan(dates"))
                .anyMatch(line -> line.contains("TableScan(dates") && line.contains("3") && line.contains("4"));
    }

    @Test
    void referencesThatEachJoinAFilteredTableKeepTheirSemiJoinReduction() {
        // TPC-DS q2's shape: each reference needs the groups of one year only
        List<String> pipelines = pipelines("""
                WITH by_date AS (SELECT CAST(date_sk AS BIGINT) AS date_sk, sum(amt) AS total FROM returns GROUP BY 1)
                SELECT y.total, z.total
                FROM (SELECT month, total FROM by_date JOIN dates USING (date_sk) WHERE year = 1999) y
                JOIN (SELECT month, total FROM by_date JOIN dates USING (date_sk) WHERE year = 2000) z
                  ON y.month = z.month
                """);
        assertThat(count(pipelines, "TableScan(returns"))
                .as(String.join("\n", pipelines))
                .isEqualTo(2);
    }

    @Test
    void cteWithoutAggregationIsComputedPerReference() {
        // a plain join streams from its scan: each reference's own join filters cut it better
        List<String> pipelines = pipelines("""
                WITH joined AS (SELECT cust, amt FROM returns JOIN dates USING (date_sk) WHERE year = 2000)
                SELECT count(*) FROM joined a JOIN joined b ON a.cust = b.cust
                """);
        assertThat(count(pipelines, "TableScan(returns")).isEqualTo(2);
    }
}
