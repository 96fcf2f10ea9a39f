package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --version} and {@code -V}, on the top command and on every subcommand. */
class VersionTest {
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new QuiverCli());
        commandLine.setOut(new PrintWriter(out));
        assertThat(commandLine.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void versionNamesQuiverTheJdkPythonAndTheCommit() {
        String printed = run("--version");
        assertThat(printed)
                .startsWith("Quiver " + VersionInfo.version() + System.lineSeparator())
                .contains("JDK " + Runtime.version())
                .contains("CPython 3.")
                .contains("commit ");
        assertThat(VersionInfo.version()).as("filtered from the POM").matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void everySubcommandTakesVersionAndV() {
        String expected = run("-V");
        for (String command : new String[] {"sql", "shell", "demo"}) {
            assertThat(run(command, "--version")).isEqualTo(expected);
            assertThat(run(command, "-V")).isEqualTo(expected);
        }
    }
}
