package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.udf.testing.StartSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python functions through SQL where the sqllogictest files cannot look: the plan (EXPLAIN, folding,
 * pushdown below calls), evaluation counts, cancellation, and the error a user sees.
 */
class PythonUdfSqlTest {
    private Quiver database;

    private Session open(int interpreters) {
        database = Quiver.open(QuiverConfig.defaults()
                .withThreads(2)
                .withInterpreters(interpreters)
                .withBatchRows(4096));
        return database.newSession();
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close(); // fails if a query leaked memory
        }
    }

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    @Test
    void explainShowsTheUdfOperatorWithKindInterpretersAndCallSize() {
        Session session = open(2);
        session.execute("CREATE FUNCTION noise(x BIGINT) RETURNS DOUBLE LANGUAGE PYTHON AS $$\n"
                        + "import random\nreturn random.random()\n$$")
                .close();
        session.execute("CREATE FUNCTION tripled(xs BIGINT) RETURNS BIGINT LANGUAGE PYTHON IMMUTABLE"
                        + " KIND VECTORIZED AS $$ return [x * 3 for x in xs] $$")
                .close();
        String plan = ExplainText.of(session, "SELECT noise(range), tripled(range) FROM range(10)");
        assertThat(plan)
                .contains("PythonUdf(noise($0) [scalar, volatile], tripled($0) [vectorized, deterministic],"
                        + " 2 interpreters, 2048 rows per call)");
    }

    @Test
    void immutableCallsWithConstantArgumentsAreFoldedWhilePlanningAndVolatileOnesAreNot() {
        Session session = open(2);
        session.execute("CREATE FUNCTION area(r DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON IMMUTABLE AS $$\n"
                        + "import math\nreturn math.pi * r * r\n$$")
                .close();
        session.execute("CREATE FUNCTION noise(x BIGINT) RETURNS DOUBLE LANGUAGE PYTHON VOLATILE AS $$\n"
                        + "import random\nreturn random.random()\n$$")
                .close();
        String folded = ExplainText.of(session, "SELECT area(2) + range FROM range(3)");
        assertThat(folded).contains("12.566370614359172").doesNotContain("PythonUdf");
        assertThat(ExplainText.of(session, "SELECT noise(1) FROM range(3)")).contains("PythonUdf(noise");
        // a folding failure is not a planning failure: the call runs, and fails, only if a row reaches it
        session.execute("CREATE FUNCTION inverse(x DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON IMMUTABLE AS 'return 1 / x'")
                .close();
        assertThat(rows(session, "SELECT inverse(0) FROM range(3) WHERE range > 5"))
                .isEmpty();
    }

    @Test
    void aVolatileCallRunsExactlyOncePerRowEvenWhenItsResultIsReadTwice() {
        Session session = open(1); // one interpreter: the counter below counts every call
        session.execute("CREATE FUNCTION counter(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                        + "calls = 0\ndef counter(x):\n    global calls\n    calls += 1\n    return calls\n$$")
                .close();
        List<List<Object>> result = rows(
                session,
                "SELECT count(*), max(a), sum(CASE WHEN a = b THEN 1 ELSE 0 END)"
                        + " FROM (SELECT c AS a, c + 0 AS b FROM (SELECT counter(range) AS c FROM range(20000)) s) t");
        assertThat(result).containsExactly(List.of(20000L, 20000L, 20000L));
    }

    @Test
    void aCallInACaseBranchRunsOnlyOnTheRowsThatTakeIt() {
        Session session = open(1);
        session.execute("CREATE FUNCTION counter(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                        + "calls = 0\ndef counter(x):\n    global calls\n    calls += 1\n    return calls\n$$")
                .close();
        List<List<Object>> result = rows(
                session,
                "SELECT max(c), count(c) FROM ("
                        + "SELECT CASE WHEN range % 10 = 0 THEN counter(range) END AS c FROM range(10000) UNION ALL "
                        + "SELECT CASE WHEN range % 10 = 0 THEN counter(range) ELSE NULL END FROM range(10000)) t");
        // two calls in the text, each on the 1000 rows that take its branch: 2000 calls in all
        assertThat(result).containsExactly(List.of(2000L, 2000L));
    }

    @Test
    void aDeterministicCallInWhereAndSelectRunsOnce() {
        Session session = open(1);
        session.execute("CREATE FUNCTION square(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON IMMUTABLE"
                        + " AS 'return x * x'")
                .close();
        String plan = ExplainText.of(session, "SELECT square(range) FROM range(10) WHERE square(range) > 10");
        assertThat(plan.split("PythonUdf\\(", -1)).hasSize(2 + 2); // logical, physical, pipeline: once each
        assertThat(rows(session, "SELECT sum(square(range)) FROM range(10) WHERE square(range) > 10"))
                .containsExactly(List.of(271L));
    }

    @Test
    void conjunctsWithoutCallsAreFilteredBeforeTheCallsRun() {
        Session session = open(2);
        session.execute("CREATE FUNCTION plus1(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS 'return x + 1'")
                .close();
        String plan = ExplainText.of(session, "SELECT range FROM range(100) WHERE plus1(range) < 50 AND range > 5");
        assertThat(plan).contains("Filter(($0 > 5)) -> PythonUdf(plus1($0)");
        assertThat(rows(session, "SELECT count(*) FROM range(100) WHERE plus1(range) < 50 AND range > 5"))
                .containsExactly(List.of(43L));
    }

    @Test
    void moreInterpretersGiveTheSameAnswer() {
        String sql = "SELECT parity, count(*), sum(char_length(label)) FROM (SELECT label(range) AS label,"
                + " range % 3 AS parity FROM range(50000)) t GROUP BY parity ORDER BY parity";
        String create = "CREATE FUNCTION label(x BIGINT) RETURNS VARCHAR LANGUAGE PYTHON IMMUTABLE AS"
                + " $$ return f'item-{x:08d}-' + ('x' * (x % 7)) $$";
        Session one = open(1);
        one.execute(create).close();
        List<List<Object>> expected = rows(one, sql);
        database.close();
        Session two = open(2);
        two.execute(create).close();
        assertThat(rows(two, sql)).isEqualTo(expected).hasSize(3);
    }

    @Test
    void aPythonErrorNamesTheFunctionAndCarriesTheTracebackAndTheDatabaseGoesOn() {
        Session session = open(2);
        session.execute("CREATE FUNCTION inverse(x DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$\n"
                        + "def inverse(x):\n    return 1 / x\n$$")
                .close();
        QuiverException error = catchThrowableOfType(
                QuiverException.class, () -> session.execute("SELECT inverse(CAST(range AS DOUBLE)) FROM range(5)"));
        assertThat(error.code()).isEqualTo(ErrorCode.PYTHON_ERROR);
        assertThat(error.getMessage()).contains("inverse", "ZeroDivisionError", "line 3", "return 1 / x");
        assertThat(rows(session, "SELECT inverse(4)")).containsExactly(List.of(0.25));
    }

    @Test
    void cancellingARunningUdfQueryStopsThePythonCodeAndThePoolServesTheNextQuery(@TempDir Path signalDirectory)
            throws Exception {
        Session session = open(2);
        StartSignal started = StartSignal.in(signalDirectory);
        session.execute("CREATE FUNCTION spin(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                        + started.pythonStatement() + "\nwhile True:\n    pass\n$$")
                .close();
        session.execute("CREATE FUNCTION plus1(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS 'return x + 1'")
                .close();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT sum(spin(range)) FROM range(100000)")
                        .close()));
        started.await(1, Duration.ofSeconds(30)); // the cancel must stop Python code, not a query yet to start
        session.cancel();
        QuiverException error = (QuiverException) outcome.get(30, TimeUnit.SECONDS);
        assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(rows(session, "SELECT sum(plus1(range)) FROM range(1000)")).containsExactly(List.of(500500L));
    }

    @Test
    void anOuterJoinConditionMayCallPythonOnOneSideButNotOnBoth() {
        Session session = open(1);
        session.execute("CREATE FUNCTION plus1(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS 'return x + 1'")
                .close();
        assertThat(rows(
                        session,
                        "SELECT a.range, b.range FROM range(3) a LEFT JOIN range(3) b"
                                + " ON plus1(a.range) = b.range ORDER BY a.range"))
                .containsExactly(List.of(0L, 1L), List.of(1L, 2L), java.util.Arrays.asList(2L, null));
        QuiverException error = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT * FROM range(3) a LEFT JOIN range(3) b ON plus1(a.range + b.range) = 3")
                        .close());
        assertThat(error.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(error.getMessage()).contains("LEFT JOIN");
    }
}
