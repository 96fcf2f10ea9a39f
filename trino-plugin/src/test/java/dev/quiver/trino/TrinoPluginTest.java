package dev.quiver.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.udf.pool.InterpreterStatus;
import io.trino.Session;
import io.trino.execution.QueryManager;
import io.trino.plugin.memory.MemoryPlugin;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.server.BasicQueryInfo;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import io.trino.testing.TestingSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plugin in a real Trino: a coordinator and two workers in this JVM (trino-testing's
 * DistributedQueryRunner), with the tpch and memory connectors. The one Trino suite of the build: the
 * runner takes a few seconds to start, so every case shares it.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoPluginTest {
    private DistributedQueryRunner runner;

    @BeforeAll
    void startTrino() throws Exception {
        Session session = TestingSession.testSessionBuilder()
                .setCatalog("tpch")
                .setSchema("tiny")
                .build();
        runner = DistributedQueryRunner.builder(session).setWorkerCount(2).build();
        runner.installPlugin(new TpchPlugin());
        runner.createCatalog("tpch", "tpch", Map.of("tpch.splits-per-node", "4"));
        runner.installPlugin(new MemoryPlugin());
        runner.createCatalog("memory", "memory", Map.of());
        runner.installPlugin(new QuiverPythonPlugin());
    }

    @AfterAll
    void stopTrino() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void inlineFunctionRunsOnTheRowsOfATable() {
        MaterializedResult result = runner.execute("""
                WITH FUNCTION twice(x bigint)
                    RETURNS bigint
                    LANGUAGE PYTHON
                    WITH (handler = 'twice')
                    AS $$
                    def twice(x):
                        return x * 2
                    $$
                SELECT twice(nationkey) FROM nation WHERE nationkey = 21
                """);
        assertThat(result.getOnlyValue()).isEqualTo(42L);
    }

    static Stream<Arguments> typesAndValues() {
        return Stream.of(
                Arguments.of("boolean", "true"),
                Arguments.of("tinyint", "TINYINT '-7'"),
                Arguments.of("smallint", "SMALLINT '300'"),
                Arguments.of("integer", "123456"),
                Arguments.of("bigint", "BIGINT '9007199254740993'"),
                Arguments.of("real", "REAL '1.5'"),
                Arguments.of("double", "DOUBLE '-2.25'"),
                Arguments.of("decimal(10,2)", "DECIMAL '12345678.91'"),
                Arguments.of("decimal(30,5)", "DECIMAL '1234567890123456789012345.12345'"),
                Arguments.of("varchar", "'héllo wörld ✓'"),
                Arguments.of("varbinary", "X'00FF10'"),
                Arguments.of("date", "DATE '2024-02-29'"),
                Arguments.of("timestamp(3)", "TIMESTAMP '2024-02-29 12:34:56.789'"),
                Arguments.of("timestamp(6)", "TIMESTAMP '1969-12-31 23:59:59.999999'"),
                Arguments.of("array(bigint)", "ARRAY[1, NULL, 3]"),
                Arguments.of("array(varchar)", "ARRAY['a', NULL, 'ü']"),
                Arguments.of("map(varchar, double)", "MAP(ARRAY['a', 'b'], ARRAY[1.5, NULL])"),
                Arguments.of("row(a bigint, b varchar)", "ROW(1, 'x')"),
                Arguments.of("array(row(k integer, v array(date)))", "ARRAY[ROW(1, ARRAY[DATE '2000-01-01', NULL])]"));
    }

    /** Each type goes to Python and back unchanged, NULL arrives as None, and a NULL result is NULL. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("typesAndValues")
    void everyTypeRoundTripsWithNulls(String type, String literal) {
        MaterializedResult result = runner.execute("""
                WITH
                  FUNCTION same(x %1$s) RETURNS %1$s LANGUAGE PYTHON WITH (handler = 'same')
                    AS $$
                    def same(x):
                        return x
                    $$,
                  FUNCTION is_none(x %1$s) RETURNS boolean LANGUAGE PYTHON WITH (handler = 'is_none')
                    AS $$
                    def is_none(x):
                        return x is None
                    $$
                SELECT count_if(same(v) IS NOT DISTINCT FROM v), count_if(is_none(v) = (v IS NULL)), count(*)
                FROM (SELECT CAST(%2$s AS %1$s) AS v UNION ALL SELECT CAST(NULL AS %1$s))
                """.formatted(type, literal));
        assertThat(result.getMaterializedRows().getFirst().getFields()).containsExactly(2L, 2L, 2L);
    }

    @Test
    void returnsNullOnNullInputSkipsTheCall() {
        MaterializedResult result = runner.execute("""
                WITH FUNCTION one(x bigint) RETURNS bigint RETURNS NULL ON NULL INPUT
                    LANGUAGE PYTHON WITH (handler = 'one')
                    AS $$
                    def one(x):
                        return 1
                    $$
                SELECT one(v) FROM (VALUES BIGINT '5', NULL) AS t(v) ORDER BY v
                """);
        assertThat(result.getMaterializedRows().stream().map(row -> row.getField(0)))
                .containsExactly(1L, null);
    }

    @Test
    void catalogFunctionIsStoredAndCalled() {
        runner.execute("""
                CREATE FUNCTION memory.default.py_title(s varchar) RETURNS varchar
                    LANGUAGE PYTHON WITH (handler = 'title')
                    AS $$
                    def title(s):
                        return s.title()
                    $$
                """);
        try {
            assertThat(runner.execute("SELECT memory.default.py_title(name) FROM nation WHERE nationkey = 24")
                            .getOnlyValue())
                    .isEqualTo("United States");
        } finally {
            runner.execute("DROP FUNCTION memory.default.py_title(varchar)");
        }
    }

    @Test
    void pythonErrorNamesTheFunctionAndCarriesTheTraceback() {
        assertThatThrownBy(() -> runner.execute("""
                        WITH FUNCTION ratio(x bigint) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'ratio')
                            AS $$
                            def ratio(x):
                                return 10 // (x - x)
                            $$
                        SELECT ratio(nationkey) FROM nation
                        """))
                .hasMessageContaining("ratio")
                .hasMessageContaining("ZeroDivisionError")
                .hasMessageContaining("line 2");
    }

    @Test
    void definitionErrorsFailAtCreateWithPythonsOwnMessage() {
        assertThatThrownBy(() -> runner.execute("""
                        CREATE FUNCTION memory.default.broken(x bigint) RETURNS bigint
                            LANGUAGE PYTHON WITH (handler = 'broken')
                            AS $$
                            def broken(x)
                                return x
                            $$
                        """)).hasMessageContaining("SyntaxError");
        assertThatThrownBy(() -> runner.execute("""
                        WITH FUNCTION f(x bigint) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'missing')
                            AS $$
                            def present(x):
                                return x
                            $$
                        SELECT f(1)
                        """)).hasMessageContaining("missing");
        assertThatThrownBy(() -> runner.execute("""
                        WITH FUNCTION f(x bigint) RETURNS bigint LANGUAGE PYTHON
                            AS $$
                            def f(x):
                                return x
                            $$
                        SELECT f(1)
                        """)).hasMessageContaining("handler");
        assertThatThrownBy(() -> runner.execute("""
                        WITH FUNCTION f(x time) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'f')
                            AS $$
                            def f(x):
                                return 1
                            $$
                        SELECT f(TIME '01:02:03')
                        """)).hasMessageContaining("not supported by Python functions");
    }

    @Test
    void wrongResultTypeFailsTheQuery() {
        assertThatThrownBy(() -> runner.execute("""
                        WITH FUNCTION f(x bigint) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'f')
                            AS $$
                            def f(x):
                                return 'not a number'
                            $$
                        SELECT f(nationkey) FROM nation
                        """)).hasMessageContaining("f");
    }

    /** A query past its time limit interrupts the stuck Python code; the interpreters stay usable. */
    @Test
    void timeoutInterruptsAStuckFunction() {
        Session limited = Session.builder(runner.getDefaultSession())
                .setSystemProperty("query_max_run_time", "3s")
                .build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.execute(limited, """
                        WITH FUNCTION spin(x bigint) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'spin')
                            AS $$
                            def spin(x):
                                while True:
                                    pass
                            $$
                        SELECT spin(nationkey) FROM nation
                        """)).hasMessageContaining("exceeded");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        awaitIdleInterpreters();
        assertThat(SharedPool.get().pool().abandonedInterpreters()).isZero();
        assertThat(runner.execute("""
                                WITH FUNCTION inc(x bigint) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'inc')
                                    AS $$
                                    def inc(x):
                                        return x + 1
                                    $$
                                SELECT inc(41)
                                """).getOnlyValue()).isEqualTo(42L);
    }

    /** Cancelling the query (as a client's cancel does) interrupts the Python code it runs. */
    @Test
    void cancelInterruptsAStuckFunction() {
        CompletableFuture<MaterializedResult> query = CompletableFuture.supplyAsync(() -> runner.execute("""
                WITH FUNCTION spin_forever(x bigint) RETURNS bigint LANGUAGE PYTHON
                    WITH (handler = 'spin_forever')
                    AS $$
                    def spin_forever(x):
                        while True:
                            pass
                    $$
                SELECT spin_forever(nationkey) FROM nation
                """));
        awaitInterpreterRunning("spin_forever");
        QueryManager queries = runner.getCoordinator().getQueryManager();
        BasicQueryInfo running = queries.getQueries().stream()
                .filter(info -> info.getQuery().contains("spin_forever")
                        && !info.getState().isDone())
                .findFirst()
                .orElseThrow();
        queries.cancelQuery(running.getQueryId());
        assertThatThrownBy(query::join).isInstanceOf(CompletionException.class);
        awaitIdleInterpreters();
        assertThat(SharedPool.get().pool().abandonedInterpreters()).isZero();
    }

    /** The calls of one query run on every node's drivers (one JVM here, so on the one shared pool). */
    @Test
    void queryIsSpreadOverTheWorkers() {
        QueryRunner.MaterializedResultWithPlan result = runner.executeWithPlan(runner.getDefaultSession(), """
                WITH FUNCTION py_len(s varchar) RETURNS bigint LANGUAGE PYTHON WITH (handler = 'py_len')
                    AS $$
                    def py_len(s):
                        return len(s)
                    $$
                SELECT sum(py_len(comment)) = sum(length(comment)), count(*) FROM customer
                """);
        MaterializedRow row = result.result().getMaterializedRows().getFirst();
        assertThat(row.getFields()).containsExactly(true, 1500L);
        Object nodes = runner.execute(
                        "SELECT count(DISTINCT node_id) FROM system.runtime.tasks WHERE query_id = '%s' AND processed_input_rows > 0"
                                .formatted(result.queryId()))
                .getOnlyValue();
        assertThat((Long) nodes).isGreaterThanOrEqualTo(2L);
        assertThat(runner.getNodeCount()).isEqualTo(3);
    }

    private static void awaitInterpreterRunning(String function) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (SharedPool.get().pool().interpreterStatus().stream()
                    .anyMatch(interpreter -> function.equals(interpreter.function()))) {
                return;
            }
            pause();
        }
        throw new AssertionError("no interpreter ran " + function + ": "
                + SharedPool.get().pool().interpreterStatus());
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void awaitIdleInterpreters() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<InterpreterStatus> status = SharedPool.get().pool().interpreterStatus();
            if (status.stream().allMatch(interpreter -> interpreter.state().equals("idle"))) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError(
                "interpreters still busy: " + SharedPool.get().pool().interpreterStatus());
    }
}
