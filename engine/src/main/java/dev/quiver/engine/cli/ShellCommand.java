package dev.quiver.engine.cli;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code quiver shell}: an interactive SQL session (JLine: line editing, history, statements over
 * several lines until {@code ;}), with {@code .timer on}, a progress bar for queries running longer
 * than a second, and Ctrl-C to cancel a running query.
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
    private static final String HELP = String.join(
            "\n",
            ".help            this text",
            ".timer on|off    print each statement's run time",
            ".tables          list the tables",
            ".quit, .exit     leave (Ctrl-D too)");
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

    private boolean timer;
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
                Terminal terminal = TerminalBuilder.builder().system(true).build();
                Session session = database.newSession()) {
            Path history = Path.of(System.getProperty("user.home"), ".quiver_history");
            run(terminal, session, history);
        }
        return 0;
    }

    /** The read-run-print loop, on the given terminal (tests pass a dumb one over streams). */
    void run(Terminal terminal, Session session, Path history) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("quiver")
                .variable(LineReader.HISTORY_FILE, history)
                .build();
        PrintWriter out = terminal.writer();
        out.println("Quiver shell. Statements end with ';'. .help for help, Ctrl-D to quit.");
        ExecutorService runner = Executors.newSingleThreadExecutor(task ->
                Thread.ofPlatform().name("quiver-shell-query").daemon(true).unstarted(task));
        try {
            StringBuilder statement = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = reader.readLine(statement.isEmpty() ? "quiver> " : "   ...> ");
                } catch (UserInterruptException e) {
                    statement.setLength(0); // Ctrl-C at the prompt drops the statement being typed
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (statement.isEmpty() && line.strip().startsWith(".")) {
                    if (!dotCommand(line.strip(), session, out)) {
                        break;
                    }
                    continue;
                }
                statement.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    execute(statement.toString(), session, terminal, runner);
                    statement.setLength(0);
                }
            }
        } finally {
            runner.shutdownNow();
            out.flush();
        }
    }

    /** Runs a dot command; false to leave the shell. */
    private boolean dotCommand(String command, Session session, PrintWriter out) {
        String[] words = command.split("\\s+");
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case ".quit", ".exit" -> {
                return false;
            }
            case ".help" -> out.println(HELP);
            case ".timer" -> {
                if (words.length == 2 && (words[1].equalsIgnoreCase("on") || words[1].equalsIgnoreCase("off"))) {
                    timer = words[1].equalsIgnoreCase("on");
                } else {
                    out.println("Error: use .timer on or .timer off");
                }
            }
            case ".tables" -> {
                try (QueryResult result = session.execute("SHOW TABLES")) {
                    ResultFormat.TABLE.write(result, out);
                }
            }
            default -> out.println("Error: unknown command " + words[0] + " (.help lists the commands)");
        }
        out.flush();
        return true;
    }

    /**
     * Runs a script on the query thread; this thread shows a progress bar once it has run for a
     * second, and Ctrl-C cancels it.
     */
    private void execute(String sql, Session session, Terminal terminal, ExecutorService runner) {
        PrintWriter out = terminal.writer();
        long start = System.nanoTime();
        Future<QueryResult> future = runner.submit(() -> session.executeScript(sql));
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> session.cancel());
        ProgressBar bar = null;
        try {
            while (true) {
                try {
                    QueryResult result = future.get(100, TimeUnit.MILLISECONDS);
                    if (bar != null) {
                        bar.close();
                        bar = null;
                    }
                    try (result) {
                        ResultFormat.TABLE.write(result, out);
                    }
                    break;
                } catch (TimeoutException e) {
                    long[] progress = session.progress();
                    if (bar == null
                            && progress != null
                            && progress[1] > 0
                            && System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(progressAfterMillis)) {
                        bar = new ProgressBarBuilder()
                                .setTaskName("Query")
                                .setInitialMax(progress[1])
                                .setStyle(ProgressBarStyle.ASCII)
                                .setUnit(" rows", 1)
                                .setConsumer(new ConsoleProgressBarConsumer(
                                        new PrintStream(terminal.output(), true, StandardCharsets.UTF_8)))
                                .build();
                    }
                    if (bar != null && progress != null) {
                        bar.maxHint(progress[1]);
                        bar.stepTo(Math.min(progress[0], progress[1]));
                    }
                }
            }
        } catch (ExecutionException e) {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            Throwable cause = e.getCause();
            out.println(
                    "Error: " + (cause instanceof QuiverException quiver ? quiver.describe() : String.valueOf(cause)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.cancel();
        } finally {
            if (bar != null) {
                bar.close();
            }
            terminal.handle(Terminal.Signal.INT, previous);
        }
        if (timer) {
            out.printf(Locale.ROOT, "Run Time: %.3f s%n", (System.nanoTime() - start) / 1e9);
        }
        out.flush();
    }
}
