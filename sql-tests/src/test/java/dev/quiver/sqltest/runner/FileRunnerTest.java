package dev.quiver.sqltest.runner;

import static dev.quiver.sqltest.runner.ColumnKind.DOUBLE;
import static dev.quiver.sqltest.runner.ColumnKind.INTEGER;
import static dev.quiver.sqltest.runner.FakeEngine.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileRunnerTest {
    private static final String FILE = "area/file.test";

    private final FakeEngine quiver = new FakeEngine("quiver");
    private final FakeEngine duckdb = new FakeEngine("duckdb");

    private FileRunner runner(KnownDivergences divergences) {
        return new FileRunner(FILE, "quiver", () -> quiver, () -> duckdb, divergences);
    }

    private FileRunner runner() {
        return runner(KnownDivergences.none());
    }

    private static StatementRecord ok(int line, String sql) {
        return new StatementRecord(line, sql, false, "", List.of(), "");
    }

    private static StatementRecord error(int line, String sql, String message) {
        return new StatementRecord(line, sql, true, message, List.of(), "");
    }

    private static QueryRecord query(int line, String sql, String... expected) {
        return new QueryRecord(line, sql, "I", SortMode.NOSORT, List.of(expected), List.of(), "");
    }

    private static String failure(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed) outcome).message();
    }

    private static String skip(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Skipped.class);
        return ((Outcome.Skipped) outcome).reason();
    }

    @Test
    void runsEveryStatementOnBothEnginesInOrder() {
        quiver.answer("SELECT 1", rows(List.of(INTEGER), "1"));
        duckdb.answer("SELECT 1", rows(List.of(INTEGER), "1"));
        FileRunner runner = runner();

        assertThat(runner.run(ok(1, "CREATE TABLE t (i INTEGER)"))).isEqualTo(new Outcome.Passed());
        assertThat(runner.run(query(4, "SELECT 1", "1"))).isEqualTo(new Outcome.Passed());

        assertThat(quiver.executed).containsExactly("CREATE TABLE t (i INTEGER)", "SELECT 1");
        assertThat(duckdb.executed).containsExactly("CREATE TABLE t (i INTEGER)", "SELECT 1");
    }

    @Test
    void aFailedStatementNamesTheFileLineAndError() {
        quiver.answer("CREATE TABLE t (i INTEGER)", new EngineResult.Failed("UNSUPPORTED: not yet", false));

        String message = failure(runner().run(ok(7, "CREATE TABLE t (i INTEGER)")));

        assertThat(message)
                .startsWith("area/file.test:7: statement ok\nCREATE TABLE t (i INTEGER)\n")
                .contains("quiver failed: UNSUPPORTED: not yet", "differs from duckdb (the oracle): quiver fails");
    }

    @Test
    void statementErrorChecksTheMessageAndNeverAcceptsAnInternalError() {
        quiver.answer("SELEC 1", new EngineResult.Failed("SYNTAX_ERROR: Encountered \"SELEC\"", false))
                .answer("SELECT boom()", new EngineResult.Failed("INTERNAL: NullPointerException", true));
        duckdb.answer("SELEC 1", new EngineResult.Failed("Parser Error", false))
                .answer("SELECT boom()", new EngineResult.Failed("Catalog Error", false));
        FileRunner runner = runner();

        assertThat(runner.run(error(1, "SELEC 1", ""))).isEqualTo(new Outcome.Passed());
        assertThat(runner.run(error(2, "SELEC 1", "SYNTAX_ERROR"))).isEqualTo(new Outcome.Passed());
        assertThat(failure(runner.run(error(3, "SELEC 1", "UNKNOWN_TABLE"))))
                .contains("quiver's error message does not contain the expected text\nexpected: UNKNOWN_TABLE");
        assertThat(failure(runner.run(error(4, "SELECT boom()", "")))).contains("internal error, which is a bug");
        assertThat(failure(runner.run(error(5, "SELECT 1", ""))))
                .contains("quiver succeeded, but the record expects an error")
                .doesNotContain("oracle");
        quiver.answer("SELECT 1 // 0", new EngineResult.Failed("DIVISION_BY_ZERO: division by zero", false));
        assertThat(failure(runner.run(error(6, "SELECT 1 // 0", "DIVISION_BY_ZERO"))))
                .contains("differs from duckdb (the oracle): quiver fails, duckdb succeeds")
                .doesNotContain("expected text");
    }

    @Test
    void statementErrorMatchesDuckDbsRegexForms() {
        quiver.answer("SELEC 1", new EngineResult.Failed("SYNTAX_ERROR: Syntax error (line 1, column 1)", false));
        duckdb.answer("SELEC 1", new EngineResult.Failed("Parser Error", false));
        FileRunner runner = runner();

        assertThat(runner.run(error(1, "SELEC 1", "<REGEX>:SYNTAX_ERROR: .*column \\d+\\)")))
                .isEqualTo(new Outcome.Passed());
        assertThat(failure(runner.run(error(2, "SELEC 1", "<REGEX>:Syntax error"))))
                .contains("quiver's error message does not match the expected regular expression\n"
                        + "expected: <REGEX>:Syntax error\nactual:   SYNTAX_ERROR: Syntax error (line 1, column 1)");
        assertThat(failure(runner.run(error(3, "SELEC 1", "<!REGEX>:.*Syntax.*"))))
                .contains("quiver's error message matches the regular expression it must not match");
    }

    @Test
    void expectedMessagesAreQuiversWordingUnlessTheRecordIsOnlyForAnotherEngine() {
        // DuckDB under test (-Dquiver.slt.engine=duckdb): a Quiver message only asks DuckDB to fail too.
        duckdb.answer("SELEC 1", new EngineResult.Failed("Parser Error: syntax error at or near \"SELEC\"", false));
        FileRunner duckdbAlone = new FileRunner(FILE, "duckdb", () -> duckdb, null, KnownDivergences.none());
        StatementRecord forDuckDb = new StatementRecord(
                5, "SELEC 1", true, "at or near \"SELEC\"", List.of(Condition.onlyIf("duckdb")), "");
        StatementRecord wrongForDuckDb =
                new StatementRecord(9, "SELEC 1", true, "UNKNOWN_TABLE", List.of(Condition.onlyIf("duckdb")), "");

        assertThat(duckdbAlone.run(error(1, "SELEC 1", "SYNTAX_ERROR: Syntax error")))
                .isEqualTo(new Outcome.Passed());
        assertThat(duckdbAlone.run(forDuckDb)).isEqualTo(new Outcome.Passed());
        assertThat(failure(duckdbAlone.run(wrongForDuckDb)))
                .contains("duckdb's error message does not contain the expected text\nexpected: UNKNOWN_TABLE");
        assertThat(failure(duckdbAlone.run(error(13, "SELECT 1", "SYNTAX_ERROR"))))
                .contains("duckdb succeeded, but the record expects an error");
    }

    @Test
    void aQueryMustMatchTheFileAndTheOracle() {
        quiver.answer("SELECT x", rows(List.of(INTEGER), "2"));
        duckdb.answer("SELECT x", rows(List.of(INTEGER), "3"));

        String message = failure(runner().run(query(9, "SELECT x", "2")));

        assertThat(message)
                .startsWith("area/file.test:9: query I\nSELECT x\n")
                .contains(
                        "differs from duckdb (the oracle): results differ at row 1, column 1 (c1): quiver 2, duckdb 3")
                .contains("add 'area/file.test:9 <reason>' to known-divergences.txt");
    }

    @Test
    void aQueryThatFailsOrReturnsNoRowsIsAFailure() {
        quiver.answer("SELECT 1", new EngineResult.Failed("UNSUPPORTED: not yet", false));
        quiver.answer("SELECT 2", new EngineResult.Done(-1));
        FileRunner runner = new FileRunner(FILE, "quiver", () -> quiver, null, KnownDivergences.none());

        assertThat(failure(runner.run(query(1, "SELECT 1", "1")))).contains("quiver failed: UNSUPPORTED: not yet");
        assertThat(failure(runner.run(query(2, "SELECT 2", "2"))))
                .contains("quiver returned no rows (and no update count), but the record is a query");
    }

    @Test
    void aQueryOverAStatementWithAnUpdateCountReadsTheCountAsOneRow() {
        quiver.answer("INSERT INTO t VALUES (1), (2)", new EngineResult.Done(2));
        duckdb.answer("INSERT INTO t VALUES (1), (2)", new EngineResult.Done(2));
        quiver.answer("INSERT INTO t SELECT * FROM t", new EngineResult.Done(4));
        duckdb.answer("INSERT INTO t SELECT * FROM t", new EngineResult.Done(2));
        FileRunner runner = runner();

        assertThat(runner.run(query(1, "INSERT INTO t VALUES (1), (2)", "2"))).isEqualTo(new Outcome.Passed());
        assertThat(failure(runner.run(query(2, "INSERT INTO t SELECT * FROM t", "2"))))
                .contains("quiver: ", "differs from duckdb (the oracle)");
    }

    @Test
    void floatingPointAnswersMayDifferInTheLastDigits() {
        quiver.answer("SELECT avg(x)", rows(List.of(DOUBLE), "0.30000000000000004"));
        duckdb.answer("SELECT avg(x)", rows(List.of(DOUBLE), "0.3"));

        assertThat(runner().run(query(1, "SELECT avg(x)", "0.3"))).isEqualTo(new Outcome.Passed());
    }

    @Test
    void aListedDivergenceSkipsTheOracleComparisonButMustStillDiverge() {
        quiver.answer("SELECT 7 / 2", rows(List.of(INTEGER), "3"));
        duckdb.answer("SELECT 7 / 2", rows(List.of(DOUBLE), "3.5"));
        quiver.answer("SELECT 1", rows(List.of(INTEGER), "1"));
        duckdb.answer("SELECT 1", rows(List.of(INTEGER), "1"));
        KnownDivergences divergences = KnownDivergences.parse("""
                area/file.test:3 Quiver keeps integer division
                area/file.test:8 was different once
                """);
        FileRunner runner = runner(divergences);

        assertThat(runner.run(query(3, "SELECT 7 / 2", "3"))).isEqualTo(new Outcome.Passed());
        assertThat(failure(runner.run(query(8, "SELECT 1", "1"))))
                .contains("agrees with duckdb now: remove 'area/file.test:8' from known-divergences.txt (line 2)");
    }

    @Test
    void anUnavailableOracleIsDetachedForTheRestOfTheFile() {
        duckdb.answer("CALL tpch(0.01)", new EngineResult.Unavailable("no loader"));
        quiver.answer("SELECT count(*) FROM region", rows(List.of(INTEGER), "5"));
        FileRunner runner = runner();

        String first = skip(runner.run(ok(3, "CALL tpch(0.01)")));
        String second = skip(runner.run(query(6, "SELECT count(*) FROM region", "5")));

        assertThat(first)
                .isEqualTo(second)
                .isEqualTo("passed on quiver, but not compared with the oracle: "
                        + "duckdb could not run line 3 (CALL tpch(0.01)): no loader");
        assertThat(duckdb.executed).containsExactly("CALL tpch(0.01)");
        assertThat(failure(runner.run(query(9, "SELECT count(*) FROM region", "6"))))
                .contains("expected 6 but got 5");
    }

    @Test
    void anUnavailableEngineUnderTestSkipsTheRestOfTheFile() {
        FakeEngine duckdbUnderTest =
                new FakeEngine("duckdb").answer("CALL tpch(0.01)", new EngineResult.Unavailable("no loader"));
        FileRunner runner = new FileRunner(FILE, "duckdb", () -> duckdbUnderTest, null, KnownDivergences.none());

        assertThat(skip(runner.run(ok(3, "CALL tpch(0.01)")))).contains("duckdb could not run line 3");
        assertThat(skip(runner.run(query(6, "SELECT count(*) FROM region", "5"))))
                .contains("no loader");
        assertThat(duckdbUnderTest.executed).containsExactly("CALL tpch(0.01)");
    }

    @Test
    void skippedRecordsRunOnNeitherEngine() {
        StatementRecord onlyDuckdb =
                new StatementRecord(1, "SELECT 1", false, "", List.of(Condition.onlyIf("duckdb")), "");
        StatementRecord skipQuiver =
                new StatementRecord(2, "SELECT 2", false, "", List.of(Condition.skipIf("quiver")), "");
        StatementRecord skipDuckdb =
                new StatementRecord(3, "SELECT 3", false, "", List.of(Condition.skipIf("duckdb")), "");
        FileRunner runner = runner();

        assertThat(skip(runner.run(onlyDuckdb))).isEqualTo("onlyif duckdb (the engine under test is quiver)");
        assertThat(skip(runner.run(skipQuiver))).isEqualTo("skipif quiver");
        assertThat(runner.run(skipDuckdb)).isEqualTo(new Outcome.Passed());
        assertThat(quiver.executed).containsExactly("SELECT 3");
        assertThat(duckdb.executed).containsExactly("SELECT 3");
    }

    @Test
    void enginesOpenOnTheFirstRecordAndCloseOnFinish() {
        int[] opened = {0};
        FileRunner runner = new FileRunner(
                FILE,
                "quiver",
                () -> {
                    opened[0]++;
                    return quiver;
                },
                () -> duckdb,
                KnownDivergences.none());
        assertThat(opened[0]).isZero();

        runner.run(ok(1, "SELECT 1"));
        runner.run(ok(2, "SELECT 2"));
        assertThat(opened[0]).isEqualTo(1);

        assertThat(runner.finish()).isEqualTo(new Outcome.Passed());
        assertThat(quiver.closed).isTrue();
        assertThat(duckdb.closed).isTrue();
        runner.close();
    }

    @Test
    void aFailureToCloseIsReported() {
        quiver.closeFailure = new IllegalStateException("Memory was leaked by query. Memory leaked: (64)");
        FileRunner runner = runner();
        runner.run(ok(1, "SELECT 1"));

        assertThat(failure(runner.finish())).contains("area/file.test: closing quiver failed", "Memory was leaked");
        assertThat(duckdb.closed).isTrue();
        assertThat(runner.finish()).isEqualTo(new Outcome.Passed());
    }

    @Test
    void anEngineThatCannotOpenFailsEveryRecord() {
        FileRunner runner = new FileRunner(
                FILE,
                "quiver",
                () -> {
                    throw new IllegalStateException("no native library");
                },
                () -> duckdb,
                KnownDivergences.none());

        assertThat(failure(runner.run(ok(1, "SELECT 1"))))
                .contains("cannot open the engine under test: java.lang.IllegalStateException: no native library");
        assertThat(failure(runner.run(ok(2, "SELECT 2")))).contains("cannot open the engine under test");
        assertThat(runner.finish()).isEqualTo(new Outcome.Passed());
    }

    @Test
    void fixturesWriteIntoTheFilesTestDirectoryOnAPrivateDuckDb() {
        FileRunner runner = runner();
        StatementRecord fixture = new StatementRecord(
                1,
                "COPY (SELECT 42 AS answer) TO '__TEST_DIR__/answer.csv' (FORMAT csv, HEADER)",
                false,
                "",
                List.of(Condition.fixture()),
                "");
        assertThat(runner.run(fixture)).isEqualTo(new Outcome.Passed());
        assertThat(quiver.executed).isEmpty();
        assertThat(duckdb.executed).isEmpty();

        runner.run(ok(3, "SELECT * FROM read_csv('__TEST_DIR__/answer.csv')"));
        String sent = quiver.executed.getFirst();
        assertThat(sent).doesNotContain("__TEST_DIR__").isEqualTo(duckdb.executed.getFirst());
        java.nio.file.Path written =
                java.nio.file.Path.of(sent.substring(sent.indexOf('\'') + 1, sent.lastIndexOf('\'')));
        assertThat(written).exists();

        assertThat(runner.finish()).isEqualTo(new Outcome.Passed());
        assertThat(written.getParent()).doesNotExist();
    }

    @Test
    void aFailedFixtureFailsItsRecord() {
        StatementRecord fixture =
                new StatementRecord(1, "SELECT * FROM no_such_table", false, "", List.of(Condition.fixture()), "");
        assertThat(failure(runner().run(fixture))).contains("the fixture failed on DuckDB");
    }
}
