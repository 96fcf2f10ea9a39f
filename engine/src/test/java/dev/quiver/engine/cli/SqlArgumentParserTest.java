package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quiver sql}'s picocli-free argument reading: whatever it accepts, picocli reads the same
 * way, and it leaves everything else (help, version, errors, unusual forms) to picocli.
 */
class SqlArgumentParserTest {

    /** The options picocli reads from {@code args}. */
    private static SqlOptions picocli(String... args) {
        CommandLine.ParseResult result = new CommandLine(new QuiverCli()).parseArgs(args);
        return ((SqlCommand) result.subcommand().commandSpec().userObject()).options();
    }

    @Test
    void whatItAcceptsPicocliReadsTheSameWay() {
        List<String[]> accepted = List.of(
                new String[] {"sql", "-c", "SELECT 1"},
                new String[] {"sql", "--command", "SELECT 1 = 1"},
                new String[] {"sql", "--command=SELECT 2", "--format=csv"},
                new String[] {"sql", "-f", "script.sql", "--format", "json"},
                new String[] {"sql", "--file=dir/script.sql", "--db", "x.duckdb"},
                new String[] {"sql", "--threads", "2", "--interpreters=3", "-c", "SELECT 1"},
                new String[] {"sql", "--threads", "010", "--interpreters", "+4", "-c", "SELECT 1"},
                new String[] {
                    "sql",
                    "--python-memory-limit",
                    "2GiB",
                    "--python-query-memory-limit=1GB",
                    "--python-path",
                    "a:b.zip",
                    "--worker-python",
                    "/usr/bin/python3",
                    "-c",
                    "SELECT 1"
                },
                new String[] {"sql", "-c", "SELECT 'x' LIKE '%=%'", "--db=a=b.duckdb"},
                new String[] {"sql", "-c", "SELECT '@x'"});
        for (String[] args : accepted) {
            assertThat(SqlArgumentParser.parse(args)).as(String.join(" ", args)).isNotNull();
            assertThat(SqlArgumentParser.parse(args)).as(String.join(" ", args)).isEqualTo(picocli(args));
        }
        assertThat(SqlArgumentParser.parse(new String[] {"sql", "-c", "SELECT 1"}))
                .isEqualTo(new SqlOptions("SELECT 1", null, "table", null, null, null, null, null, null, null));
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        List<String[]> deferred = List.of(
                new String[] {},
                new String[] {"shell"},
                new String[] {"--version"},
                new String[] {"-V", "sql", "-c", "SELECT 1"},
                new String[] {"sql"},
                new String[] {"sql", "--help"},
                new String[] {"sql", "-h", "-c", "SELECT 1"},
                new String[] {"sql", "-c", "SELECT 1", "-V"},
                new String[] {"sql", "-c", "SELECT 1", "--version"},
                new String[] {"sql", "-c"},
                new String[] {"sql", "-c", ""},
                new String[] {"sql", "-cSELECT 1"},
                new String[] {"sql", "-c=SELECT 1"},
                new String[] {"sql", "-c", "SELECT 1", "-c", "SELECT 2"},
                new String[] {"sql", "-c", "SELECT 1", "-f", "script.sql"},
                new String[] {"sql", "-c", "SELECT 1", "--format", "csv", "--format=json"},
                new String[] {"sql", "-c", "SELECT 1", "--threads", "two"},
                new String[] {"sql", "-c", "SELECT 1", "--threads", "0x2"},
                new String[] {"sql", "-c", "SELECT 1", "--threads", "-1"},
                new String[] {"sql", "-c", "-- a comment\nSELECT 1"},
                new String[] {"sql", "-c", "SELECT 1", "--format", "--db"},
                new String[] {"sql", "-f", "@arguments.txt"},
                new String[] {"sql", "-c", "SELECT 1", "--unknown", "x"},
                new String[] {"sql", "-c", "SELECT 1", "stray"},
                new String[] {"sql", "-c", "SELECT 1", "--"},
                new String[] {"sql", "-f", "bad\0path"});
        for (String[] args : deferred) {
            assertThat(SqlArgumentParser.parse(args)).as(String.join(" ", args)).isNull();
        }
    }

    /** Exit status, stdout and stderr of a run. */
    private record Outcome(int status, String out, String err) {}

    private static Outcome withoutPicocli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(SqlArgumentParser.parse(args)).isNotNull();
        int status = QuiverCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(status, out.toString(), err.toString());
    }

    private static Outcome withPicocli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new QuiverCli());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            command.getErr().println("quiver: " + exception.getMessage());
            return 1;
        });
        int status = commandLine.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void bothPathsPrintTheSameResultsAndErrors(@TempDir Path directory) throws IOException {
        Path script = Files.writeString(directory.resolve("script.sql"), "SELECT 40 + 2 AS answer; SELECT 'é' AS e");
        List<String[]> runs = List.of(
                new String[] {"sql", "--format", "csv", "-c", "SELECT 1 AS a, 'x' AS b"},
                new String[] {"sql", "-f", script.toString()},
                new String[] {"sql", "-f", directory.resolve("missing.sql").toString()},
                new String[] {"sql", "--format", "xml", "-c", "SELECT 1"},
                new String[] {"sql", "--threads", "0", "-c", "SELECT 1"},
                new String[] {"sql", "--python-memory-limit", "lots", "-c", "SELECT 1"},
                new String[] {"sql", "--python-path", "", "-c", "SELECT 1"},
                new String[] {"sql", "--worker-python", script.toString(), "-c", "SELECT 1"},
                new String[] {"sql", "-c", "SELECT * FROM missing_table"},
                new String[] {"sql", "--db", directory.resolve("t.duckdb").toString(), "-c", "CREATE TABLE t (x INT)"});
        for (String[] args : runs) {
            if (SqlArgumentParser.parse(args) == null) {
                continue; // picocli reads it on both paths (the empty --python-path)
            }
            Outcome picocli = withPicocli(args);
            Files.deleteIfExists(directory.resolve("t.duckdb")); // the same database again
            assertThat(withoutPicocli(args)).as(String.join(" ", args)).isEqualTo(picocli);
        }
        assertThat(withoutPicocli("sql", "-f", directory.resolve("missing.sql").toString()))
                .isEqualTo(new Outcome(1, "", "quiver: " + directory.resolve("missing.sql") + "\n"));
    }
}
