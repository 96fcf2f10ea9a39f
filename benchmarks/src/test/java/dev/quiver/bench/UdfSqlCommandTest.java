package dev.quiver.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.bench.chart.SvgChartTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code bench udf-sql} at a tiny scale factor. The DuckDB side runs when the machine's
 * {@code python3} has DuckDB's client; its absence must only skip that side, with a message.
 */
@Tag("slow") // generates TPC-H data and times queries: ~20-25 s
class UdfSqlCommandTest {
    private static final List<String> QUERIES =
            List.of("light", "heavy", "string", "vectorized", "median-few", "median-many", "digest-few", "tokens");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = BenchCli.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void timesEveryQueryOnOneAndTwoInterpretersAndWritesJson(@TempDir Path directory) throws Exception {
        Path json = directory.resolve("udf-sql.json");

        int status = run(
                "udf-sql",
                "--sf",
                "0.001",
                "--repeat",
                "1",
                "--interpreters",
                "2",
                "--native-rows",
                "200",
                "--json",
                json.toString());

        assertThat(status).as(err.toString()).isZero();
        JsonNode results = new ObjectMapper().readTree(Files.readString(json));
        List<String> names = new ArrayList<>();
        boolean duckdbRan = out.toString().contains("DuckDB side: DuckDB");
        for (JsonNode result : results) {
            names.add(result.get("query").asText());
            assertThat(result.get("interpreters").asInt()).isEqualTo(2);
            assertThat(result.get("rows").asLong()).isPositive();
            assertThat(result.get("quiver_1_seconds").asDouble()).isPositive();
            assertThat(result.get("quiver_n_seconds").asDouble()).isPositive();
            assertThat(result.get("repeat").asInt()).isEqualTo(1);
            assertThat(result.get("quiver_n_interpreter_cpu_seconds")).hasSize(2);
            assertThat(result.get("quiver_n_balance").asDouble()).isBetween(0.0, 1.0);
            assertThat(result.has("duckdb_arrow_seconds")).isEqualTo(duckdbRan && hasPyarrow());
        }
        assertThat(names).containsExactlyElementsOf(QUERIES);
        assertThat(out.toString()).contains("Answers agree between Quiver 1");
        String svg = Files.readString(directory.resolve("udf-sql.svg"));
        assertThat(SvgChartTest.parse(svg).getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("Quiver, 1 interpreter", "Quiver, 2 interpreters", "median-many");
    }

    @Test
    void chartDrawsDuckDbBarsOnlyWhereDuckDbRan() throws Exception {
        String both = UdfSqlCommand.chart(
                        List.of("light", "tokens"),
                        List.of(2.0, 3.0),
                        List.of(1.0, 1.5),
                        List.of(4.0, Double.NaN),
                        1,
                        2)
                .render();
        String quiverOnly = UdfSqlCommand.chart(List.of("light"), List.of(2.0), List.of(1.0), List.of(Double.NaN), 1, 2)
                .render();

        assertThat(SvgChartTest.parse(both).getElementsByTagName("rect").getLength())
                .isEqualTo(SvgChartTest.parse(quiverOnly)
                                .getElementsByTagName("rect")
                                .getLength()
                        + 4);
        assertThat(both).contains("DuckDB, 2 threads, light: 4").doesNotContain("DuckDB, 2 threads, tokens");
        assertThat(quiverOnly).contains("Quiver, 2 interpreters, light: 1").doesNotContain("DuckDB");
    }

    @Test
    void aggregateAndTableFunctionsAgreeWithDuckDbsWorkaround(@TempDir Path directory) throws Exception {
        Path json = directory.resolve("udf-sql.json");

        int status = run(
                "udf-sql",
                "--sf",
                "0.001",
                "--repeat",
                "1",
                "--interpreters",
                "2",
                "--queries",
                "median-few,median-many,digest-few,tokens",
                "--json",
                json.toString());

        assertThat(status).as(err.toString()).isZero();
        boolean duckdbRan = out.toString().contains("DuckDB side: DuckDB") && hasPyarrow();
        // a failing DuckDB side only skips: where python3 has duckdb and pyarrow it must have run
        assertThat(duckdbRan).as(out.toString()).isEqualTo(canImport("duckdb, pyarrow"));
        JsonNode results = new ObjectMapper().readTree(Files.readString(json));
        assertThat(results).hasSize(4);
        for (JsonNode result : results) {
            assertThat(result.get("quiver_n_seconds").asDouble()).isPositive();
            assertThat(result.path("duckdb_workaround").asBoolean()).isEqualTo(duckdbRan);
        }
        if (duckdbRan) {
            // the answers were checked equal, else the command fails; the note names the workaround
            assertThat(out.toString())
                    .contains("its workaround for Python aggregate and table functions")
                    .containsPattern("(?m)^median-few +[0-9,]+ .* [0-9.]+x +[0-9.]+-[0-9.]+ +- *$")
                    // issue 8's goal, not the scalar functions' 0.95 x cores against DuckDB's own UDFs
                    .containsPattern("Goal: Python aggregate and table functions on Quiver 2 at least [0-9.]+x"
                            + " \\(0.9 x [0-9]+ cores\\) as fast as Quiver 1 and as DuckDB's workaround:"
                            + " met for [0-4] and [0-4] of 4 queries")
                    .doesNotContain("as fast as DuckDB's Python UDFs");
        }
    }

    @Test
    void withoutDuckDbForPythonTheQuiverSideStillRuns() {
        int status = run(
                "udf-sql",
                "--sf",
                "0.001",
                "--repeat",
                "1",
                "--queries",
                "light",
                "--duckdb-python",
                "/nonexistent/python3");

        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("DuckDB side skipped: cannot run '/nonexistent/python3'", "--duckdb-python")
                // rows, quiver 1 s and cores, quiver N s, cores and balance, N / 1 and its rounds, no DuckDB
                .containsPattern("(?m)^light +[0-9,]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+x"
                        + " +[0-9.]+-[0-9.]+ +- +- +- +- +-$");
    }

    @Test
    void rejectsAnUnknownQuery() {
        assertThat(run("udf-sql", "--queries", "light,medium")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--queries takes names of: light, heavy, string, vectorized, median-few, median-many,"
                        + " digest-few, tokens");
    }

    /** Whether the DuckDB side can use the 'arrow' UDF type (pyarrow importable by python3). */
    private static boolean hasPyarrow() throws Exception {
        return canImport("pyarrow");
    }

    /** Whether python3 can import {@code modules} (comma-separated). */
    private static boolean canImport(String modules) throws Exception {
        Process process = new ProcessBuilder("python3", "-c", "import " + modules)
                .redirectErrorStream(true)
                .start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }
}
