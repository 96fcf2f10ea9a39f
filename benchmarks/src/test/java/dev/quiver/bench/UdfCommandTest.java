package dev.quiver.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.bench.chart.SvgChartTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Runs {@code bench udf} on tiny input so the benchmark code is exercised by the test suite. */
class UdfCommandTest {
    private static final Pattern OBJECT = Pattern.compile("\\{([^}]*)}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (\"[^\"]*\"|[-0-9.eE]+)");
    private static final List<String> FIELDS =
            List.of("workload", "mode", "workers", "rows", "seconds", "rows_per_second");
    private static final List<String> MODES =
            List.of("one-interpreter", "own-gil", "shared-gil", "process-pool", "bare-loop", "bare-loop-n");

    @Test
    void writesEveryModeOfEveryWorkloadAtEverySweptNWithPositiveThroughputAndCharts(@TempDir Path directory)
            throws Exception {
        Path json = directory.resolve("udf.json");

        int status = BenchCli.commandLine()
                .execute(
                        "udf",
                        "--rows",
                        "20000",
                        "--batch-rows",
                        "4096",
                        "--sweep",
                        "1,2",
                        "--warmup",
                        "0",
                        "--repeat",
                        "1",
                        "--json",
                        json.toString());

        assertThat(status).isZero();
        List<Map<String, String>> runs = parse(Files.readString(json));
        assertThat(runs).hasSize(2 * 2 * MODES.size());
        for (Map<String, String> run : runs) {
            assertThat(run.keySet()).containsExactlyInAnyOrderElementsOf(FIELDS);
            assertThat(run.get("rows")).isEqualTo("20000");
            assertThat(Double.parseDouble(run.get("rows_per_second"))).isPositive();
            assertThat(Double.parseDouble(run.get("seconds"))).isPositive();
        }
        for (String workload : List.of("\"light\"", "\"heavy\"")) {
            assertThat(runs.stream()
                            .filter(run -> run.get("workload").equals(workload))
                            .map(run -> run.get("mode")))
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(MODES.stream(), MODES.stream())
                            .map(mode -> "\"" + mode + "\"")
                            .toList());
        }
        assertThat(runs.stream().map(run -> run.get("workers")).distinct()).containsExactlyInAnyOrder("1", "2");
        for (String workload : List.of("light", "heavy")) {
            String svg = Files.readString(directory.resolve("udf-" + workload + ".svg"));
            Document chart = SvgChartTest.parse(svg);
            assertThat(chart.getDocumentElement().getTagName()).isEqualTo("svg");
            assertThat(svg)
                    .contains("bench udf, " + workload + " UDF", "own-GIL interpreters", "shared GIL", "process pool");
            // Four lines, each measured at N = 1 and N = 2.
            assertThat(chart.getElementsByTagName("polyline").getLength()).isEqualTo(4);
        }
    }

    @Test
    void rejectsAnUnknownWorkload() {
        int status = BenchCli.commandLine().execute("udf", "--workload", "medium");

        assertThat(status).isEqualTo(2);
    }

    /** The JSON the benchmark writes: an array of flat objects (values kept as written). */
    private static List<Map<String, String>> parse(String json) {
        List<Map<String, String>> objects = new ArrayList<>();
        Matcher object = OBJECT.matcher(json);
        while (object.find()) {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            Matcher field = FIELD.matcher(object.group(1));
            while (field.find()) {
                fields.put(field.group(1), field.group(2));
            }
            objects.add(fields);
        }
        return objects;
    }
}
