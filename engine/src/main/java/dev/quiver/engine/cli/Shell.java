package dev.quiver.engine.cli;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.StatementSplitter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.keymap.KeyMap;
import org.jline.reader.Buffer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The shell's read-run-print loop on one terminal: JLine reads whole statements ({@link SqlLineParser}),
 * each statement runs on a query thread with a progress bar and Ctrl-C to cancel, results print in the
 * current {@code .mode}, and {@link DotCommands} change the settings. Owns the databases it opens
 * with {@code .open}; the first one belongs to the caller.
 */
final class Shell {
    private static final String TAB_WIDGET = "quiver-tab";
    private static final String PYTHON_INDENT = "    ";

    private final Terminal terminal;
    private final Function<Path, Quiver> opener;
    private final long progressAfterMillis;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().name("quiver-shell-query").daemon(true).unstarted(task));

    private Quiver database;
    private Session session;
    private boolean ownsDatabase;

    /** The shell's settings, which dot commands change. */
    ResultFormat mode = ResultFormat.BOX;

    Display display = Display.DEFAULT.withMaxWidth(0);
    boolean timer;
    /** Where results go: the terminal, or a file after {@code .output}/{@code .once}. */
    PrintWriter resultOut;

    boolean once;

    /**
     * @param opener opens the database at a path ({@code null}: a new in-memory one) for {@code .open}
     */
    Shell(
            Terminal terminal,
            Quiver database,
            Session session,
            Function<Path, Quiver> opener,
            long progressAfterMillis) {
        this.terminal = terminal;
        this.database = database;
        this.session = session;
        this.opener = opener;
        this.progressAfterMillis = progressAfterMillis;
        this.resultOut = terminal.writer();
    }

    Quiver database() {
        return database;
    }

    Session session() {
        return session;
    }

    PrintWriter out() {
        return terminal.writer();
    }

    /** Reads and runs until {@code .quit} or end of input (Ctrl-D). */
    void run(Path history) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("quiver")
                .parser(new SqlLineParser())
                .completer(new SqlCompleter(this::database))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ")
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false) // indented statements are history too
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' in SQL and Python is no history event
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .build();
        reader.getWidgets().put(TAB_WIDGET, () -> tab(reader));
        reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference(TAB_WIDGET), KeyMap.ctrl('I'));
        PrintWriter out = out();
        out.println("Quiver shell. Statements end with ';'. .help for help, Ctrl-D to quit.");
        try {
            while (true) {
                String input;
                try {
                    input = reader.readLine("quiver> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt drops what was typed
                } catch (EndOfFileException e) {
                    break;
                }
                if (!runInput(input)) {
                    break;
                }
            }
        } finally {
            close();
        }
    }

    /** Tab inside a {@code $$} body indents (Python); elsewhere it completes the word. */
    private boolean tab(LineReader reader) {
        Buffer buffer = reader.getBuffer();
        if (StatementSplitter.openAt(buffer.substring(0, buffer.cursor())) == StatementSplitter.Open.DOLLAR_BODY) {
            buffer.write(PYTHON_INDENT);
            return true;
        }
        reader.callWidget(LineReader.COMPLETE_WORD);
        return true;
    }

    /** Runs what one prompt read: a dot command or statements. False to leave the shell. */
    boolean runInput(String input) {
        if (SqlLineParser.isDotCommand(input)) {
            boolean goOn = new DotCommands(this).run(input.strip());
            out().flush();
            return goOn;
        }
        for (StatementSplitter.Piece statement : StatementSplitter.split(input)) {
            if (!execute(statement.text())) {
                break; // the rest of the input depended on what failed
            }
        }
        return true;
    }

    /** Runs a file of statements and dot commands ({@code .read}); false if it asked to leave. */
    boolean runFile(Path file) throws IOException {
        StringBuilder statement = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (statement.isEmpty() && SqlLineParser.isDotCommand(line)) {
                if (!runInput(line)) {
                    return false;
                }
                continue;
            }
            statement.append(line).append('\n');
            if (StatementSplitter.isComplete(statement.toString())) {
                runInput(statement.toString());
                statement.setLength(0);
            }
        }
        if (!statement.toString().isBlank()) {
            runInput(statement.toString()); // an unfinished last statement runs (and may fail) as it is
        }
        return true;
    }

    /** Switches to the database at {@code path} (null: a new in-memory one), closing one the shell opened. */
    void open(Path path) {
        Quiver opened = opener.apply(path);
        Session previousSession = session;
        Quiver previous = database;
        boolean ownedPrevious = ownsDatabase;
        database = opened;
        session = opened.newSession();
        ownsDatabase = true;
        previousSession.close();
        if (ownedPrevious) {
            previous.close();
        }
    }

    /** Sends results to {@code file} from now on (null: the terminal again); {@code once}: for one result. */
    void redirect(Path file, boolean onlyOnce) throws IOException {
        if (resultOut != terminal.writer()) {
            resultOut.close();
        }
        resultOut = file == null
                ? terminal.writer()
                : new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
        once = onlyOnce && file != null;
    }

    private void close() {
        runner.shutdownNow();
        try {
            redirect(null, false);
        } catch (IOException e) {
            out().println("Error: " + e.getMessage());
        }
        if (ownsDatabase) {
            session.close();
            database.close();
        }
        out().flush();
    }

    /** The display settings, with {@code .maxwidth 0} resolved to the terminal's width. */
    private Display displayNow() {
        if (display.maxWidth() > 0) {
            return display;
        }
        int width = terminal.getWidth();
        return display.withMaxWidth(width > 0 ? width : Display.DEFAULT_WIDTH);
    }

    /** Prints the result of {@code sql} in the current mode, to the current output. */
    void print(QueryResult result, String sql) {
        mode.write(result, resultOut, displayNow(), ResultFormat.printsCount(sql));
        afterResult();
    }

    /** Prints rows made by a dot command in the current mode. */
    void print(ResultView view) {
        mode.write(view, resultOut, displayNow());
        afterResult();
    }

    /** Prints lines made by a dot command ({@code .schema}) to the current output. */
    void printText(String text) {
        resultOut.println(text);
        afterResult();
    }

    private void afterResult() {
        resultOut.flush();
        if (once) {
            try {
                redirect(null, false);
            } catch (IOException e) {
                out().println("Error: " + e.getMessage());
            }
        }
    }

    /**
     * Runs one statement on the query thread; this thread shows a progress bar once it has run for a
     * second, and Ctrl-C cancels it. False when it failed.
     */
    boolean execute(String sql) {
        PrintWriter out = out();
        long start = System.nanoTime();
        Session current = session;
        Future<QueryResult> future = runner.submit(() -> current.executeScript(sql));
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> current.cancel());
        ProgressBar bar = null;
        boolean succeeded = false;
        try {
            while (true) {
                try {
                    QueryResult result = future.get(100, TimeUnit.MILLISECONDS);
                    if (bar != null) {
                        bar.close();
                        bar = null;
                    }
                    try (result) {
                        print(result, sql);
                    }
                    succeeded = true;
                    break;
                } catch (TimeoutException e) {
                    long[] progress = current.progress();
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
            current.cancel();
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
        return succeeded;
    }
}
