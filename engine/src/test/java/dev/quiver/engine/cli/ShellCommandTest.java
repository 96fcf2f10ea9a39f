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
        String output = run(".timer on\nCREATE TABLE t (x INTEGER);\nINSERT INTO t\n  VALUES (1), (2);\nSELECT sum(x)\n  AS total FROM t;\n.quit\n");
        assertThat(output).contains("2 rows affected", "total", "3", "(1 row)", "Run Time:");
    }

    @Test
    void errorsAreReportedAndTheSessionGoesOn() throws Exception {
        String output = run("SELECT * FROM nowhere;\n.tables\n.timer maybe\n.nope\nSELECT 42 AS answer;\n.quit\n");
        assertThat(output).contains("Error: Object 'nowhere' not found", "Error: use .timer on or .timer off",
                "Error: unknown command .nope", "answer", "42");
    }

    @Test
    void aQueryUnderAProgressBarStillPrintsItsResultAndTheShellGoesOn() throws Exception {
        String output = run("CREATE TABLE r AS SELECT range AS x FROM range(3000000);\n"
                // a self-join, so that the query outlasts the shell's first 100 ms wait on fast machines too
                + "SELECT count(*) AS n FROM r a JOIN r b ON a.x = b.x WHERE a.x % 7 = 0;\nSELECT 42 AS answer;\n.quit\n",
                new ShellCommand().progressAfter(0));
        assertThat(output).contains("Query", "428572", "answer", "42");
    }

    @Test
    void helpListsTheDotCommands() throws Exception {
        assertThat(run(".help\n.quit\n")).contains(".timer on|off", ".tables", ".quit");
    }
}
