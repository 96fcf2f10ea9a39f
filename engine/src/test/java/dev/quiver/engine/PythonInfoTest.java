package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.udf.cpython.PythonRuntime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code SELECT * FROM python_info()}: the embedded Python and the pool, read when the query runs. */
class PythonInfoTest {

    @Test
    void describesThePythonAndThePoolAsFunctionsSeeThem() {
        try (Quiver database =
                        Quiver.open(QuiverConfig.defaults().withInterpreters(2).withPythonQueryMemoryLimit(1L << 30));
                Session session = database.newSession();
                QueryResult result = session.execute("SELECT name, value FROM python_info()")) {
            List<List<Object>> rows = result.rows();
            Map<String, String> first = rows.stream()
                    .collect(Collectors.toMap(
                            row -> (String) row.get(0),
                            row -> (String) row.get(1),
                            (a, b) -> a,
                            java.util.LinkedHashMap::new));
            assertThat(first.get("python_version")).startsWith("3.13");
            assertThat(first.get("python_executable")).contains("python");
            assertThat(first.get("isolation")).contains("one GIL each");
            assertThat(first.get("interpreters")).isEqualTo("2");
            assertThat(first.get("abandoned_interpreters")).isEqualTo("0");
            assertThat(first.get("python_query_memory_limit")).isEqualTo("1.0 GiB (per query)");
            assertThat(first).containsKey("memory_accounting");
            List<Object> sysPath = rows.stream()
                    .filter(row -> row.get(0).equals("sys_path"))
                    .map(row -> row.get(1))
                    .toList();
            assertThat(sysPath).anySatisfy(entry -> assertThat((String) entry).endsWith("lib-dynload"));
            assertThat(rows.stream().filter(row -> ((String) row.get(0)).startsWith("interpreter ")))
                    .hasSize(2)
                    .allSatisfy(row ->
                            assertThat((String) row.get(1)).startsWith("idle").matches(".* s CPU"));
            // the process tier, as a worker process sees it
            assertThat(first.get("worker_python_version")).startsWith("3.");
            assertThat(first.get("worker_python_executable")).contains("python");
            assertThat(first.get("worker_memory_limit")).contains("per worker process");
            assertThat(rows).anySatisfy(row -> assertThat(row.get(0)).isEqualTo("worker_sys_path"));
            assertThat(rows.stream().filter(row -> ((String) row.get(0)).startsWith("worker quiver-process-")))
                    .hasSize(2)
                    .anySatisfy(row -> assertThat((String) row.get(0)).contains("(pid "));
        }
    }

    @Test
    void anotherSessionSeesWhatEachInterpreterAndQueryRuns() throws Exception {
        // Two engine threads: with one, the watching query would wait for the running one.
        try (Quiver database = Quiver.open(QuiverConfig.defaults()
                        .withThreads(2)
                        .withInterpreters(2)
                        .withPythonQueryMemoryLimit(1L << 30));
                Session running = database.newSession();
                Session watching = database.newSession()) {
            running.execute("CREATE FUNCTION nap(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                            + "import time\ntime.sleep(3)\nreturn x\n$$")
                    .close();
            Thread query = Thread.ofPlatform()
                    .start(() ->
                            running.execute("SELECT nap(range) FROM range(1)").close());
            List<List<Object>> seen = List.of();
            boolean counted = PythonRuntime.get().memoryAccounting().isAvailable();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline
                    && !(seen.stream().anyMatch(row -> ((String) row.get(1)).startsWith("running nap"))
                            && (!counted
                                    || seen.stream().anyMatch(row -> row.get(0).equals("query_python_memory"))))) {
                try (QueryResult result = watching.execute("SELECT name, value FROM python_info()")) {
                    seen = result.rows();
                }
                Thread.sleep(20);
            }
            query.join();
            assertThat(seen).anySatisfy(row -> assertThat(row.get(1)).asString().startsWith("running nap"));
            if (!counted) {
                return; // per-query Python memory is shown only where libquiver_pymem was built
            }
            assertThat(seen).anySatisfy(row -> {
                assertThat(row.get(0)).isEqualTo("query_python_memory");
                assertThat(row.get(1)).asString().contains("of 1.0 GiB (1 call(s) running)");
            });
        }
    }

    @Test
    void isATableLikeAnyOther() {
        try (Quiver database = Quiver.open(QuiverConfig.defaults().withInterpreters(1));
                Session session = database.newSession();
                QueryResult result =
                        session.execute("SELECT value FROM python_info() WHERE name = 'interpreters' ORDER BY value")) {
            assertThat(result.rows()).containsExactly(List.of("1"));
        }
    }
}
