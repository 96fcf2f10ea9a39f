package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.error.ErrorCode;
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

/** End-to-end: SQL text through planning and the pipelines to a result. */
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

    private List<List<Object>> rows(String sql) {
        try (QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    @Test
    void selectsAllRowsOfATable() {
        numbers(10, 3);
        assertThat(rows("SELECT * FROM numbers")).hasSize(10);
    }

    @Test
    void ordersAndLimits() {
        numbers(25, 4);
        assertThat(rows("SELECT id FROM numbers ORDER BY id DESC LIMIT 3"))
                .containsExactly(List.of(24L), List.of(23L), List.of(22L));
        assertThat(rows("SELECT name, id FROM numbers ORDER BY name NULLS FIRST, id LIMIT 2 OFFSET 4"))
                .containsExactly(java.util.Arrays.asList(null, 20L), List.of("n1", 1L));
    }

    @Test
    void valuesWithoutATable() {
        assertThat(rows("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(x, y) ORDER BY x DESC"))
                .containsExactly(List.of(2, "b"), List.of(1, "a"));
    }

    @Test
    void insertAppendsRowsVisibleToLaterQueries() {
        numbers(3, 2);
        try (QueryResult result = session.execute("INSERT INTO numbers VALUES (100, 'x'), (101, NULL)")) {
            assertThat(result.hasRows()).isFalse();
            assertThat(result.updateCount()).isEqualTo(2);
        }
        try (QueryResult result = session.execute("INSERT INTO numbers SELECT id, name FROM numbers")) {
            assertThat(result.updateCount()).isEqualTo(5);
        }
        assertThat(rows("SELECT id, name FROM numbers ORDER BY id, name")).containsExactly(
                java.util.Arrays.asList(0L, null), java.util.Arrays.asList(0L, null), List.of(1L, "n1"),
                List.of(1L, "n1"), List.of(2L, "n2"), List.of(2L, "n2"), List.of(100L, "x"), List.of(100L, "x"),
                java.util.Arrays.asList(101L, null), java.util.Arrays.asList(101L, null));
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
            String text = String.join("\n", result.rows().stream().map(row -> (String) row.getFirst()).toList());
            assertThat(text).contains("Logical plan:", "VecSort", "Pipelines:", "TableScan(numbers", "Sort(", "Limit(");
        }
    }

    @Test
    void generateSeriesProducesParallelMorsels() {
        // batchRows is 4 here, so 10 values arrive in 3 morsels, possibly out of order before the sort.
        assertThat(rows("SELECT * FROM generate_series(1, 10) ORDER BY 1 DESC LIMIT 3"))
                .containsExactly(List.of(10L), List.of(9L), List.of(8L));
        assertThat(rows("SELECT * FROM generate_series(0, 20, 5)")).hasSize(5);
    }

    @Test
    void createInsertSelectAndDrop() {
        session.execute("CREATE TABLE t (a INTEGER NOT NULL, b VARCHAR, c DECIMAL(10,2), d DATE)").close();
        session.execute("INSERT INTO t VALUES (1, 'x', 1.5, DATE '2024-02-29'), (2, NULL, NULL, NULL)").close();
        assertThat(rows("SELECT * FROM t ORDER BY a")).containsExactly(
                List.of(1, "x", new java.math.BigDecimal("1.50"), java.time.LocalDate.of(2024, 2, 29)),
                java.util.Arrays.asList(2, null, null, null));
        session.execute("CREATE TABLE u AS SELECT b, a FROM t ORDER BY a DESC").close();
        assertThat(rows("SELECT * FROM u")).containsExactly(java.util.Arrays.asList(null, 2), List.of("x", 1));
        assertThat(rows("SHOW TABLES")).containsExactly(List.of("t"), List.of("u"));
        session.execute("DROP TABLE u").close();
        session.execute("DROP TABLE IF EXISTS u").close();
        assertThat(rows("SHOW TABLES")).containsExactly(List.of("t"));
    }

    @Test
    void ddlErrorsNameTheTable() {
        session.execute("CREATE TABLE t (a INTEGER NOT NULL)").close();
        QuiverException exists = catchThrowableOfType(QuiverException.class, () -> session.execute("CREATE TABLE t (b INTEGER)"));
        assertThat(exists.code()).isEqualTo(ErrorCode.TABLE_EXISTS);
        session.execute("CREATE TABLE IF NOT EXISTS t (b INTEGER)").close();
        session.execute("CREATE OR REPLACE TABLE t (b INTEGER)").close();
        assertThat(rows("SELECT * FROM t")).isEmpty();
        QuiverException missing = catchThrowableOfType(QuiverException.class, () -> session.execute("DROP TABLE nope"));
        assertThat(missing.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(missing.getMessage()).contains("nope");
        QuiverException duplicate = catchThrowableOfType(QuiverException.class,
                () -> session.execute("CREATE TABLE d (x INTEGER, X BIGINT)"));
        assertThat(duplicate.getMessage()).contains("more than once");
        QuiverException badType = catchThrowableOfType(QuiverException.class,
                () -> session.execute("CREATE TABLE m (x money)"));
        assertThat(badType.getMessage()).contains("money");
    }

    @Test
    void notNullColumnsRejectNullsAndKeepTheTableUnchanged() {
        session.execute("CREATE TABLE t (a INTEGER NOT NULL, b INTEGER)").close();
        session.execute("INSERT INTO t VALUES (1, 1)").close();
        QuiverException failure = catchThrowableOfType(QuiverException.class,
                () -> session.execute("INSERT INTO t SELECT * FROM (VALUES (2, 2), (NULL, 3)) AS v(a, b)"));
        assertThat(failure.code()).isEqualTo(ErrorCode.NOT_NULL_VIOLATION);
        assertThat(failure.getMessage()).contains("'a'", "does not allow NULLs");
        session.execute("CREATE TABLE source (a INTEGER, b INTEGER)").close();
        session.execute("INSERT INTO source VALUES (2, 2), (NULL, 3)").close();
        QuiverException atRunTime = catchThrowableOfType(QuiverException.class,
                () -> session.execute("INSERT INTO t SELECT a, b FROM source"));
        assertThat(atRunTime.code()).isEqualTo(ErrorCode.NOT_NULL_VIOLATION);
        assertThat(atRunTime.getMessage()).contains("column a", "table t");
        assertThat(rows("SELECT * FROM t")).containsExactly(List.of(1, 1));
    }

    @Test
    void unknownTableNamesTheTableAndPosition() {
        QuiverException failure = catchThrowableOfType(QuiverException.class,
                () -> session.execute("SELECT *\nFROM nowhere"));
        assertThat(failure.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(failure.getMessage()).contains("nowhere");
        assertThat(failure.line()).isEqualTo(2);
        assertThat(failure.column()).isEqualTo(6);
    }

    @Test
    void syntaxErrorHasAPosition() {
        QuiverException failure = catchThrowableOfType(QuiverException.class, () -> session.execute("SELEC 1"));
        assertThat(failure.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThat(failure.line()).isEqualTo(1);
    }
}
