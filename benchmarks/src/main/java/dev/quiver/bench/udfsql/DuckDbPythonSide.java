package dev.quiver.bench.udfsql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The DuckDB half of {@code bench udf-sql}: runs {@code duckdb_udf_runner.py} in a separate, ordinary
 * CPython that has DuckDB's Python client, which loads lineitem and registers the functions once, then
 * runs one query per request, so that the benchmark can alternate DuckDB's runs with Quiver's. Never
 * installs anything: when the client is missing the result says so and how to install it.
 */
public final class DuckDbPythonSide {
    private static final String RUNNER = "duckdb_udf_runner.py";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One timed query on DuckDB: its UDF type ('arrow' or 'native'), rows, median seconds and answer. */
    public record Timing(String query, String type, long rows, double seconds, double cores, List<Double> answer) {}

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
     * Starts the runner: loads lineitem from {@code parquet} into an in-memory DuckDB with {@code threads}
     * threads and registers every query's function ({@code nativeRows}: the sample DuckDB's per-row
     * 'native' type runs over). Returns the running side, or the reason it cannot run ({@link
     * Started#skipReason}).
     */
    public Started start(Path parquet, List<UdfSqlQuery> queries, int threads, long nativeRows, Path workDirectory)
            throws IOException {
        Path runner = workDirectory.resolve(RUNNER);
        try (InputStream resource = DuckDbPythonSide.class.getResourceAsStream(RUNNER)) {
            if (resource == null) {
                throw new IllegalStateException(
                        "resource " + RUNNER + " is missing from the benchmarks jar (a build problem)");
            }
            Files.copy(resource, runner);
        }
        Path spec = workDirectory.resolve("duckdb-spec.json");
        Files.writeString(spec, JSON.writeValueAsString(spec(parquet, queries, threads, nativeRows)));

        Process process;
        try {
            process = new ProcessBuilder(python, runner.toString(), spec.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException notFound) {
            return new Started(
                    null,
                    "cannot run '" + python + "' (" + notFound.getMessage()
                            + "); pass --duckdb-python PATH to a Python that has the duckdb package");
        }
        Runner running = new Runner(process);
        JsonNode hello = running.readLine();
        if (hello == null) {
            running.close();
            return new Started(
                    null,
                    "'" + python + " " + RUNNER + "' failed with exit status " + process.exitValue()
                            + " (its messages are above)");
        }
        if (hello.has("error")) {
            running.close();
            return new Started(
                    null,
                    String.format(
                            Locale.ROOT,
                            "DuckDB's Python client is not installed for '%s'"
                                    + " (Python %s: %s). Install it with 'pip install --user duckdb pyarrow' (the local mirror"
                                    + " has them), or pass --duckdb-python PATH",
                            python,
                            hello.path("python").asText(),
                            hello.path("message").asText()));
        }
        running.hasArrow = !hello.path("pyarrow").isNull();
        running.versions = String.format(
                Locale.ROOT,
                "DuckDB %s, Python %s, pyarrow %s",
                hello.path("duckdb").asText(),
                hello.path("python").asText(),
                running.hasArrow ? hello.path("pyarrow").asText() : "not installed: 'arrow' type skipped");
        return new Started(running, null);
    }

    /** The runner, or why it cannot run (then {@code runner} is null). */
    public record Started(Runner runner, String skipReason) {}

    /** The running runner process: one query per request; {@link #close} ends it. Not thread-safe. */
    public static final class Runner implements AutoCloseable {
        private final Process process;
        private final BufferedReader replies;
        private final Writer requests;
        private boolean hasArrow;
        private String versions;

        private Runner(Process process) {
            this.process = process;
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.requests = process.outputWriter(StandardCharsets.UTF_8);
        }

        /** Whether pyarrow is there, so that the 'arrow' type (the workaround's too) can run. */
        public boolean hasArrow() {
            return hasArrow;
        }

        /** DuckDB's, Python's and pyarrow's versions, for the report. */
        public String versions() {
            return versions;
        }

        /** Runs {@code query} once with its function of UDF type {@code type} ('arrow', or 'native' over the sample). */
        public Timing time(String query, String type) {
            try {
                ObjectNode request = JSON.createObjectNode();
                request.put("query", query);
                request.put("type", type);
                requests.write(JSON.writeValueAsString(request) + "\n");
                requests.flush();
                JsonNode result = readLine();
                if (result == null) {
                    throw new IllegalStateException("DuckDB's runner ended while running " + query + " (type " + type
                            + "): its messages are above");
                }
                List<Double> values = new ArrayList<>();
                result.get("answer").forEach(value -> values.add(value.isNull() ? Double.NaN : value.asDouble()));
                double seconds = result.get("seconds").asDouble();
                return new Timing(
                        query,
                        type,
                        result.get("rows").asLong(),
                        seconds,
                        result.get("cpu_seconds").asDouble() / seconds,
                        values);
            } catch (IOException e) {
                throw new UncheckedIOException("talking to DuckDB's runner", e);
            }
        }

        /** Runs {@code query} once as a side of {@link PairedRounds}. */
        public PairedRounds.Side side(String type) {
            return new PairedRounds.Side() {
                @Override
                public String name() {
                    return "DuckDB";
                }

                @Override
                public Measured run(UdfSqlQuery query) {
                    Timing timing = time(query.name(), type);
                    return new Measured(timing.seconds(), timing.cores(), timing.answer(), List.of());
                }
            };
        }

        private JsonNode readLine() throws IOException {
            String line = replies.readLine();
            return line == null ? null : JSON.readTree(line);
        }

        @Override
        public void close() {
            try {
                requests.close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Times every query's 'arrow' function: one warm-up, then the median of {@code repeat} runs (for the
     * process tier, which times each engine on its own).
     */
    public Outcome run(Path parquet, List<UdfSqlQuery> queries, int threads, int repeat, Path workDirectory)
            throws IOException {
        Started started = start(parquet, queries, threads, 0, workDirectory);
        if (started.runner() == null) {
            return new Outcome(List.of(), started.skipReason(), null);
        }
        try (Runner runner = started.runner()) {
            List<Timing> timings = new ArrayList<>();
            if (runner.hasArrow()) {
                for (UdfSqlQuery query : queries) {
                    PairedRounds.Side side = runner.side("arrow");
                    List<Measured> runs = PairedRounds.run(query, List.of(side), repeat, line -> {})
                            .getFirst();
                    Measured median = Measured.median(PairedRounds.timed(runs));
                    timings.add(
                            new Timing(query.name(), "arrow", 0, median.seconds(), median.cores(), median.answer()));
                }
            }
            return new Outcome(timings, null, runner.versions());
        }
    }

    private static ObjectNode spec(Path parquet, List<UdfSqlQuery> queries, int threads, long nativeRows) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put(
                "load_sql",
                "CREATE TABLE lineitem AS "
                        + String.format(
                                Locale.ROOT,
                                UdfSqlQueries.LOAD_COLUMNS,
                                parquet.toString().replace("'", "''")));
        spec.put("threads", threads);
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
