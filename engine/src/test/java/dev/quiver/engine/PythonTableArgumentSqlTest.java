package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table functions with a TABLE parameter where the sqllogictest files cannot look: each partition's
 * rows in order through one instance on 1 to 4 interpreters, EXPLAIN, JDBC metadata and durability.
 */
class PythonTableArgumentSqlTest {
    /** Per partition: its key, row count, whether its rows came in ts order, and one instance's rows. */
    static final String CHECK_ORDER = """
            CREATE FUNCTION check_order(events TABLE) RETURNS TABLE (k BIGINT, n BIGINT, ordered BOOLEAN, keys BIGINT)
            LANGUAGE PYTHON AS $$
            class CheckOrder:
                def __init__(self):
                    self.rows = []
                def eval(self, row):
                    self.rows.append((row['k'], row.ts))
                def terminate(self):
                    times = [ts for _, ts in self.rows]
                    yield self.rows[0][0], len(self.rows), times == sorted(times), len({k for k, _ in self.rows})
            $$""";

    static final String EVENTS =
            "CREATE TABLE events AS SELECT range % 97 AS k, (range * 7919) % 100003 AS ts " + "FROM range(30000)";

    @TempDir
    Path directory;

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    @Test
    void eachPartitionGoesInOrderToOneInstanceOnOneToFourInterpreters() {
        String query = "SELECT count(*), sum(n), bool_and(ordered), max(keys) "
                + "FROM check_order(TABLE(events) PARTITION BY k ORDER BY ts)";
        List<List<List<Object>>> results = new ArrayList<>();
        for (int interpreters = 1; interpreters <= 4; interpreters++) {
            try (Quiver quiver = Quiver.open(QuiverConfig.defaults()
                            .withThreads(2)
                            .withInterpreters(interpreters)
                            .withBatchRows(4096));
                    Session session = quiver.newSession()) {
                session.execute(EVENTS).close();
                session.execute(CHECK_ORDER).close();
                List<List<Object>> result = rows(session, query);
                // 97 partitions, every row once, each partition sorted and alone in its instance
                assertThat(result).containsExactly(List.of(97L, 30000L, true, 1L));
                results.add(result);
                assertThat(quiver.udfPool().liveTableRuns()).isZero();
            }
        }
        for (List<List<Object>> result : results) {
            assertThat(result).isEqualTo(results.getFirst());
        }
    }

    @Test
    void explainShowsThePartitioning() {
        try (Quiver quiver = Quiver.open(QuiverConfig.defaults().withThreads(2).withInterpreters(2));
                Session session = quiver.newSession()) {
            session.execute(EVENTS).close();
            session.execute(CHECK_ORDER).close();
            String plan = rows(session, "EXPLAIN SELECT * FROM check_order(TABLE(events) PARTITION BY k ORDER BY ts)")
                    .toString();
            assertThat(plan)
                    .contains("PythonTableFunction(check_order($2)")
                    .contains("table argument, partition by $0 order by [$1 ASC")
                    .contains("partitions spread over 2 interpreters");
        }
    }

    @Test
    void tableParametersAreStoredAndListedByJdbc() throws Exception {
        Path file = directory.resolve("db.duckdb");
        QuiverConfig config = QuiverConfig.defaults().withThreads(2).withInterpreters(1);
        try (Quiver quiver = Quiver.open(file, config);
                Session session = quiver.newSession()) {
            session.execute(CHECK_ORDER).close();
        }
        try (Quiver quiver = Quiver.open(file, config);
                Session session = quiver.newSession()) {
            session.execute("CREATE TABLE events AS SELECT 1 AS k, 5 AS ts").close();
            assertThat(rows(session, "SELECT * FROM check_order(TABLE(events) PARTITION BY k)"))
                    .containsExactly(List.of(1L, 1L, true, 1L));
            assertThat(rows(session, "SHOW FUNCTIONS FROM python").toString()).contains("events TABLE");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:quiver:" + file + "?interpreters=1");
                ResultSet columns = connection.getMetaData().getFunctionColumns(null, null, "check_order", "events")) {
            assertThat(columns.next()).isTrue();
            assertThat(columns.getString("TYPE_NAME")).isEqualTo("TABLE");
            assertThat(columns.getInt("DATA_TYPE")).isEqualTo(java.sql.Types.OTHER);
        }
    }
}
