package dev.quiver.bench.udfsql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DuckDB half of {@code bench udf-sql}: runs {@code duckdb_udf_runner.py} in a separate, ordinary
 * CPython that has DuckDB's Python client, and reads back its JSON. Never installs anything: when the
 * client is missing the result says so and how to install it.
 */
public final class DuckDbPythonSide {
    private static final String RUNNER = "duckdb_udf_runner.py";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One timed query on DuckDB: its UDF type ('arrow' or 'native'), rows, median seconds and answer. */
    public record Timing(String query, String type, long rows, double seconds, List<Double> answer) {}

    /**
     * What the DuckDB side produced: timings, or the reason it was skipped (then {@code timings} is
     * empty), and versions for the report.
     */
    public record Outcome(List<Timing> timings, String skipReason, String versions) {
        public boolean skipped() {
            return skipReason != null;
        }
    }

    private final String python;

    /** @param python the python executable to run (a regular CPython with {@code duckdb}; not Quiver's 3.13) */
    public DuckDbPythonSide(String python) {
        this.python = python;
    }

    /**
     * Loads lineitem from {@code parquet} into an in-memory DuckDB with {@code threads} threads, then times
     * every query ({@code repeat} runs after a warm-up; DuckDB's per-row 'native' type once, over the
     * first {@code nativeRows} rows).
     */
    public Outcome run(
            Path parquet, List<UdfSqlQuery> queries, int threads, int repeat, long nativeRows, Path workDirectory)
            throws IOException, InterruptedException {
        Path runner = workDirectory.resolve(RUNNER);
        try (InputStream resource = DuckDbPythonSide.class.getResourceAsStream(RUNNER)) {
            if (resource == null) {
                throw new IllegalStateException(
                        "resource " + RUNNER + " is missing from the benchmarks jar (a build problem)");
            }
            Files.copy(resource, runner);
        }
        Path spec = workDirectory.resolve("duckdb-spec.json");
        Files.writeString(spec, JSON.writeValueAsString(spec(parquet, queries, threads, repeat, nativeRows)));

        Process process;
        try {
            process = new ProcessBuilder(python, runner.toString(), spec.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException notFound) {
            return new Outcome(
                    List.of(),
                    "cannot run '" + python + "' (" + notFound.getMessage()
                            + "); pass --duckdb-python PATH to a Python that has the duckdb package",
                    null);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0 || output.isBlank()) {
            return new Outcome(
                    List.of(),
                    "'" + python + " " + RUNNER + "' failed with exit status " + status + " (its messages are above)",
                    null);
        }
        JsonNode answer = JSON.readTree(output);
        if (answer.has("error")) {
            return new Outcome(
                    List.of(),
                    String.format(
                            Locale.ROOT,
                            "DuckDB's Python client is not installed for '%s'"
                                    + " (Python %s: %s). Install it with 'pip install --user duckdb pyarrow' (the local mirror"
                                    + " has them), or pass --duckdb-python PATH",
                            python,
                            answer.path("python").asText(),
                            answer.path("message").asText()),
                    null);
        }
        List<Timing> timings = new ArrayList<>();
        for (JsonNode result : answer.get("results")) {
            List<Double> values = new ArrayList<>();
            result.get("answer").forEach(value -> values.add(value.isNull() ? Double.NaN : value.asDouble()));
            timings.add(new Timing(
                    result.get("query").asText(),
                    result.get("type").asText(),
                    result.get("rows").asLong(),
                    result.get("seconds").asDouble(),
                    values));
        }
        String pyarrow = answer.path("pyarrow").isNull()
                ? "not installed: 'arrow' type skipped"
                : answer.path("pyarrow").asText();
        return new Outcome(
                timings,
                null,
                String.format(
                        Locale.ROOT,
                        "DuckDB %s, Python %s, pyarrow %s",
                        answer.path("duckdb").asText(),
                        answer.path("python").asText(),
                        pyarrow));
    }

    private static ObjectNode spec(Path parquet, List<UdfSqlQuery> queries, int threads, int repeat, long nativeRows) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put(
                "load_sql",
                "CREATE TABLE lineitem AS "
                        + String.format(
                                Locale.ROOT,
                                UdfSqlQueries.LOAD_COLUMNS,
                                parquet.toString().replace("'", "''")));
        spec.put("threads", threads);
        spec.put("repeat", repeat);
        spec.put("native_rows", nativeRows);
        ArrayNode list = spec.putArray("queries");
        for (UdfSqlQuery query : queries) {
            ObjectNode node = list.addObject();
            node.put("name", query.name());
            node.put("function", query.function());
            query.parameters().forEach(parameter -> node.withArray("params").add(parameter.type()));
            node.put("returns", query.returns());
            node.put("kind", query.kind().name().toLowerCase(Locale.ROOT));
            node.put("source", query.source());
            node.put("sql", query.sql());
            UdfSqlQuery.DuckDbWorkaround workaround = query.workaround();
            if (workaround != null) {
                // DuckDB has no Python aggregate or table functions: it runs a scalar one over lists instead.
                node.put("function", workaround.function());
                ArrayNode parameters = node.putArray("params");
                workaround.parameters().forEach(parameters::add);
                node.put("returns", workaround.returns());
                node.put("kind", "workaround");
                node.put("sql", workaround.sql());
            }
        }
        return spec;
    }
}
