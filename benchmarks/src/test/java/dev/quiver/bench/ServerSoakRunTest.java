package dev.quiver.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The short version of {@code ./quiver bench server --clients N}: both fronts, no unexpected error, no lost insert. */
class ServerSoakRunTest {
    @Test
    void aShortSoakOverBothFrontsLosesNothing() throws Exception {
        StringWriter printed = new StringWriter();
        ServerSoak.Report report = new ServerSoak(4, Duration.ofSeconds(10), 2).run(new PrintWriter(printed));
        assertThat(report.unexpected()).as(printed.toString()).isZero();
        assertThat(report.insertsIntact()).as(printed.toString()).isTrue();
        assertThat(report.statements()).isGreaterThan(8);
        assertThat(report.errors()).containsKey("cancelled (expected)");
        assertThat(printed.toString()).contains("p99").contains("MB");
    }
}
