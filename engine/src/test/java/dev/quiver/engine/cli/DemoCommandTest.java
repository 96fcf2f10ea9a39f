package dev.quiver.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code quiver demo} at a tiny scale factor: it runs end to end and reports the speedup. */
class DemoCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new QuiverCli());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void runsTheQueryOnOneAndTwoInterpretersAndPrintsTheSpeedup() {
        int status = run("demo", "--sf", "0.001", "--interpreters", "2");

        assertThat(err.toString()).isEmpty();
        assertThat(status).isZero();
        assertThat(out.toString())
                .contains(
                        "CREATE FUNCTION normalize_comment",
                        "CREATE FUNCTION priority_score",
                        "CREATE FUNCTION shipment_json",
                        "ship_mode | items | avg_priority | json_bytes",
                        "(5 rows)")
                .containsPattern("(?m)^ 1 interpreter : +[0-9.]+ s +[0-9,]+ rows/s +[0-9.]+ cores busy")
                .containsPattern("(?m)^ 2 interpreters: +[0-9.]+ s +[0-9,]+ rows/s +[0-9.]+ cores busy")
                .containsPattern(
                        "(?m)^Speedup with 2 interpreters: [0-9.]+x \\(ideal \\d+x on \\d+ cores\\); results identical$");
    }

    @Test
    void refusesANonPositiveScaleFactor() {
        assertThat(run("demo", "--sf", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--sf must be positive");
        assertThat(out.toString()).isEmpty();
    }
}
