package dev.quiver.engine.cli;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code quiver shell}: an interactive SQL session ({@link Shell}: line editing, history, statements
 * over several lines until {@code ;}, Tab completion, DuckDB's dot commands and box display), with a
 * progress bar for queries running longer than a second, and Ctrl-C to cancel a running query.
 */
@Command(
        name = "shell",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Interactive SQL: statements end with ';' and may span lines; .help lists the dot commands.",
            "Ctrl-C cancels a running query (or clears the line); Ctrl-D exits."
        })
public final class ShellCommand implements Callable<Integer> {
    private static final long PROGRESS_AFTER_MILLIS = 1000;

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

    private long progressAfterMillis = PROGRESS_AFTER_MILLIS;

    /** Shows the progress bar after {@code millis} instead of a second (tests use 0). */
    ShellCommand progressAfter(long millis) {
        this.progressAfterMillis = millis;
        return this;
    }

    @Override
    public Integer call() throws IOException {
        QuiverConfig config = QuiverConfig.defaults();
        try {
            config = threads == null ? config : config.withThreads(threads);
            config = interpreters == null ? config : config.withInterpreters(interpreters);
            config = pythonMemoryLimit.apply(config);
            config = pythonPath.apply(config);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: "
                    + e.getMessage().replace("threads", "--threads").replace("interpreters", "--interpreters"));
            return 1;
        }
        Quiver opened;
        try {
            opened = this.database == null ? Quiver.open(config) : Quiver.open(this.database, config);
        } catch (QuiverException e) {
            System.err.println("Error: " + e.describe());
            return 1;
        }
        try (Quiver database = opened;
                // dumb(true): when input is piped there is no system terminal, and JLine then falls back
                // to a dumb one without warning about it (DuckDB's shell reads piped input silently).
                Terminal terminal =
                        TerminalBuilder.builder().system(true).dumb(true).build();
                Session session = database.newSession()) {
            Path history = Path.of(System.getProperty("user.home"), ".quiver_history");
            run(terminal, session, history);
        }
        return 0;
    }

    /** The read-run-print loop, on the given terminal (tests pass a dumb one over streams). */
    void run(Terminal terminal, Session session, Path history) {
        Quiver database = session.database();
        QuiverConfig config = database.config();
        new Shell(
                        terminal,
                        database,
                        session,
                        path -> path == null ? Quiver.open(config) : Quiver.open(path, config),
                        progressAfterMillis)
                .run(history);
    }
}
