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

    @Test
    void aPreparedQueryStreamsOnItsCachedPlanUntilItsTableChanges() {
        try (Session session = database.newSession()) {
            session.execute("CREATE TABLE points AS SELECT range AS id FROM range(1000)")
                    .close();
            PreparedQuery point = session.prepare("SELECT id * 10 AS tenfold FROM points WHERE id = ?");
            for (long id = 0; id < 20; id++) {
                assertThat(longs(session.stream(point, List.of(id), executor))).containsExactly(id * 10);
            }
            assertThat(point.plansMade()).isEqualTo(1);
            session.execute("INSERT INTO points VALUES (1000)").close();
            assertThat(longs(session.stream(point, List.of(1000L), executor))).containsExactly(10_000L);
            assertThat(point.plansMade()).isEqualTo(2);
            PreparedQuery insert = session.prepare("INSERT INTO points VALUES (?)");
            try (QueryStream stream = session.stream(insert, List.of(1001L), executor)) {
                assertThat(stream.updateCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void aStreamInsideATransactionReadsItsOwnChanges() {
        try (Session session = database.newSession()) {
            session.execute("CREATE TABLE ledger (amount BIGINT)").close();
            session.execute("BEGIN").close();
            session.execute("INSERT INTO ledger VALUES (5)").close();
            assertThat(longs(session.stream("SELECT max(amount) FROM ledger", List.of(), executor)))
                    .containsExactly(5L);
            session.execute("ROLLBACK").close();
            try (QueryStream stream = session.stream("SELECT count(*) FROM ledger", List.of(), executor)) {
                assertThat(((BigIntVector) stream.next().column(0)).get(0)).isZero();
            }
        }
    }

    @Test
    void aStreamKeepsReadingTheRowsItStartedWithWhileAnotherSessionDeletesThem() {
        try (Session reader = database.newSession();
                Session writer = database.newSession()) {
            reader.execute("CREATE TABLE big AS SELECT range AS n FROM range(200000)")
                    .close();
            try (QueryStream stream = reader.stream("SELECT n FROM big", List.of(), executor)) {
                Batch first = stream.next(); // the query now runs a few batches ahead, then waits
                long rows = first.rowCount();
                long sum = sum(first);
                writer.execute("DELETE FROM big WHERE n % 2 = 0").close(); // frees the old version's batches
                writer.execute("DROP TABLE big").close();
                for (Batch batch = stream.next(); batch != null; batch = stream.next()) {
                    rows += batch.rowCount();
                    sum += sum(batch);
                }
                assertThat(rows).isEqualTo(200_000);
                assertThat(sum).isEqualTo(199_999L * 200_000 / 2);
            }
        }
    }

    private static long sum(Batch batch) {
        BigIntVector column = (BigIntVector) batch.column(0);
        long sum = 0;
        for (int row = 0; row < batch.rowCount(); row++) {
            sum += column.get(row);
        }
        return sum;
    }

    /** The first column's values of every row of {@code stream}, which this closes. */
    private static List<Long> longs(QueryStream stream) {
        List<Long> values = new java.util.ArrayList<>();
        try (stream) {
            for (Batch batch = stream.next(); batch != null; batch = stream.next()) {
                BigIntVector column = (BigIntVector) batch.column(0);
                for (int row = 0; row < batch.rowCount(); row++) {
                    values.add(column.get(row));
                }
            }
        }
        return values;
    }
}
