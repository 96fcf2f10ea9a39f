package dev.quiver.engine.cli;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one {@code quiver sql} run was asked to do, however its arguments were read: by picocli
 * ({@link SqlCommand}) or by {@link SqlArgumentParser}, the start-up path that never loads picocli.
 * Null means "not given" for every option but {@code format}.
 *
 * @param command the SQL of {@code -c}, or null when {@code file} is given
 * @param file the file of {@code -f}, or null when {@code command} is given
 */
record SqlOptions(
        String command,
        Path file,
        String format,
        Integer threads,
        Integer interpreters,
        Path database,
        String pythonMemoryLimit,
        String pythonQueryMemoryLimit,
        String pythonPath,
        Path workerPython) {

    /** The format when {@code --format} is not given. */
    static final String DEFAULT_FORMAT = "table";

    /**
     * Runs the statements and prints each one's result on {@code out}; a bad option value or
     * a failed statement goes to {@code err}. Returns the exit status.
     *
     * @throws IOException when the {@code -f} file cannot be read (the CLI reports it as it reports
     *     any other failure)
     */
    int run(PrintWriter out, PrintWriter err) throws IOException {
        ResultFormat resultFormat = ResultFormat.named(format);
        if (resultFormat == null) {
            err.println("Error: unknown format '" + format + "' (use " + ResultFormat.names() + ")");
            return 1;
        }
        String sql = command != null ? command : Files.readString(file, StandardCharsets.UTF_8);
        QuiverConfig config = QuiverConfig.defaults();
        if (threads != null) {
            if (threads < 1) {
                err.println("Error: --threads must be at least 1");
                return 1;
            }
            config = config.withThreads(threads);
        }
        if (interpreters != null) {
            if (interpreters < 1) {
                err.println("Error: --interpreters must be at least 1");
                return 1;
            }
            config = config.withInterpreters(interpreters);
        }
        try {
            config = PythonMemoryLimitOption.apply(config, pythonMemoryLimit, pythonQueryMemoryLimit);
            config = PythonPathOption.apply(config, pythonPath, workerPython);
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        try (Quiver opened = database == null ? Quiver.open(config) : Quiver.open(database, config);
                Session session = opened.newSession()) {
            // every statement's result, as it finishes, as DuckDB's CLI prints them
            session.executeScript(sql, (statement, result) -> {
                try (result) {
                    resultFormat.write(result, statement, out);
                }
            });
            return 0;
        } catch (QuiverException e) {
            err.println("Error: " + e.describe());
            if (System.getenv("QUIVER_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }
}
