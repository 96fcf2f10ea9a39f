package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Python functions that fail or get stuck, seen through SQL: the error names the row of the
 * operator's input and its argument values; a call stuck in C ends the query with CANCELLED, lets
 * the database close, and its function is refused afterwards.
 */
class PythonUdfHardeningTest {
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
    void anErrorNamesTheFailingRowByItsArgumentsNotByAPositionInABatch() {
        Session session = open(2); // 4096-row batches cut into two 2048-row calls
        session.execute("CREATE FUNCTION picky(x BIGINT, s VARCHAR) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                        + "if x == 3000:\n    raise ValueError('no 3000')\nreturn x\n$$")
                .close();
        QuiverException error = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT sum(picky(range, 'tag' || range)) FROM range(4000)")
                        .close());
        assertThat(error.code()).isEqualTo(ErrorCode.PYTHON_ERROR);
        assertThat(error.getMessage()).contains("ValueError: no 3000 (arguments: 3000, 'tag3000')");
        // Behind a condition the function sees only the selected rows; the arguments are still the row's.
        QuiverException guarded = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT sum(CASE WHEN range % 2 = 0 THEN picky(range, 'x') END) FROM range(4000)")
                        .close());
        assertThat(guarded.getMessage()).contains("(arguments: 3000, 'x')").doesNotContain("row");
        // The only row of an INSERT was "row 0" (a position inside the batch): now its values.
        session.execute("CREATE TABLE t (x BIGINT)").close();
        QuiverException insert = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("INSERT INTO t SELECT picky(3000, 'one')").close());
        assertThat(insert.getMessage())
                .contains("ValueError: no 3000 (arguments: 3000, 'one')")
                .doesNotContain("row 0");
    }

    @Test
    void aCallStuckInCIsCancelledTheDatabaseClosesAndTheFunctionIsRefused() throws Exception {
        Session session = open(1);
        session.execute(
                        "CREATE FUNCTION wedged(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                                + "import threading\nlock = threading.Lock()\nlock.acquire()\nlock.acquire(timeout=5)\nreturn x\n$$")
                .close();
        session.execute("CREATE FUNCTION plus1(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS 'return x + 1'")
                .close();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT sum(wedged(range)) FROM range(10)")
                        .close()));
        Thread.sleep(500); // let the call reach its C call
        session.cancel();
        QuiverException error = (QuiverException) outcome.get(30, TimeUnit.SECONDS);
        assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(database.udfPool().abandonedInterpreters()).isEqualTo(1);
        QuiverException refused = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT wedged(1) FROM range(2)").close());
        assertThat(refused.getMessage()).contains("wedged", "refused for the rest of this session");
        assertThat(rows(session, "SELECT sum(plus1(range)) FROM range(1000)")).containsExactly(List.of(500500L));
        // closing now (the @AfterEach) must succeed although the abandoned call still holds its batch
    }
}
