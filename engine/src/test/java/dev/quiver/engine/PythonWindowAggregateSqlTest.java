package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Python aggregate functions as window aggregates ({@code my_agg(x) OVER (…)}): equal to the
 * built-in aggregates they mimic over every kind of frame (also with DISTINCT), equal on 1, 2 and 4 interpreters, fast
 * on long running frames, and failing with the function's name.
 */
class PythonWindowAggregateSqlTest {
    /** sum, through the handler contract: order-insensitive. */
    private static final String PYSUM = """
            CREATE AGGREGATE FUNCTION pysum(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$
            class PySum:
                def __init__(self):
                    self.total = None
                @property
                def aggregate_state(self):
                    return self.total
                def accumulate(self, x):
                    self.total = x if self.total is None else self.total + x
                def merge(self, other):
                    if other is not None:
                        self.total = other if self.total is None else self.total + other
                def finish(self):
                    return self.total
            $$""";

    /** string_agg(x, ','), with accumulate_batch: order-sensitive, so merges must keep row order. */
    private static final String COLLECT = """
            CREATE AGGREGATE FUNCTION gather_text(x VARCHAR) RETURNS VARCHAR LANGUAGE PYTHON WITH (handler = 'Collect') AS $$
            class Collect:
                def __init__(self):
                    self.items = []
                @property
                def aggregate_state(self):
                    return self.items
                def accumulate(self, x):
                    self.items.append(x)
                def accumulate_batch(self, xs):
                    self.items.extend(xs)
                def merge(self, other):
                    self.items.extend(other)
                def finish(self):
                    return ','.join(self.items) if self.items else None
            $$""";

    private static final String DATA = "CREATE TABLE t AS SELECT range % 37 AS k, (range * 7) % 13 AS o, "
            + "CASE WHEN range % 5 = 0 THEN NULL ELSE range % 100 END AS x FROM range(3000)";

    private static final List<String> WINDOWS = List.of(
            "PARTITION BY k ORDER BY o, x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
            "PARTITION BY k ORDER BY o RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
            "PARTITION BY k",
            "",
            "ORDER BY o, k, x",
            "PARTITION BY k ORDER BY o, x ROWS BETWEEN 2 PRECEDING AND 3 FOLLOWING",
            "PARTITION BY k ORDER BY o RANGE BETWEEN 1 PRECEDING AND 2 FOLLOWING",
            "PARTITION BY k ORDER BY o, x ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
            "PARTITION BY k ORDER BY o, x ROWS BETWEEN 5 FOLLOWING AND 2 FOLLOWING",
            "PARTITION BY k ORDER BY o, x ROWS BETWEEN UNBOUNDED PRECEDING AND 2 FOLLOWING",
            "PARTITION BY k ORDER BY o ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING EXCLUDE CURRENT ROW",
            "PARTITION BY k ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND 3 FOLLOWING EXCLUDE GROUP",
            "PARTITION BY k ORDER BY o RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE TIES");

    private Quiver database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close(); // fails if a query leaked memory
        }
    }

    private Session open(int interpreters) {
        database = Quiver.open(QuiverConfig.defaults()
                .withThreads(2)
                .withInterpreters(interpreters)
                .withBatchRows(1024));
        Session session = database.newSession();
        session.execute(PYSUM).close();
        session.execute(COLLECT).close();
        session.execute(DATA).close();
        return session;
    }

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    @Test
    void equalToTheBuiltInAggregatesOverEveryKindOfFrame() {
        Session session = open(2);
        for (String window : WINDOWS) {
            String query = "SELECT count(*) FILTER (WHERE s IS DISTINCT FROM p), "
                    + "count(*) FILTER (WHERE a IS DISTINCT FROM c), "
                    + "count(*) FILTER (WHERE sd IS DISTINCT FROM pd), count(p), count(c) FROM ("
                    + "SELECT sum(x) OVER w AS s, pysum(x) OVER w AS p, "
                    + "string_agg(CAST(x AS VARCHAR), ',') OVER w AS a, gather_text(CAST(x AS VARCHAR)) OVER w AS c, "
                    + "sum(DISTINCT x % 7) OVER w AS sd, pysum(DISTINCT x % 7) OVER w AS pd "
                    + "FROM t WINDOW w AS (" + window + "))";
            List<Object> counts = rows(session, query).getFirst();
            assertThat(counts.subList(0, 3)).as(window).containsExactly(0L, 0L, 0L);
            if (!window.contains("5 FOLLOWING AND 2 FOLLOWING")) { // frames that are all empty
                assertThat(((Number) counts.get(3)).longValue()).as(window).isPositive();
            }
        }
    }

    @Test
    void resultsAreEqualOnOneTwoAndFourInterpreters() {
        String query = "SELECT k, o, x, pysum(x) OVER (PARTITION BY k ORDER BY o, x ROWS BETWEEN 4 PRECEDING AND "
                + "CURRENT ROW), pysum(x) OVER (PARTITION BY k ORDER BY o), pysum(x) OVER (), "
                + "pysum(DISTINCT x % 7) OVER (PARTITION BY k ORDER BY o, x ROWS BETWEEN 6 PRECEDING AND 1 FOLLOWING) "
                + "FROM t ORDER BY k, o, x";
        List<List<List<Object>>> results = new ArrayList<>();
        for (int interpreters : new int[] {1, 2, 4}) {
            Session session = open(interpreters);
            results.add(rows(session, query));
            database.close();
            database = null;
        }
        assertThat(results.getFirst()).hasSize(3000);
        assertThat(results.get(1)).isEqualTo(results.getFirst());
        assertThat(results.get(2)).isEqualTo(results.getFirst());
    }

    @Test
    void aRunningFrameOverOneLargePartitionIsLinear() {
        Session session = open(2);
        // quadratic work (5·10^10 accumulate calls) would not end; linear takes about a second
        List<Object> row = rows(
                        session,
                        "SELECT max(s), count(*) FROM (SELECT pysum(range) OVER (ORDER BY range) AS s FROM range(300000))")
                .getFirst();
        assertThat(((Number) row.get(0)).longValue()).isEqualTo(299_999L * 300_000L / 2);
        assertThat(((Number) row.get(1)).longValue()).isEqualTo(300_000L);
    }

    @Test
    void explainShowsThePythonAggregateInTheWindow() {
        Session session = open(2);
        StringBuilder plan = new StringBuilder();
        rows(session, "EXPLAIN SELECT pysum(x) OVER (PARTITION BY k) FROM t")
                .forEach(line -> plan.append(line.getFirst()).append('\n'));
        assertThat(plan.toString()).contains("Window(PythonAggregate pysum($");
    }

    @Test
    void aFailingHandlerNamesTheFunctionAndTheRow() {
        Session session = open(2);
        session.execute("""
                        CREATE AGGREGATE FUNCTION fussy(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$
                        class Fussy:
                            def __init__(self):
                                self.n = 0
                            @property
                            def aggregate_state(self):
                                return self.n
                            def accumulate(self, x):
                                if x == 42:
                                    raise ValueError('no 42 please')
                                self.n += 1
                            def merge(self, other):
                                self.n += other
                            def finish(self):
                                return self.n
                        $$""").close();
        QuiverException error = catchThrowableOfType(
                QuiverException.class,
                () -> rows(session, "SELECT fussy(x) OVER (PARTITION BY k ORDER BY o ROWS 2 PRECEDING) FROM t"));
        assertThat(error.code()).isEqualTo(ErrorCode.PYTHON_ERROR);
        assertThat(error.getMessage()).contains("fussy", "no 42 please", "window row");
        // the session and the pool go on
        assertThat(rows(session, "SELECT count(f) FROM (SELECT fussy(x) OVER () AS f FROM t WHERE x <> 42)"))
                .containsExactly(List.of(2400L - 30L));
    }
}
