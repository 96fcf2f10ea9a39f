package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions between sessions: snapshot reads, first-committer-wins conflicts, appends that do
 * not conflict, and an invariant (the sum of balances) that holds at every read while many sessions
 * transfer money at once. Closing the database checks that no table version leaked.
 */
class TransactionTest {
    private static final int ACCOUNTS = 10;
    private static final long TOTAL = ACCOUNTS * 1000L;

    private Quiver database;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(4));
        try (Session session = database.newSession()) {
            run(session, "CREATE TABLE accounts (id INTEGER NOT NULL, balance BIGINT NOT NULL)");
            run(session, "INSERT INTO accounts SELECT range, 1000 FROM range(" + ACCOUNTS + ")");
        }
    }

    @AfterEach
    void close() {
        database.close(); // fails if a table version or a query leaked memory
    }

    private static void run(Session session, String sql) {
        session.execute(sql).close();
    }

    private static long scalar(Session session, String sql) {
        try (QueryResult result = session.execute(sql)) {
            return ((Number) result.rows().getFirst().getFirst()).longValue();
        }
    }

    @Test
    void aTransactionReadsTheSnapshotItBeganWith() {
        try (Session reader = database.newSession();
                Session writer = database.newSession()) {
            run(reader, "BEGIN");
            assertThat(scalar(reader, "SELECT balance FROM accounts WHERE id = 1"))
                    .isEqualTo(1000);
            run(writer, "UPDATE accounts SET balance = 0 WHERE id = 1");
            run(writer, "DELETE FROM accounts WHERE id = 2");
            run(writer, "INSERT INTO accounts VALUES (99, 5)");
            assertThat(scalar(reader, "SELECT balance FROM accounts WHERE id = 1"))
                    .isEqualTo(1000);
            assertThat(scalar(reader, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS);
            run(reader, "COMMIT"); // read-only: nothing to conflict with
            assertThat(scalar(reader, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS);
            assertThat(scalar(reader, "SELECT balance FROM accounts WHERE id = 1"))
                    .isZero();
        }
    }

    @Test
    void theSecondWriterOfATableFailsToCommitAndChangesNothing() {
        try (Session first = database.newSession();
                Session second = database.newSession()) {
            run(first, "BEGIN");
            run(second, "BEGIN");
            run(first, "UPDATE accounts SET balance = balance + 1 WHERE id = 1");
            run(second, "UPDATE accounts SET balance = balance + 2 WHERE id = 2");
            run(second, "INSERT INTO accounts VALUES (50, 0)");
            run(first, "COMMIT");
            assertThatThrownBy(() -> run(second, "COMMIT"))
                    .isInstanceOfSatisfying(QuiverException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SERIALIZATION_FAILURE);
                        assertThat(e.code().sqlState()).isEqualTo("40001");
                    })
                    .hasMessageContaining("table accounts was changed by another transaction");
            assertThat(second.inTransaction()).isFalse();
            assertThat(scalar(second, "SELECT sum(balance) FROM accounts")).isEqualTo(TOTAL + 1);
            assertThat(scalar(second, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS);
        }
    }

    @Test
    void alterTableConflictsWithConcurrentChangesAndRollsBack() {
        try (Session altering = database.newSession();
                Session writer = database.newSession()) {
            run(altering, "BEGIN");
            run(altering, "ALTER TABLE accounts ADD COLUMN note VARCHAR DEFAULT 'n'");
            // the other session still sees the old columns and appends under them
            run(writer, "INSERT INTO accounts VALUES (60, 1)");
            assertThatThrownBy(() -> run(altering, "COMMIT"))
                    .isInstanceOfSatisfying(
                            QuiverException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SERIALIZATION_FAILURE));
            assertThatThrownBy(() -> run(writer, "SELECT note FROM accounts")).hasMessageContaining("note");

            // the reverse order: an append begun before a committed ALTER fails instead of losing a column
            run(writer, "BEGIN");
            run(writer, "INSERT INTO accounts VALUES (61, 1)");
            run(altering, "ALTER TABLE accounts RENAME COLUMN balance TO amount");
            assertThatThrownBy(() -> run(writer, "COMMIT"))
                    .isInstanceOfSatisfying(
                            QuiverException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SERIALIZATION_FAILURE));
            assertThat(scalar(writer, "SELECT sum(amount) FROM accounts")).isEqualTo(TOTAL + 1);

            // ROLLBACK undoes an alteration, and the new version's memory is freed (checked at close)
            run(altering, "BEGIN");
            run(altering, "ALTER TABLE accounts DROP COLUMN amount");
            assertThat(scalar(altering, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS + 1);
            run(altering, "ROLLBACK");
            assertThat(scalar(writer, "SELECT sum(amount) FROM accounts")).isEqualTo(TOTAL + 1);
        }
    }

    @Test
    void tablesCreatedOrDroppedInATransactionAppearAtCommitAndConflict() {
        try (Session first = database.newSession();
                Session second = database.newSession()) {
            run(first, "BEGIN");
            run(first, "CREATE TABLE made (n INTEGER)");
            run(first, "INSERT INTO made VALUES (1)");
            run(first, "DROP TABLE accounts");
            assertThatThrownBy(() -> run(second, "SELECT * FROM made")).hasMessageContaining("made");
            assertThat(scalar(second, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS);
            run(second, "BEGIN");
            run(second, "CREATE TABLE made (n INTEGER)");
            run(first, "COMMIT");
            assertThat(scalar(second, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS); // its snapshot
            assertThatThrownBy(() -> run(second, "COMMIT"))
                    .isInstanceOfSatisfying(
                            QuiverException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SERIALIZATION_FAILURE));
            assertThat(scalar(second, "SELECT sum(n) FROM made")).isEqualTo(1);
            assertThatThrownBy(() -> run(second, "SELECT * FROM accounts")).hasMessageContaining("accounts");
        }
    }

    @Test
    void concurrentAppendsDoNotConflict() {
        try (Session first = database.newSession();
                Session second = database.newSession()) {
            run(first, "BEGIN");
            run(first, "INSERT INTO accounts VALUES (100, 1)");
            run(second, "INSERT INTO accounts VALUES (101, 2)");
            run(first, "INSERT INTO accounts VALUES (102, 3)");
            run(first, "COMMIT");
            assertThat(scalar(second, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS + 3);
            assertThat(scalar(second, "SELECT sum(balance) FROM accounts")).isEqualTo(TOTAL + 6);
        }
    }

    @Test
    void aDroppedTableStaysReadableByATransactionThatSawIt() {
        try (Session reader = database.newSession();
                Session dropper = database.newSession()) {
            run(reader, "BEGIN");
            assertThat(scalar(reader, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS);
            run(dropper, "DROP TABLE accounts");
            assertThat(scalar(reader, "SELECT sum(balance) FROM accounts")).isEqualTo(TOTAL);
            run(reader, "ROLLBACK");
            assertThatThrownBy(() -> run(reader, "SELECT * FROM accounts")).isInstanceOf(QuiverException.class);
        }
    }

    @Test
    void closingASessionRollsItsTransactionBack() {
        try (Session session = database.newSession()) {
            run(session, "BEGIN");
            run(session, "DELETE FROM accounts");
        }
        try (Session session = database.newSession()) {
            assertThat(scalar(session, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS);
        }
    }

    /**
     * Writers move money between random accounts in two-UPDATE transactions, retrying on
     * SERIALIZATION_FAILURE; readers check, in auto-commit and inside transactions, that the sum never
     * changes. Lost updates would change it; so would a reader seeing half a transaction.
     */
    @Test
    void balancesKeepTheirSumUnderConcurrentTransfers() throws Exception {
        int writers = 4;
        int readers = 2;
        int transfersPerWriter = 25;
        AtomicLong commits = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(writers + readers);
        try {
            List<Future<?>> writerTasks = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                writerTasks.add(threads.submit(() -> {
                    try (Session session = database.newSession()) {
                        for (int done = 0; done < transfersPerWriter; ) {
                            int from = ThreadLocalRandom.current().nextInt(ACCOUNTS);
                            int to = (from + 1 + ThreadLocalRandom.current().nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                            int amount = 1 + ThreadLocalRandom.current().nextInt(50);
                            try {
                                run(session, "BEGIN");
                                run(
                                        session,
                                        "UPDATE accounts SET balance = balance - " + amount + " WHERE id = " + from);
                                run(session, "UPDATE accounts SET balance = balance + " + amount + " WHERE id = " + to);
                                run(session, "COMMIT");
                                commits.incrementAndGet();
                                done++;
                            } catch (QuiverException e) {
                                if (e.code() != ErrorCode.SERIALIZATION_FAILURE) {
                                    throw e;
                                }
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> readerTasks = new ArrayList<>();
            for (int reader = 0; reader < readers; reader++) {
                boolean inTransaction = reader % 2 == 1;
                readerTasks.add(threads.submit(() -> {
                    try (Session session = database.newSession()) {
                        while (writing.get()) {
                            if (inTransaction) {
                                run(session, "BEGIN");
                                assertThat(scalar(session, "SELECT sum(balance) FROM accounts"))
                                        .isEqualTo(TOTAL);
                                assertThat(scalar(session, "SELECT sum(balance) FROM accounts WHERE id % 2 = 0")
                                                + scalar(session, "SELECT sum(balance) FROM accounts WHERE id % 2 = 1"))
                                        .isEqualTo(TOTAL);
                                run(session, "COMMIT");
                            } else {
                                assertThat(scalar(session, "SELECT sum(balance) FROM accounts"))
                                        .isEqualTo(TOTAL);
                            }
                            reads.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> task : writerTasks) {
                task.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            for (Future<?> task : readerTasks) {
                task.get(1, TimeUnit.MINUTES);
            }
        } finally {
            writing.set(false);
            threads.shutdownNow();
        }
        assertThat(commits.get()).isEqualTo((long) writers * transfersPerWriter);
        assertThat(reads.get()).isPositive();
        try (Session session = database.newSession()) {
            assertThat(scalar(session, "SELECT sum(balance) FROM accounts")).isEqualTo(TOTAL);
            assertThat(scalar(session, "SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS);
        }
        System.out.println("transfers: " + commits + " committed, " + conflicts + " conflicts retried, " + reads
                + " consistent reads");
    }
}
