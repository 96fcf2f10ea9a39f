package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python table functions through SQL where the sqllogictest files cannot look: EXPLAIN, equal
 * results on 1 to 4 interpreters, streaming a huge generator within a small memory limit, cancel
 * of an endless generator, wrong rows, and durability.
 */
class PythonTableFunctionSqlTest {
    static final String SPLIT_WORDS = """
            CREATE FUNCTION split_words(body VARCHAR) RETURNS TABLE (word VARCHAR, pos INTEGER)
            LANGUAGE PYTHON AS $$
            def split_words(body):
                for pos, word in enumerate(body.split()):
                    yield word, pos
            $$""";

    @TempDir
    Path directory;

    private Quiver database;

    private Session open(QuiverConfig config) {
        database = Quiver.open(config);
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

    /** A class handler: counts the rows its instance saw and yields the count from terminate. */
    static final String TALLY = """
            CREATE FUNCTION tally(x BIGINT) RETURNS TABLE (value BIGINT, seen BIGINT) LANGUAGE PYTHON AS $$
            class Tally:
                def __init__(self):
                    self.seen = 0
                def eval(self, x):
                    self.seen += 1
                    yield x * 2, None
                def terminate(self):
                    yield None, self.seen
            $$""";

    static final String NUMBERS = """
            CREATE FUNCTION numbers(n BIGINT) RETURNS TABLE (i BIGINT, label VARCHAR) LANGUAGE PYTHON AS $$
            def numbers(n):
                for i in range(n):
                    yield i, 'row number %d' % i
            $$""";

    @Test
    void constantArguments() {
        Session session = open(QuiverConfig.defaults().withThreads(2).withInterpreters(2));
        session.execute(SPLIT_WORDS).close();
        assertThat(rows(session, "SELECT * FROM split_words('a bb c')"))
                .containsExactly(List.of("a", 0), List.of("bb", 1), List.of("c", 2));
    }

    @Test
    void explainShowsTheTableFunctionOperator() {
        Session session = open(QuiverConfig.defaults().withThreads(2).withInterpreters(2));
        session.execute(SPLIT_WORDS).close();
        assertThat(ExplainText.of(
                        session,
                        "SELECT r.range, w.word FROM range(3) r, LATERAL split_words(CAST(r.range AS VARCHAR)) w"))
                .contains("VecPythonTableFunction(", "PythonTableFunction(split_words($1) [table, volatile], lateral")
                .contains("input rows spread over 2 interpreters");
    }

    @Test
    void lateralCallRepeatsOnlyTheInputColumnsReadAbove() {
        Session session = open(QuiverConfig.defaults().withThreads(2).withInterpreters(2));
        session.execute(SPLIT_WORDS).close();
        // the call's output is (word, pos) alone: the range column is not repeated on every row
        assertThat(ExplainText.of(
                        session, "SELECT w.word FROM range(3) r, LATERAL split_words(CAST(r.range AS VARCHAR)) w"))
                .contains("rows per chunk) -> Project($0)");
        assertThat(rows(session, "SELECT w.word FROM range(3) r, LATERAL split_words(CAST(r.range AS VARCHAR)) w"))
                .containsExactlyInAnyOrder(List.of("0"), List.of("1"), List.of("2"));
    }

    @Test
    void lateralResultsAreEqualOnOneToFourInterpreters() {
        String query = "SELECT count(*), sum(w.pos), count(DISTINCT w.word), min(w.word), max(w.word) "
                + "FROM range(20000) r, LATERAL split_words(substring('a1 b2 c3 d4 e5 f6 ' FROM 1 FOR "
                + "CAST(3 * (r.range % 7) AS INTEGER))) w";
        String terminated = "SELECT count(*), sum(t.value), sum(t.seen) FROM range(20000) r, LATERAL tally(r.range) t";
        List<List<List<Object>>> results = new ArrayList<>();
        for (int interpreters = 1; interpreters <= 4; interpreters++) {
            try (Quiver quiver = Quiver.open(QuiverConfig.defaults()
                            .withThreads(2)
                            .withInterpreters(interpreters)
                            .withBatchRows(4096));
                    Session session = quiver.newSession()) {
                session.execute(SPLIT_WORDS).close();
                session.execute(TALLY).close();
                List<List<Object>> both = new ArrayList<>(rows(session, query));
                List<List<Object>> tallied = rows(session, terminated);
                // every instance's terminate runs once: its counts add up to the input rows
                assertThat(tallied.getFirst().get(2)).isEqualTo(20000L);
                assertThat(tallied.getFirst().get(1)).isEqualTo(2L * (20000L * 19999L / 2));
                both.add(tallied.getFirst().subList(1, 3));
                results.add(both);
                assertThat(quiver.udfPool().liveTableRuns()).isZero();
            }
        }
        long expectedWords = 0;
        for (int row = 0; row < 20000; row++) {
            expectedWords += row % 7;
        }
        assertThat(results.getFirst().getFirst().getFirst()).isEqualTo(expectedWords);
        for (int index = 1; index < results.size(); index++) {
            assertThat(results.get(index)).isEqualTo(results.getFirst());
        }
    }

    @Test
    void aHugeGeneratorStreamsWithinASmallQueryMemoryLimit() {
        Session session = open(QuiverConfig.defaults()
                .withThreads(2)
                .withInterpreters(2)
                .withBatchRows(8192)
                .withQueryMemoryLimit(16L << 20));
        session.execute(NUMBERS).close();
        // 2 million rows of ~26 bytes (a BIGINT and ~18 bytes of text): ~60 MB if materialized, far
        // above the 16 MB limit
        assertThat(rows(session, "SELECT count(*), sum(i), max(length(label)) FROM numbers(2000000)"))
                .containsExactly(List.of(2000000L, 2000000L * 1999999L / 2, 18L));
        assertThat(database.udfPool().liveTableRuns()).isZero();
    }

    @Test
    void cancellingStopsAnEndlessGeneratorAndThePoolServesTheNextQuery() throws Exception {
        Session session = open(QuiverConfig.defaults().withThreads(2).withInterpreters(2));
        session.execute("""
                CREATE FUNCTION forever(x BIGINT) RETURNS TABLE (i BIGINT) LANGUAGE PYTHON AS $$
                def forever(x):
                    i = 0
                    while True:
                        i += 1
                        if i % 10000000 == 0:
                            yield i
                $$""").close();
        session.execute(NUMBERS).close();
        long start = System.nanoTime();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT count(*) FROM range(4) r, LATERAL forever(r.range)")
                        .close()));
        Thread.sleep(700); // let the generators run
        session.cancel();
        QuiverException error = (QuiverException) outcome.get(30, TimeUnit.SECONDS);
        assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
        assertThat(rows(session, "SELECT count(*) FROM numbers(1000)")).containsExactly(List.of(1000L));
        assertThat(database.udfPool().liveTableRuns())
                .as("generators left in the interpreters")
                .isZero();
    }

    /**
     * An endless generator that counts what it yields into a file when it ends (closed, or
     * cancelled), so a test sees how far Python ran.
     */
    private static String countingGenerator(Path counts) {
        return """
                CREATE FUNCTION counted(first BIGINT) RETURNS TABLE (i BIGINT) LANGUAGE PYTHON AS $$
                import os
                def counted(first):
                    yielded = 0
                    try:
                        while True:
                            yield first + yielded
                            yielded += 1
                    finally:
                        with open(os.path.join(%s, str(first)), "w") as out:
                            out.write(str(yielded))
                $$""".formatted("'" + counts + "'");
    }

    private static long yieldedFor(Path counts, long start) throws Exception {
        return Long.parseLong(java.nio.file.Files.readString(counts.resolve(Long.toString(start))));
    }

    @Test
    void limitStopsAGeneratorInFromPromptly() throws Exception {
        Path counts = java.nio.file.Files.createDirectory(directory.resolve("counts"));
        Session session = open(QuiverConfig.defaults().withThreads(2).withInterpreters(2));
        session.execute(countingGenerator(counts)).close();
        long started = System.nanoTime();
        assertThat(rows(session, "SELECT i FROM counted(1000) LIMIT 5"))
                .containsExactly(List.of(1000L), List.of(1001L), List.of(1002L), List.of(1003L), List.of(1004L));
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(20));
        // the first chunk (128 rows) and at most the one requested ahead of it (256)
        assertThat(yieldedFor(counts, 1000)).isBetween(5L, 128L + 256L);
        assertThat(database.udfPool().liveTableRuns()).isZero();
    }

    @Test
    void limitStopsLateralGeneratorsPromptly() throws Exception {
        Path counts = java.nio.file.Files.createDirectory(directory.resolve("counts"));
        Session session = open(QuiverConfig.defaults().withThreads(2).withInterpreters(2));
        session.execute(countingGenerator(counts)).close();
        assertThat(rows(session, "SELECT r.range, c.i FROM range(4) r, LATERAL counted(r.range * 1000000) c LIMIT 7"))
                .hasSize(7);
        // one run over the 4 input rows: the first row's generator is endless, the others never start
        assertThat(yieldedFor(counts, 0)).isBetween(7L, 128L + 256L);
        try (var files = java.nio.file.Files.list(counts)) {
            assertThat(files.count()).isEqualTo(1);
        }
        assertThat(database.udfPool().liveTableRuns()).isZero();
    }

    @Test
    void wrongRowsNameFunctionInputRowAndColumn() {
        Session session = open(QuiverConfig.defaults().withThreads(2).withInterpreters(2));
        session.execute("""
                CREATE FUNCTION ragged(x BIGINT) RETURNS TABLE (a BIGINT, b VARCHAR) LANGUAGE PYTHON AS $$
                def ragged(x):
                    if x == 5:
                        yield x, 'five', 'extra'
                    elif x == 7:
                        yield x, 7
                    else:
                        yield x, str(x)
                $$""").close();
        QuiverException width = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT * FROM range(6) r, LATERAL ragged(r.range)")
                        .close());
        assertThat(width.code()).isEqualTo(ErrorCode.PYTHON_ERROR);
        assertThat(width.getMessage())
                .contains("table function ragged yielded a tuple of 3 values for input row 5, expected a tuple of 2 "
                        + "values (a, b)");
        QuiverException type = catchThrowableOfType(
                QuiverException.class,
                () -> session.execute("SELECT * FROM range(8) r, LATERAL ragged(r.range) WHERE r.range <> 5")
                        .close());
        assertThat(type.getMessage())
                .contains("table function ragged yielded a bad value for column b (VARCHAR) for input row");
        assertThat(rows(session, "SELECT count(*) FROM range(5) r, LATERAL ragged(r.range)"))
                .containsExactly(List.of(5L));
        assertThat(database.udfPool().liveTableRuns()).isZero();
    }

    @Test
    void tableFunctionsAreStoredWithTheirKindAndRecreatedOnReopen() throws Exception {
        Path file = directory.resolve("db.duckdb");
        QuiverConfig config = QuiverConfig.defaults().withThreads(2).withInterpreters(1);
        try (Quiver quiver = Quiver.open(file, config);
                Session session = quiver.newSession()) {
            session.execute(SPLIT_WORDS).close();
        }
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = duckdb.createStatement();
                ResultSet result = statement.executeQuery("SELECT kind, definition FROM quiver_functions")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("table");
            assertThat(result.getString(2)).contains("RETURNS TABLE (\"word\" VARCHAR, \"pos\" INTEGER)");
        }
        try (Quiver quiver = Quiver.open(file, config);
                Session session = quiver.newSession()) {
            assertThat(rows(session, "SELECT word FROM split_words('x y')"))
                    .containsExactly(List.of("x"), List.of("y"));
            session.execute("DROP FUNCTION split_words").close();
        }
        try (Quiver quiver = Quiver.open(file, config)) {
            assertThat(quiver.catalog().functions().functions()).isEmpty();
        }
    }
}
