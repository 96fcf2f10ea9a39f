package dev.quiver.engine.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quiver sql}: runs SQL statements in one session and prints each statement's result, as DuckDB's CLI does. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Run SQL statements (separated by ';') in one session and print each one's result.",
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
            defaultValue = SqlOptions.DEFAULT_FORMAT,
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
        return options().run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The options as picocli read them. */
    SqlOptions options() {
        return new SqlOptions(
                input.command,
                input.file,
                format,
                threads,
                interpreters,
                database,
                pythonMemoryLimit.size(),
                pythonMemoryLimit.querySize(),
                pythonPath.path(),
                pythonPath.workerPython());
    }
}
