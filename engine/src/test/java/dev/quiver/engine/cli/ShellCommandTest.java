package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive shell on a dumb terminal fed a script: statements over lines, dot commands, errors. */
class ShellCommandTest {
    @TempDir
    Path directory;

    /**
     * Runs the shell over {@code input}, which must end with {@code .quit}: the input stays open
     * (as a user's terminal does), because JLine drops typed-ahead lines once its input reaches EOF.
     */
    private String run(String input) throws Exception {
        return run(input, new ShellCommand());
    }

    private String run(String input, ShellCommand shell) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream keyboard = new PipedInputStream(typing, 1 << 16);
        typing.write(input.getBytes(StandardCharsets.UTF_8));
        typing.flush();
        try (typing;
                // DumbTerminal writes straight to the stream; TerminalBuilder may pick a pseudo-terminal
                // whose output pump thread still holds text when the terminal closes
                Terminal terminal = new DumbTerminal(keyboard, output);
                Quiver database = Quiver.open(QuiverConfig.defaults().withThreads(2));
                Session session = database.newSession()) {
            shell.run(terminal, session, directory.resolve("history"));
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statementsMaySpanLinesAndTheTimerPrintsRunTimes() throws Exception {
        String output = run(
                ".timer on\nCREATE TABLE t (x INTEGER);\nINSERT INTO t\n  VALUES (1), (2);\nSELECT sum(x)\n  AS total FROM t;\n.quit\n");
        assertThat(output).contains("2 rows affected", "│ total │", "│ int64 │", "│     3 │", "Run Time:");
    }

    @Test
    void dataChangesPrintTheirCountAndDdlPrintsNothingAsInDuckDb() throws Exception {
        String output = run("CREATE TABLE t (x INTEGER);\nCREATE VIEW v AS SELECT x FROM t;\n"
                + "INSERT INTO t VALUES (1), (2);\nUPDATE t SET x = 3 WHERE x = 1;\nDELETE FROM t WHERE x = 9;\n"
                + "DROP VIEW v;\n.quit\n");

        assertThat(output)
                .contains("2 rows affected", "1 row affected", "0 rows affected")
                .doesNotContain("Error");
        assertThat(output.split("rows? affected", -1)).hasSize(4); // three counts: no count after DDL
    }

    @Test
    void aSemicolonInsideADollarBodyDoesNotEndTheStatementAndTabIndentsThere() throws Exception {
        String output = run("CREATE FUNCTION twice(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                // a literal tab beside four spaces would be a Python IndentationError: Tab must insert spaces
                + "def twice(x):\n\ty = x * 2;\n    return y;\n$$;\n"
                + "SELECT twice(21) AS answer;\n.quit\n");

        assertThat(output).doesNotContain("Error").contains("│     42 │");
    }

    @Test
    void aStatementOverSeveralLinesIsOneHistoryEntry() throws Exception {
        run("SELECT 1\n    + 2 AS three;\n.quit\n");

        String history = Files.readString(directory.resolve("history"));
        assertThat(history.lines().filter(line -> line.contains("SELECT 1"))).hasSize(1);
        assertThat(history).contains("+ 2 AS three;");
        assertThat(history.lines().filter(line -> line.contains("+ 2 AS three")))
                .allMatch(line -> line.contains("SELECT 1"));
    }

    @Test
    void severalStatementsOnOneLineEachPrintTheirResult() throws Exception {
        String output = run("SELECT 'first' AS a; SELECT 'second' AS b;\n.quit\n");

        assertThat(output).contains("│ first   │", "│ second  │");
    }

    @Test
    void tabCompletesTableAndColumnNames() throws Exception {
        String output = run("CREATE TABLE measurements (temperature DOUBLE);\nINSERT INTO measurements VALUES (21.5);\n"
                + "SELECT temper\t FROM measurements;\nSELECT count(*) AS n FROM measur\t;\n.quit\n");

        assertThat(output).doesNotContain("Error").contains("│ temperature │", "│        21.5 │");
    }

    @Test
    void longResultsShowTheirFirstAndLastRowsAndTheCount() throws Exception {
        String output =
                run("SELECT range AS i FROM range(100);\n.maxrows 4\nSELECT range AS j FROM range(10);\n.quit\n");

        assertThat(output).contains("│    19 │", "│    80 │", "│    99 │", "│   ·   │", "100 rows (40 shown)");
        assertThat(output).doesNotContain("│    20 │", "│    79 │");
        String short_ = output.substring(output.indexOf("│   j   │"));
        assertThat(short_)
                .contains("│     1 │", "│     8 │", "10 rows (4 shown)")
                .doesNotContain("│     2 │");
    }

    @Test
    void wideValuesAreCutToTheWidthAndLineBreaksEscaped() throws Exception {
        String output =
                run(".maxwidth 30\nSELECT repeat('x', 100) AS long_text, 'a' || chr(10) || 'b' AS two_lines;\n.quit\n");

        assertThat(output).contains("…", "a\\nb");
        assertThat(output.lines().filter(line -> line.startsWith("│"))).allMatch(line -> line.length() <= 30);
    }

    @Test
    void manyColumnsLeaveTheMiddleOnesOut() throws Exception {
        StringBuilder select = new StringBuilder("SELECT 1 AS c0");
        for (int column = 1; column < 30; column++) {
            select.append(", ").append(column).append(" AS c").append(column);
        }
        String output = run(".maxwidth 60\n" + select + ";\n.quit\n");

        assertThat(output).contains("c0", "c29", "│ … │", "30 columns (");
        assertThat(output).doesNotContain("c15");
    }

    @Test
    void modesChangeTheDisplay() throws Exception {
        String output = run(".mode csv\nSELECT 1 AS a, NULL AS b;\n.mode json\nSELECT 2 AS a;\n"
                + ".mode markdown\nSELECT 3 AS a, 'x' AS b;\n.mode line\nSELECT 4 AS a, 'y' AS bee;\n"
                + ".nullvalue (null)\n.mode table\nSELECT NULL AS n;\n.mode nope\n.quit\n");

        assertThat(output)
                .contains("a,b\r\n1,\r\n", "[\n  {\"a\": 2}\n]", "| a   | b   |", "|----:|-----|", "|   3 | x   |")
                .contains("  a = 4\nbee = y", "(null)", "Error: use .mode MODE, where MODE is one of table, box,");
    }

    @Test
    void schemaDescribeAndTablesShowTheCatalog() throws Exception {
        String output = run("CREATE TABLE people (name VARCHAR NOT NULL, age INTEGER);\n.tables\n.schema\n"
                + ".describe people\n.schema nobody\n.databases\n.quit\n");

        assertThat(output)
                .contains("people", "CREATE TABLE people(name VARCHAR NOT NULL, age INTEGER);")
                .contains("│ column_name │ column_type │  null   │", "│ age         │ INTEGER     │ YES     │")
                .contains("Error: no table named nobody");
    }

    @Test
    void outputOnceReadAndOpenUseFiles() throws Exception {
        Path script = directory.resolve("script.sql");
        Files.writeString(script, ".mode csv\nCREATE TABLE f AS\n  SELECT 7 AS seven;\nSELECT * FROM f;\n");
        Path all = directory.resolve("all.txt");
        Path one = directory.resolve("one.txt");
        Path database = directory.resolve("db.duckdb");
        String output = run(".read " + script + "\n.output " + all
                + "\nSELECT 1 AS alpha;\nSELECT 2 AS beta;\n.output\n"
                + ".once " + one + "\nSELECT 3 AS three;\nSELECT 4 AS four;\n"
                + ".open " + database + "\nCREATE TABLE kept (x INTEGER);\n.tables\n.read missing.sql\n.quit\n");

        assertThat(output)
                .contains("seven\r\n7", "four", "kept", "Error: cannot use missing.sql")
                .doesNotContain("three");
        assertThat(Files.readString(all)).contains("alpha", "beta");
        assertThat(Files.readString(one)).contains("three").doesNotContain("four");
        assertThat(database).exists();
    }

    @Test
    void errorsAreReportedAndTheSessionGoesOn() throws Exception {
        String output = run("SELECT * FROM nowhere;\n.tables\n.timer maybe\n.nope\nSELECT 42 AS answer;\n.quit\n");
        assertThat(output)
                .contains(
                        "Error: Object 'nowhere' not found",
                        "Error: use .timer on or .timer off",
                        "Error: unknown command .nope (.help lists the commands)",
                        "answer",
                        "42");
    }

    @Test
    void aQueryUnderAProgressBarStillPrintsItsResultAndTheShellGoesOn() throws Exception {
        // a Python function that naps makes the query last long enough for the bar, on any machine
        String output = run(
                "CREATE TABLE r AS SELECT range AS x FROM range(300000);\n"
                        + "CREATE FUNCTION nap(xs BIGINT) RETURNS BOOLEAN LANGUAGE PYTHON KIND VECTORIZED AS $$\n"
                        + "import time\ndef nap(xs):\n    time.sleep(0.3)\n    return [x % 7 == 0 for x in xs]\n$$;\n"
                        + "SELECT count(*) AS n FROM r WHERE nap(x);\nSELECT 42 AS answer;\n.quit\n",
                new ShellCommand().progressAfter(0));
        assertThat(output).contains("Query", "42858", "answer", "42");
    }

    @Test
    void helpListsTheDotCommands() throws Exception {
        assertThat(run(".help\n.quit\n"))
                .contains(".timer on|off", ".tables", ".quit", ".mode MODE", ".schema", ".read FILE", ".open");
    }
}
