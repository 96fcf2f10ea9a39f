package dev.quiver.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench tpcds} refuses bad options before it generates anything. */
class TpcdsCommandTest {
    @Test
    void refusesUnknownQueriesAndBadNumbers() {
        assertThat(run("tpcds", "--queries", "q1,q100")).contains("--queries takes names among");
        assertThat(run("tpcds", "--sf", "0")).contains("--sf must be positive");
    }

    private static String run(String... args) {
        CommandLine commandLine = BenchCli.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        assertThat(commandLine.execute(args)).isEqualTo(2);
        return err.toString();
    }
}
