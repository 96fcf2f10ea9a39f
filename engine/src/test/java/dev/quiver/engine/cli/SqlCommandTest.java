package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quiver sql}: output formats, exit status, and nothing but the result on stdout. */
class SqlCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** As {@code main} runs it: without picocli where SqlArgumentParser reads the arguments. */
    private int run(String... args) {
        return QuiverCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void csvHasAHeaderQuotedFieldsAndEmptyNulls() {
        int status = run(
                "sql",
                "--format",
                "csv",
                "-c",
                "SELECT * FROM (VALUES (1, 'a,b', 0.1), (2, NULL, 2.5)) AS t(x, y, z) ORDER BY x");
        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo("x,y,z\r\n1,\"a,b\",0.1\r\n2,,2.5\r\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonHasTypedValues() {
        assertThat(run("sql", "--format", "json", "-c", "SELECT * FROM (VALUES (1, 'q\"t', TRUE)) AS t(x, y, z)"))
                .isZero();
        assertThat(out.toString()).isEqualTo("[\n  {\"x\": 1, \"y\": \"q\\\"t\", \"z\": true}\n]\n");
    }

    @Test
    void jsonNestsAndCsvQuotesNestedValues() {
        String query = "SELECT [1, NULL] AS l, {'a': 'x', 'b': [2.5]} AS s, MAP {'k': 1} AS m,"
                + " [{'u': 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID}] AS n";
        assertThat(run("sql", "--format", "json", "-c", query)).isZero();
        assertThat(out.toString())
                .isEqualTo("[\n  {\"l\": [1, null], \"s\": {\"a\": \"x\", \"b\": [2.5]}, \"m\": {\"k\": 1},"
                        + " \"n\": [{\"u\": \"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"}]}\n]\n");
        out.getBuffer().setLength(0);
        assertThat(run("sql", "--format", "csv", "-c", query)).isZero();
        assertThat(out.toString())
                .isEqualTo("l,s,m,n\r\n\"[1, NULL]\",\"{'a': x, 'b': [2.5]}\",{k=1},"
                        + "[{'u': a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}]\r\n");
    }

    @Test
    void boxMarkdownAndLineFormatsAndAnUnknownOne() {
        assertThat(run("sql", "--format", "box", "-c", "SELECT 42 AS answer")).isZero();
        assertThat(out.toString()).contains("│ answer │", "│ int32  │", "│     42 │");
        assertThat(run("sql", "--format", "markdown", "-c", "SELECT 'x' AS s")).isZero();
        assertThat(out.toString()).contains("| s   |");
        assertThat(run("sql", "--format", "line", "-c", "SELECT 1 AS n")).isZero();
        assertThat(out.toString()).contains("n = 1");
        assertThat(run("sql", "--format", "xml", "-c", "SELECT 1")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown format 'xml' (use table, box, csv, json, markdown, line)");
    }

    @Test
    void everyStatementsResultIsPrintedAsDuckDbsCliDoes() {
        assertThat(run("sql", "--format", "csv", "-c", "SELECT 1 AS a; SELECT 2 AS b"))
                .isZero();
        assertThat(out.toString()).isEqualTo("a\r\n1\r\nb\r\n2\r\n");
    }

    @Test
    void aFilePrintsEachResultAndStopsAtTheFirstFailure(@TempDir Path directory) throws Exception {
        Path script = directory.resolve("script.sql");
        Files.writeString(script, """
                CREATE TABLE t (x INTEGER);
                INSERT INTO t VALUES (1), (2);
                SELECT sum(x) AS total FROM t;
                SELECT * FROM missing_table;
                SELECT 'never' AS s;
                """);
        assertThat(run("sql", "-f", script.toString())).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("2 rows affected\ntotal\n-----\n3\n(1 row)\n");
        assertThat(err.toString()).contains("missing_table").doesNotContain("never");
    }

    @Test
    void aDataChangePrintsItsCountAndDdlNothing() {
        assertThat(run("sql", "-c", "CREATE TABLE t (x INTEGER)")).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(run("sql", "-c", "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2); UPDATE t SET x = 3"))
                .isZero();
        assertThat(out.toString()).isEqualTo("2 rows affected\n2 rows affected\n");
    }

    @Test
    void errorsGoToStderrWithStatusOne() {
        assertThat(run("sql", "--format", "csv", "-c", "SELECT * FROM missing_table"))
                .isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("Error:", "missing_table", "line 1, column 15");
    }

    @Test
    void aPythonMemoryLimitThatIsNoSizeIsRefused() {
        assertThat(run("sql", "--python-memory-limit", "lots", "-c", "SELECT 1"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("--python-memory-limit", "'lots' is not a size");
        assertThat(run("sql", "--python-memory-limit", "2GiB", "--format", "csv", "-c", "SELECT 1 AS a"))
                .isZero();
        assertThat(out.toString()).isEqualTo("a\r\n1\r\n");
    }

    @Test
    void unknownFormatIsRefused() {
        assertThat(run("sql", "--format", "xml", "-c", "SELECT 1")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown format 'xml'");
    }

    @Test
    void dbKeepsTablesBetweenRuns(@TempDir Path directory) {
        String db = directory.resolve("cli.duckdb").toString();
        assertThat(run(
                        "sql",
                        "--db",
                        db,
                        "--interpreters",
                        "1",
                        "-c",
                        "CREATE TABLE t AS SELECT range AS n FROM range(4)"))
                .isZero();
        out.getBuffer().setLength(0);
        assertThat(run("sql", "--db", db, "--format", "csv", "-c", "SELECT sum(n) AS total FROM t"))
                .isZero();
        assertThat(out.toString()).isEqualTo("total\r\n6\r\n");
    }

    @Test
    void badInterpretersIsRefused() {
        assertThat(run("sql", "--interpreters", "0", "-c", "SELECT 1")).isEqualTo(1);
        assertThat(err.toString()).contains("--interpreters must be at least 1");
    }
}
