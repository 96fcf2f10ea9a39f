package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WITH RECURSIVE beyond what sqllogictest can say: a recursion that never ends stops at
 * statement_timeout, at cancel and at the memory limit, freeing what it held (closing the database
 * checks), and the session and the interpreter pool keep serving; Python calls in the recursive
 * term; EXPLAIN shows the operator and its step. The same for USING KEY, whose endless form keeps
 * one row and replaces it every round.
 */
class RecursiveCteTest {
    /** Never ends: every round adds one row (UNION ALL), and DuckDB has no round limit either. */
    private static final String ENDLESS =
            "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t";

    /** Never ends either: one key whose row changes every round (USING KEY replaces it). */
    private static final String ENDLESS_KEYED = "WITH RECURSIVE t(k, n) USING KEY (k) AS (SELECT 1, 1"
            + " UNION SELECT t.k, t.n + 1 FROM t JOIN recurring.t r USING (k)) SELECT count(*) FROM t";

    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(
                QuiverConfig.defaults().withThreads(2).withInterpreters(2).withQueryMemoryLimit(64L << 20));
        session = database.newSession();
    }

    @AfterEach
    void close() {
        session.close();
        database.close(); // fails if a stopped recursion left Arrow memory or heap reservations behind
    }

    private Object scalar(String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows().getFirst().getFirst();
        }
    }

    @Test
    void statementTimeoutStopsAnEndlessRecursion() {
        session.execute("SET statement_timeout = '1s'").close();
        long start = System.nanoTime();
        QuiverException error = catchThrowableOfType(QuiverException.class, () -> session.execute(ENDLESS));
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(error).hasMessageContaining("statement_timeout");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(30_000);
        session.execute("RESET statement_timeout").close();
        assertThat(scalar("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10)"
                        + " SELECT sum(n) FROM t"))
                .isEqualTo(55L);
    }

    @Test
    void statementTimeoutStopsAnEndlessKeyedRecursion() {
        session.execute("SET statement_timeout = '1s'").close();
        QuiverException error = catchThrowableOfType(QuiverException.class, () -> session.execute(ENDLESS_KEYED));
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(error).hasMessageContaining("statement_timeout");
        session.execute("RESET statement_timeout").close();
        assertThat(scalar("WITH RECURSIVE t(k, n) USING KEY (k) AS (SELECT 1, 1 UNION SELECT k, n + 1 FROM t"
                        + " WHERE n < 10) SELECT sum(n) FROM t"))
                .isEqualTo(10L);
    }

    @Test
    void cancelStopsAnEndlessRecursion() throws Exception {
        cancelStops(ENDLESS);
    }

    @Test
    void cancelStopsAnEndlessKeyedRecursion() throws Exception {
        cancelStops(ENDLESS_KEYED);
    }

    private void cancelStops(String endless) throws Exception {
        CompletableFuture<QuiverException> outcome = CompletableFuture.supplyAsync(
                () -> catchThrowableOfType(QuiverException.class, () -> session.execute(endless)));
        Thread.sleep(500);
        session.cancel();
        QuiverException error = outcome.get(30, TimeUnit.SECONDS);
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(scalar("SELECT 42")).isEqualTo(42);
    }

    @Test
    void theMemoryLimitStopsARecursionThatGrowsForever() {
        // every round doubles the rows: the working table passes 64 MB within ~25 rounds
        QuiverException error = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("WITH RECURSIVE t(n) AS (SELECT 1::BIGINT UNION ALL"
                                + " SELECT n + k FROM t, (VALUES (1), (2)) v(k)) SELECT count(*) FROM t")
                        .close());
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
        assertThat(scalar("SELECT count(*) FROM range(10)")).isEqualTo(10L);
    }

    @Test
    void pythonCallsRunInTheRecursiveTerm() {
        session.execute("CREATE FUNCTION collatz(n BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                        + "def collatz(n):\n    return n // 2 if n % 2 == 0 else 3 * n + 1\n$$")
                .close();
        try (QueryResult result = session.execute("WITH RECURSIVE c(step, n) AS (SELECT 0, 7::BIGINT"
                + " UNION ALL SELECT step + 1, collatz(n) FROM c WHERE n <> 1)"
                + " SELECT max(step), max(n), count(*) FROM c")) {
            assertThat(result.rows()).containsExactly(List.of(16, 52L, 17L));
        }
        // an error raised by the function in a later round fails the query clearly; the pool survives
        session.execute("CREATE FUNCTION fragile(n BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                        + "def fragile(n):\n    if n == 5:\n        raise ValueError('five')\n    return n + 1\n$$")
                .close();
        QuiverException error = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("WITH RECURSIVE t(n) AS (SELECT 1::BIGINT UNION ALL"
                                + " SELECT fragile(n) FROM t WHERE n < 10) SELECT count(*) FROM t")
                        .close());
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.PYTHON_ERROR);
        assertThat(error).hasMessageContaining("five");
        assertThat(scalar("SELECT collatz(6)")).isEqualTo(3L);
    }

    @Test
    void explainShowsTheRecursiveUnionAndItsStep() {
        try (QueryResult result = session.execute(
                "EXPLAIN WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t")) {
            String plan = String.join(
                    "\n",
                    result.rows().stream()
                            .map(row -> String.valueOf(row.getFirst()))
                            .toList());
            assertThat(plan).contains("VecRecursiveUnion", "VecWorkingTableScan");
            assertThat(plan).containsPattern("(?i)RecursiveUnion\\(step: WorkingTableScan\\(t\\) -> ");
        }
        try (QueryResult result = session.execute("EXPLAIN WITH RECURSIVE t(n, m) USING KEY (n) AS (SELECT 1, 1"
                + " UNION SELECT n, m + 1 FROM recurring.t WHERE m < 5) SELECT * FROM t")) {
            String plan = String.join(
                    "\n",
                    result.rows().stream()
                            .map(row -> String.valueOf(row.getFirst()))
                            .toList());
            assertThat(plan).contains("RecursiveUnion USING KEY ($0)(step: WorkingTableScan(recurring.t)");
        }
    }
}
