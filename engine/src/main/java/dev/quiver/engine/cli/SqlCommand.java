package dev.quiver.engine.cli;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quiver sql}: runs SQL statements in one session and prints the last statement's result. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Run SQL statements (separated by ';') in one session and print the last one's result.",
            "Errors go to standard error with exit status 1."
        })
public final class SqlCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    /** Where the SQL comes from. */
    static final class Input {
        @Option(
                names = {"-c", "--command"},
                paramLabel = "SQL",
                description = "The SQL to run.")
        String command;

        @Option(
                names = {"-f", "--file"},
                paramLabel = "FILE",
                description = "A file of SQL to run.")
        Path file;
    }

    @Option(
            names = "--format",
            defaultValue = "table",
            paramLabel = "FORMAT",
            description = "Output format: table, box, csv, json, markdown or line (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Worker threads per query (default: available processors).")
    private Integer threads;

    @Option(
            names = "--interpreters",
            paramLabel = "N",
            description = "Python sub-interpreters for UDFs (default: available processors).")
    private Integer interpreters;

    @Option(
            names = "--db",
            paramLabel = "PATH",
            description =
                    "Open the database stored at PATH (a DuckDB file, created if missing) instead of an in-memory one.")
    private Path database;

    @Mixin
    private PythonMemoryLimitOption pythonMemoryLimit = new PythonMemoryLimitOption();

    @Mixin
    private PythonPathOption pythonPath = new PythonPathOption();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResultFormat resultFormat = ResultFormat.named(format);
        if (resultFormat == null) {
            err.println("Error: unknown format '" + format + "' (use " + ResultFormat.names() + ")");
            return 1;
        }
        String sql = input.command != null ? input.command : Files.readString(input.file, StandardCharsets.UTF_8);
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
            config = pythonMemoryLimit.apply(config);
            config = pythonPath.apply(config);
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        try (Quiver database = this.database == null ? Quiver.open(config) : Quiver.open(this.database, config);
                Session session = database.newSession();
                QueryResult result = session.executeScript(sql)) {
            resultFormat.write(result, sql, out);
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
