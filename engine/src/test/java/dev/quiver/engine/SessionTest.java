package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link Session} offers beyond one statement's SQL — scripts and EXPLAIN's text — over a table
 * built from hand-made Arrow batches. SQL behaviour is in sql-tests (basics/end_to_end.test,
 * ddl/table_lifecycle.test).
 */
class SessionTest {
    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(4));
        session = database.newSession();
    }

    @AfterEach
    void close() {
        session.close();
        database.close(); // fails if a query leaked memory
    }

    private void numbers(int rows, int perBatch) {
        List<Batch> batches = new ArrayList<>();
        Schema schema = null;
        for (int start = 0; start < rows; start += perBatch) {
            int count = Math.min(perBatch, rows - start);
            BigIntVector id = new BigIntVector("id", database.storageAllocator());
            VarCharVector name = new VarCharVector("name", database.storageAllocator());
            id.allocateNew(count);
            name.allocateNew(count);
            for (int index = 0; index < count; index++) {
                id.set(index, start + index);
                if ((start + index) % 5 == 0) {
                    name.setNull(index);
                } else {
                    name.setSafe(index, ("n" + (start + index)).getBytes());
                }
            }
            id.setValueCount(count);
            name.setValueCount(count);
            List<FieldVector> columns = List.of(id, name);
            schema = new Schema(List.of(id.getField(), name.getField()));
            batches.add(new Batch(columns, count));
        }
        database.catalog().create(new MemoryTable("numbers", schema, batches));
    }

    @Test
    void scriptReturnsTheLastResult() {
        numbers(3, 2);
        try (QueryResult result = session.executeScript(
                "INSERT INTO numbers VALUES (7, 'seven'); SELECT id FROM numbers ORDER BY id DESC LIMIT 1")) {
            assertThat(result.rows()).containsExactly(List.of(7L));
        }
    }

    @Test
    void explainShowsPlansAndPipelines() {
        numbers(3, 2);
        try (QueryResult result = session.execute("EXPLAIN PLAN FOR SELECT id FROM numbers ORDER BY id LIMIT 2")) {
            String text = String.join(
                    "\n",
                    result.rows().stream().map(row -> (String) row.getFirst()).toList());
            // ORDER BY with a small LIMIT runs as a top-N, not a full sort followed by a limit
            assertThat(text)
                    .contains("Logical plan:", "VecSort", "Pipelines:", "TableScan(numbers", "TopN(", "fetch=2")
                    .doesNotContain("Limit(");
        }
    }

    @Test
    void explainAnalyzeRunsTheQueryAndCountsEachStagesRows() {
        numbers(10, 4);
        try (QueryResult result = session.execute(
                "EXPLAIN ANALYZE SELECT name, count(*) FROM numbers WHERE id >= 3 GROUP BY name ORDER BY name")) {
            List<String> lines =
                    result.rows().stream().map(row -> (String) row.getFirst()).toList();
            assertThat(lines.getFirst()).isEqualTo("Physical plan:");
            assertThat(String.join("\n", lines))
                    .contains("VecAggregate", "Pipelines (", "1. pipeline, wall ", "result rows");
            // 10 rows in 3 batches scanned, 7 pass the filter and reach the aggregate: 7 groups (one NULL)
            assertThat(lines).anyMatch(line -> line.matches(".* 10 rows +3 batches .*TableScan\\(numbers.*"));
            assertThat(lines).anyMatch(line -> line.matches(".* 7 rows .*-> Filter\\(.*"));
            assertThat(lines).anyMatch(line -> line.matches(".* 7 rows .*=> HashAggregate\\(.*"));
            assertThat(lines).anyMatch(line -> line.matches(".* 7 rows .*=> Result.*"));
            assertThat(lines).anyMatch(line -> line.matches("Total: .*, 7 result rows"));
        }
    }

    @Test
    void explainAnalyzeShowsASubqueryUsedTwiceComputedOnce() {
        numbers(10, 4);
        try (QueryResult result = session.execute("EXPLAIN ANALYZE WITH g AS (SELECT name, count(*) AS c FROM numbers"
                + " GROUP BY name) SELECT a.name, a.c + b.c FROM g a JOIN g b ON a.name = b.name")) {
            List<String> lines =
                    result.rows().stream().map(row -> (String) row.getFirst()).toList();
            // one pipeline scans and aggregates into the spool; the join's two sides each read it
            assertThat(lines)
                    .filteredOn(line -> line.contains("TableScan(numbers"))
                    .hasSize(1);
            assertThat(lines).filteredOn(line -> line.endsWith("=> Spool")).hasSize(1);
            assertThat(lines).filteredOn(line -> line.endsWith("%  Spool")).hasSize(2);
            // names n1..n9 but n5 (NULL for multiples of 5): eight groups, each matching itself
            assertThat(lines).anyMatch(line -> line.matches("Total: .*, 8 result rows"));
        }
    }

    @Test
    void explainAnalyzeKeepsACteUsedTwiceSharedWhenEachUseJoinsASmallTable() {
        for (String ddl : List.of(
                "CREATE TABLE sales AS SELECT CAST(i % 40 AS BIGINT) AS k, i AS v FROM range(0, 4000) t(i)",
                "CREATE TABLE red AS SELECT i AS k FROM range(0, 3) t(i)",
                "CREATE TABLE blue AS SELECT i * 2 AS k, 'b' AS tag FROM range(0, 3) t(i)")) {
            session.execute(ddl).close();
        }
        // red and blue are whole tables: a semi join with one of them below one reference's
        // GROUP BY would remove nothing and make the two references differ, so the 4000 sales
        // rows would be aggregated twice
        try (QueryResult result = session.execute("EXPLAIN ANALYZE WITH g AS (SELECT k, sum(v) AS s FROM sales"
                + " GROUP BY k) SELECT a.k, a.s, b.s FROM g a JOIN red ON a.k = red.k JOIN g b ON b.k = a.k"
                + " JOIN blue ON b.k = blue.k")) {
            List<String> lines =
                    result.rows().stream().map(row -> (String) row.getFirst()).toList();
            assertThat(lines)
                    .filteredOn(line -> line.contains("TableScan(sales"))
                    .hasSize(1);
            assertThat(lines).noneMatch(line -> line.contains("SEMI"));
            // keys 0, 1, 2 against 0, 2, 4
            assertThat(lines).anyMatch(line -> line.matches("Total: .*, 2 result rows"));
        }
    }

    @Test
    void explainAnalyzeRecomputesAFactJoinEachParentFiltersDifferently() {
        for (String ddl : List.of(
                "CREATE TABLE fact AS SELECT i AS id, i % 7 AS wid, i % 30 AS did, i % 11 AS qty FROM range(0, 600) t(i)",
                "CREATE TABLE wh AS SELECT i AS wid, 'w' || CAST(i AS VARCHAR) AS wname FROM range(0, 7) t(i)",
                "CREATE TABLE dd AS SELECT i AS did, i % 3 AS moy FROM range(0, 30) t(i)")) {
            session.execute(ddl).close();
        }
        // fact ⋈ wh is the same subplan in both references, each then joined with other dd rows:
        // per parent, dd's join filter reaches the fact scan; a spool would keep all of fact
        try (QueryResult result = session.execute("EXPLAIN ANALYZE WITH t AS (SELECT wname, moy, sum(qty) s"
                + " FROM fact JOIN wh ON fact.wid = wh.wid JOIN dd ON fact.did = dd.did GROUP BY wname, moy)"
                + " SELECT a.wname, a.s, b.s FROM t a JOIN t b ON a.wname = b.wname WHERE a.moy = 1 AND b.moy = 2")) {
            List<String> lines =
                    result.rows().stream().map(row -> (String) row.getFirst()).toList();
            assertThat(lines).noneMatch(line -> line.endsWith("Spool"));
            assertThat(lines)
                    .filteredOn(line -> line.contains("TableScan(fact"))
                    .hasSize(2);
            assertThat(lines).anyMatch(line -> line.matches("Total: .*, 7 result rows"));
        }
    }

    @Test
    void explainAnalyzeShowsWherePlanningTimeWent() {
        numbers(10, 4);
        try (QueryResult result = session.execute("EXPLAIN ANALYZE SELECT a.name FROM numbers a JOIN numbers b"
                + " ON a.id = b.id WHERE a.id IN (SELECT id FROM numbers WHERE id > 2)")) {
            List<String> lines =
                    result.rows().stream().map(row -> (String) row.getFirst()).toList();
            int phases = lines.indexOf("Planning phases (validation to operators; parsing came before):");
            assertThat(phases).isPositive();
            // one line per phase, in the order they ran, each with wall and CPU time
            assertThat(lines.subList(phases + 1, lines.size()))
                    .filteredOn(line -> line.matches("  [a-z ()]+ +[0-9.]+ ms \\(cpu +[0-9.]+ ms\\) +[0-9.]+ %"))
                    .extracting(line -> line.substring(0, 26).strip())
                    .startsWith("validate", "sql to rel")
                    .contains("simplify", "join order", "physical", "operators");
        }
    }

    @Test
    void explainAnalyzeRefusesDataChangesWithoutRunningThem() {
        numbers(3, 2);
        assertThatThrownBy(() -> session.execute("EXPLAIN ANALYZE DELETE FROM numbers"))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("EXPLAIN ANALYZE runs queries only");
        try (QueryResult result = session.execute("SELECT count(*) FROM numbers")) {
            assertThat(result.rows()).containsExactly(List.of(3L));
        }
    }

    @Test
    void explainAnalyzeOfSettingFunctionsStaysAnalyze() {
        try (QueryResult result = session.execute("EXPLAIN ANALYZE SELECT current_setting('threads')")) {
            assertThat(result.rows().stream().map(row -> (String) row.getFirst()))
                    .anyMatch(line -> line.endsWith(", 1 result rows"));
        }
    }
}
