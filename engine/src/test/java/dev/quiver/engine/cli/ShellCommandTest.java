package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
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
        assertThat(output).contains("2 rows affected", "total", "3", "(1 row)", "Run Time:");
    }

    @Test
    void errorsAreReportedAndTheSessionGoesOn() throws Exception {
        String output = run("SELECT * FROM nowhere;\n.tables\n.timer maybe\n.nope\nSELECT 42 AS answer;\n.quit\n");
        assertThat(output)
                .contains(
                        "Error: Object 'nowhere' not found",
                        "Error: use .timer on or .timer off",
                        "Error: unknown command .nope",
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
        assertThat(run(".help\n.quit\n")).contains(".timer on|off", ".tables", ".quit");
    }
}
