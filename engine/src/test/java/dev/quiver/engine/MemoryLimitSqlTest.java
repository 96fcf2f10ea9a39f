package dev.quiver.engine;

import static dev.quiver.engine.TestTables.BIGINT;
import static dev.quiver.engine.TestTables.VARCHAR;
import static dev.quiver.engine.TestTables.notNull;
import static dev.quiver.engine.TestTables.nullable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every operator that holds rows fails with MEMORY_LIMIT when a query needs more than the
 * configured query memory, frees what it held (closing the database checks), and leaves the session
 * able to run the next query.
 */
class MemoryLimitSqlTest {
    private static final long LIMIT = 8L << 20;

    private Quiver database;
    private Session session;

    @BeforeEach
    void open() {
        database = Quiver.open(QuiverConfig.defaults()
                .withThreads(2)
                .withInterpreters(2)
                .withBatchRows(8192)
                .withQueryMemoryLimit(LIMIT));
        session = database.newSession();
    }

    @AfterEach
    void close() {
        session.close();
        database.close(); // fails if a failed query left Arrow memory or heap reservations behind
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // the result itself: 3M rows of BIGINT is 24 MB
                "SELECT range FROM range(3000000)",
                // sort: buffers all its input
                "SELECT range FROM range(3000000) ORDER BY range DESC LIMIT 10 OFFSET 2000000",
                // hash aggregate: 2M groups
                "SELECT range % 2000000 AS k, count(*) FROM range(4000000) GROUP BY k ORDER BY k LIMIT 1",
                // hash join: a 2M-row build side
                "SELECT count(*) FROM range(2000000) a JOIN range(2000000) b ON a.range = b.range",
                // set operation: distinct rows of UNION
                "SELECT count(*) FROM (SELECT range FROM range(2000000) UNION SELECT range + 1 FROM range(2000000)) t",
                // window functions: hold every row, partition keys and sorted buckets
                "SELECT max(r) FROM (SELECT row_number() OVER (PARTITION BY range % 1000 ORDER BY range) AS r"
                        + " FROM range(2000000)) t",
                // one partition, its sort shared by the threads
                "SELECT max(r) FROM (SELECT row_number() OVER (ORDER BY range DESC) AS r FROM range(2000000)) t",
                // distinct values of sliding frames
                "SELECT max(c) FROM (SELECT count(DISTINCT range % 100000) OVER (PARTITION BY range % 3 ORDER BY range"
                        + " ROWS BETWEEN 100 PRECEDING AND CURRENT ROW) AS c FROM range(2000000)) t",
                // strings built by an expression, then sorted
                "SELECT s FROM (SELECT text || text AS s FROM (SELECT 'a fairly long string value '"
                        + " || CAST(range AS VARCHAR) AS text FROM range(1000000)) t) u ORDER BY s LIMIT 1 OFFSET 900000",
            })
    void aQueryOverTheLimitFailsCleanlyAndTheSessionGoesOn(String sql) {
        QuiverException failure = catchThrowableOfType(
                QuiverException.class, () -> session.execute(sql).close());
        assertThat(failure).as(sql).isNotNull();
        assertThat(failure.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
        assertThat(failure.getMessage()).contains("memory limit");
        assertStillWorks();
    }

    @Test
    void aPythonFunctionWhoseResultsExceedTheLimitFailsCleanly() {
        session.execute("CREATE FUNCTION big_text(x BIGINT) RETURNS VARCHAR LANGUAGE PYTHON AS $$ return 'x' * 200 $$")
                .close();
        QuiverException failure = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT big_text(range) FROM range(200000)")
                        .close());
        assertThat(failure.code()).as(String.valueOf(failure.getCause())).isEqualTo(ErrorCode.MEMORY_LIMIT);
        assertStillWorks();
        try (QueryResult result = session.execute("SELECT max(big_text(range)) FROM range(1000)")) {
            assertThat(result.rows()).containsExactly(List.of("x".repeat(200)));
        }
    }

    @Test
    void aCreateTableAsOverTheLimitCreatesNothing() {
        QuiverException failure = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("CREATE TABLE big AS SELECT range FROM range(3000000)")
                        .close());
        assertThat(failure.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
        try (QueryResult tables = session.execute("SHOW TABLES")) {
            assertThat(tables.rows()).isEmpty();
        }
    }

    @Test
    void aJoinOfLongStringsOverTheLimitFailsCleanly() {
        List<List<Object>> rows = new ArrayList<>();
        for (long row = 0; row < 20_000; row++) {
            rows.add(List.of(row % 100, "a string long enough to take some room " + row));
        }
        try (Quiver small = Quiver.open(
                QuiverConfig.defaults().withThreads(2).withBatchRows(512).withQueryMemoryLimit(2L << 20))) {
            TestTables.create(small, "t", List.of(notNull("k", BIGINT), nullable("s", VARCHAR)), rows, 1000);
            QuiverException failure = catchThrowableOfType(
                    QuiverException.class,
                    () -> small.newSession()
                            .execute("SELECT a.s, b.s FROM t a JOIN t b ON a.k = b.k")
                            .close());
            assertThat(failure.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
        } // closing fails if the failed query left memory behind
    }

    @Test
    void aHashTableOverTheLimitFailsAndTheSessionGoesOn() {
        List<List<Object>> rows = new ArrayList<>();
        for (long row = 0; row < 200_000; row++) {
            rows.add(List.of(row));
        }
        // the build columns (1.6 MB of Arrow) fit in 6 MiB; the hash table (~11 MB of Java arrays) does not
        try (Quiver small = Quiver.open(QuiverConfig.defaults().withThreads(2).withQueryMemoryLimit(6L << 20))) {
            TestTables.create(small, "big", List.of(notNull("k", BIGINT)), rows, 8192);
            try (Session smallSession = small.newSession()) {
                QuiverException failure = catchThrowableOfType(
                        QuiverException.class,
                        () -> smallSession
                                .execute("SELECT count(*) FROM big a JOIN big b ON a.k = b.k")
                                .close());
                assertThat(failure.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
                assertThat(failure.getMessage()).contains("join").contains("query memory limit");
                // the same session still runs queries, joins included, within the limit
                try (QueryResult after = smallSession.execute(
                        "SELECT count(*) FROM big a JOIN big b ON a.k = b.k WHERE a.k < 1000 AND b.k < 1000")) {
                    assertThat(after.rows()).containsExactly(List.of(1000L));
                }
            }
        } // closing fails if the failed query left memory (Arrow buffers or heap reservations) behind
    }

    private void assertStillWorks() {
        try (QueryResult result = session.execute("SELECT count(*), sum(range) FROM range(1000)")) {
            assertThat(result.rows()).containsExactly(List.of(1000L, 499_500L));
        }
    }
}
