package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.udf.pool.InterpreterPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process tier through SQL with the worker environment ({@code ./quiver worker-env}: a Python
 * 3.11 venv with numpy, pandas and pyarrow): {@code auto} sends a numpy function to worker
 * processes and EXPLAIN says why. Skipped when the environment is missing, except with CI=true.
 */
class ProcessTierSqlTest {
    private static final Path WORKER_ENV = Path.of("..", "target", "worker-env", "bin", "python");
    private Quiver database;

    @BeforeEach
    void useWorkerEnvironment() {
        boolean present = Files.isExecutable(WORKER_ENV);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but the worker environment " + WORKER_ENV.toAbsolutePath()
                    + " is missing: run ./quiver worker-env");
        }
        assumeTrue(present, "no worker environment (./quiver worker-env)");
        System.setProperty(
                InterpreterPool.WORKER_PYTHON_PROPERTY,
                WORKER_ENV.toAbsolutePath().toString());
        database = Quiver.open(
                QuiverConfig.defaults().withThreads(2).withInterpreters(2).withBatchRows(4096));
    }

    @AfterEach
    void close() {
        System.clearProperty(InterpreterPool.WORKER_PYTHON_PROPERTY);
        if (database != null) {
            database.close();
        }
    }

    private List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    @Test
    void autoSendsANumpyFunctionToWorkerProcessesAndExplainSaysWhy() {
        Session session = database.newSession();
        session.execute("CREATE FUNCTION np_square(xs DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON KIND VECTORIZED AS $$\n"
                        + "import numpy as np\n"
                        + "def np_square(xs):\n"
                        + "    return (np.asarray(xs, dtype=np.float64) ** 2).tolist()\n$$")
                .close();
        session.execute(
                        "CREATE FUNCTION plain_inc(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON STRICT AS $$ return x + 1 $$")
                .close();
        assertThat(rows(session, "SELECT np_square(CAST(range AS DOUBLE)), plain_inc(range) FROM range(4)"))
                .containsExactly(List.of(0.0, 1L), List.of(1.0, 2L), List.of(4.0, 3L), List.of(9.0, 4L));
        StringBuilder plan = new StringBuilder();
        rows(session, "EXPLAIN SELECT np_square(CAST(range AS DOUBLE)), plain_inc(range) FROM range(4)")
                .forEach(row -> plan.append(row.getFirst()).append('\n'));
        assertThat(plan.toString())
                .contains(
                        "np_square($",
                        "[vectorized, volatile, process tier: numpy is not installed for the embedded Python]")
                .contains("plain_inc($", "[scalar, volatile]")
                .contains("interpreters and worker processes");
    }

    @Test
    void autoSendsNumpyAggregatesAndTableFunctionsToWorkerProcesses() {
        Session session = database.newSession();
        session.execute("CREATE AGGREGATE FUNCTION np_median(x DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$\n"
                        + "import numpy as np\n"
                        + "class NpMedian:\n"
                        + "    def __init__(self):\n"
                        + "        self.values = []\n"
                        + "    @property\n"
                        + "    def aggregate_state(self):\n"
                        + "        return self.values\n"
                        + "    def accumulate(self, x):\n"
                        + "        self.values.append(x)\n"
                        + "    def merge(self, other):\n"
                        + "        self.values.extend(other)\n"
                        + "    def finish(self):\n"
                        + "        return float(np.median(self.values)) if self.values else None\n$$")
                .close();
        session.execute("CREATE FUNCTION np_steps(n BIGINT) RETURNS TABLE (step DOUBLE) LANGUAGE PYTHON AS $$\n"
                        + "import numpy as np\n"
                        + "def np_steps(n):\n"
                        + "    yield from np.linspace(0.0, 1.0, n).tolist()\n$$")
                .close();
        assertThat(rows(
                        session,
                        "SELECT range % 2, np_median(CAST(range AS DOUBLE)) FROM range(10001) GROUP BY 1"
                                + " ORDER BY 1"))
                .containsExactly(List.of(0L, 5000.0), List.of(1L, 5000.0));
        assertThat(rows(session, "SELECT step FROM np_steps(3)"))
                .containsExactly(List.of(0.0), List.of(0.5), List.of(1.0));
        assertThat(rows(session, "SELECT count(*), max(step) FROM np_steps(100001)"))
                .containsExactly(List.of(100001L, 1.0));
        String why = "process tier: numpy is not installed for the embedded Python";
        assertThat(ExplainText.of(
                        session, "SELECT range % 2, np_median(CAST(range AS DOUBLE)) FROM range(10) GROUP BY 1"))
                .contains("PythonAggregate(np_median($", "[" + why + "], 2 worker processes)");
        assertThat(ExplainText.of(session, "SELECT r.range, s.step FROM range(3) r, LATERAL np_steps(r.range) s"))
                .contains("PythonTableFunction(np_steps($", "[table, volatile, " + why + "]")
                .contains("input rows spread over 2 worker processes");
    }

    @Test
    void pandasAndPyarrowImportInTheWorkers() {
        Session session = database.newSession();
        session.execute("CREATE FUNCTION pd_len(s VARCHAR) RETURNS BIGINT LANGUAGE PYTHON KIND VECTORIZED"
                        + " WITH (isolation = 'process') AS $$\n"
                        + "import pandas as pd, pyarrow as pa\n"
                        + "def pd_len(s):\n"
                        + "    return pd.Series(pa.array(list(s)).to_pylist()).str.len().tolist()\n$$")
                .close();
        assertThat(rows(session, "SELECT pd_len(w) FROM (VALUES ('a'), ('abc')) t(w)"))
                .containsExactly(List.of(1L), List.of(3L));
    }

    @Test
    void batchFormatsHandTheFunctionArraysOfTheirPackageWithNullsMasked() {
        Session session = database.newSession();
        session.execute("CREATE TABLE t (x DOUBLE, n BIGINT, s VARCHAR)").close();
        session.execute("INSERT INTO t VALUES (1.5, 1, 'a'), (NULL, 2, NULL), (3.0, NULL, 'ccc')")
                .close();
        session.execute("CREATE FUNCTION np_kind(x DOUBLE, n BIGINT) RETURNS VARCHAR LANGUAGE PYTHON KIND VECTORIZED"
                        + " WITH (batch_format = 'numpy') AS $$\n"
                        + "import numpy as np\n"
                        + "def np_kind(x, n):\n"
                        + "    return [type(x).__name__ + '/' + type(n).__name__] * len(x)\n$$")
                .close();
        session.execute("CREATE FUNCTION np_twice(x DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON KIND VECTORIZED"
                        + " WITH (batch_format = 'numpy') AS $$\n"
                        + "def np_twice(x):\n"
                        + "    return x * 2\n$$")
                .close();
        session.execute("CREATE FUNCTION pd_upper(s VARCHAR) RETURNS VARCHAR LANGUAGE PYTHON KIND VECTORIZED"
                        + " WITH (batch_format = 'pandas') AS $$\n"
                        + "def pd_upper(s):\n"
                        + "    assert str(s.dtype) == 'string', s.dtype\n"
                        + "    return s.str.upper()\n$$")
                .close();
        session.execute("CREATE FUNCTION pa_plus(n BIGINT) RETURNS BIGINT LANGUAGE PYTHON KIND VECTORIZED"
                        + " WITH (batch_format = 'pyarrow') AS $$\n"
                        + "import pyarrow.compute as pc\n"
                        + "def pa_plus(n):\n"
                        + "    return pc.add(n, 10)\n$$")
                .close();
        assertThat(rows(session, "SELECT np_kind(x, n), np_twice(x), pd_upper(s), pa_plus(n) FROM t"))
                .containsExactly(
                        List.of("MaskedArray/MaskedArray", 3.0, "A", 11L),
                        java.util.Arrays.asList("MaskedArray/MaskedArray", null, null, 12L),
                        java.util.Arrays.asList("MaskedArray/MaskedArray", 6.0, "CCC", null));
        // RETURNS NULL ON NULL INPUT compacts NULL rows away: plain arrays over the batch memory
        session.execute("CREATE FUNCTION np_strict(x DOUBLE) RETURNS VARCHAR LANGUAGE PYTHON STRICT KIND VECTORIZED"
                        + " WITH (batch_format = 'numpy') AS $$\n"
                        + "def np_strict(x):\n"
                        + "    return [type(x).__name__ + ':' + str(x.flags.writeable)] * len(x)\n$$")
                .close();
        assertThat(rows(session, "SELECT np_strict(x) FROM t"))
                .containsExactly(
                        List.of("ndarray:False"), java.util.Arrays.asList((Object) null), List.of("ndarray:False"));
    }

    @Test
    void aModuleTheWorkersLackStillFailsCreate() {
        Session session = database.newSession();
        QuiverException failure = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("CREATE FUNCTION nothing_here(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                                + "import surely_not_installed_pkg\n"
                                + "def nothing_here(x):\n    return x\n$$")
                        .close());
        assertThat(failure.getMessage()).contains("No module named 'surely_not_installed_pkg'");
    }
}
