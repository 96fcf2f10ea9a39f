package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.pipeline.PipelineExecutor;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryStreamTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final PipelineExecutor executor = new PipelineExecutor(threads);
    private final Quiver database =
            Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(1000));

    @AfterEach
    void close() {
        database.close(); // fails if a stream leaked memory
        threads.shutdownNow();
    }

    @Test
    void streamsRowsInOrderBatchByBatch() {
        try (Session session = database.newSession();
                QueryStream stream = session.stream(
                        "SELECT range * 2 AS doubled FROM range(100000) ORDER BY doubled", List.of(), executor)) {
            assertThat(stream.hasRows()).isTrue();
            assertThat(stream.fields()).extracting(field -> field.getName()).containsExactly("doubled");
            long expected = 0;
            int batches = 0;
            for (Batch batch = stream.next(); batch != null; batch = stream.next()) {
                BigIntVector column = (BigIntVector) batch.column(0);
                for (int row = 0; row < batch.rowCount(); row++) {
                    assertThat(column.get(row)).isEqualTo(expected * 2);
                    expected++;
                }
                batches++;
            }
            assertThat(expected).isEqualTo(100000);
            assertThat(batches).isGreaterThan(10);
            assertThat(stream.rowsRead()).isEqualTo(100000);
        }
    }

    @Test
    void unorderedScanKeepsMorselOrderAcrossThreads() {
        try (Session session = database.newSession();
                QueryStream stream =
                        session.stream("SELECT range FROM range(50000) WHERE range % 3 = 0", List.of(), executor)) {
            long previous = -1;
            long rows = 0;
            for (Batch batch = stream.next(); batch != null; batch = stream.next()) {
                BigIntVector column = (BigIntVector) batch.column(0);
                for (int row = 0; row < batch.rowCount(); row++) {
                    assertThat(column.get(row)).isGreaterThan(previous);
                    previous = column.get(row);
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(16667);
        }
    }

    @Test
    void closingEarlyStopsTheQueryAndFreesItsMemory() {
        try (Session session = database.newSession()) {
            QueryStream stream = session.stream("SELECT range FROM range(10000000)", List.of(), executor);
            assertThat(stream.next()).isNotNull();
            stream.close(); // would run for seconds if the query ran to the end
        }
    }

    @Test
    void cancelFailsTheReaderWithCancelled() {
        try (Session session = database.newSession();
                QueryStream stream = session.stream("SELECT range FROM range(10000000)", List.of(), executor)) {
            assertThat(stream.next()).isNotNull();
            stream.cancel();
            assertThatThrownBy(() -> {
                        while (stream.next() != null) {
                            // drains what was computed before the cancel
                        }
                    })
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
    }

    @Test
    void otherStatementsCarryTheirOutcome() {
        try (Session session = database.newSession()) {
            try (QueryStream created = session.stream("CREATE TABLE t (x INTEGER)", List.of(), executor)) {
                assertThat(created.hasRows()).isFalse();
            }
            try (QueryStream inserted = session.stream("INSERT INTO t VALUES (?), (?)", List.of(1, 2), executor)) {
                assertThat(inserted.updateCount()).isEqualTo(2);
            }
            try (QueryStream shown = session.stream("SHOW TABLES", List.of(), executor)) {
                assertThat(shown.hasRows()).isTrue();
                assertThat(shown.next().rowCount()).isEqualTo(1);
            }
            assertThat(session.resultFields("SELECT x, x + ? AS y FROM t", List.of(1)))
                    .extracting(field -> field.getName())
                    .containsExactly("x", "y");
            assertThat(session.resultFields("INSERT INTO t VALUES (3)", List.of()))
                    .isEmpty();
            assertThat(StatementKind.of(
                            "CREATE FUNCTION f(x INTEGER) RETURNS INTEGER LANGUAGE python AS 'def f(x): return x'"))
                    .isEqualTo(StatementKind.FUNCTION_DDL);
            assertThat(StatementKind.of("SELECT 1")).isEqualTo(StatementKind.READ);
            assertThat(StatementKind.of("INSERT INTO t VALUES (1)")).isEqualTo(StatementKind.WRITE);
            assertThat(StatementKind.of("DROP TABLE t")).isEqualTo(StatementKind.TABLE_DDL);
            assertThat(StatementKind.of("UPDATE t SET x = 2")).isEqualTo(StatementKind.WRITE);
            assertThat(StatementKind.of("DELETE FROM t")).isEqualTo(StatementKind.WRITE);
            assertThat(StatementKind.of("TRUNCATE t")).isEqualTo(StatementKind.WRITE);
            assertThat(StatementKind.of("BEGIN")).isEqualTo(StatementKind.SESSION);
            assertThat(StatementKind.of("COMMIT")).isEqualTo(StatementKind.SESSION);
            assertThat(StatementKind.of("ROLLBACK")).isEqualTo(StatementKind.SESSION);
            assertThat(StatementKind.of("SET threads = 1")).isEqualTo(StatementKind.SESSION);
            assertThat(StatementKind.of("CREATE VIEW v AS SELECT 1")).isEqualTo(StatementKind.TABLE_DDL);
            assertThat(StatementKind.of("DROP VIEW v")).isEqualTo(StatementKind.TABLE_DDL);
        }
    }
}
