package dev.quiver.engine.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quiver} command line; {@code ./quiver} starts it with the JVM flags Quiver needs. */
@Command(
        name = "quiver",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "SQL with Python UDFs that run in parallel inside one process.",
        subcommands = {DemoCommand.class, SqlCommand.class, ShellCommand.class})
public final class QuiverCli implements Runnable {

    public static void main(String[] args) {
        StartupWarmup.start(args); // the planner's static state, while the arguments are read
        System.exit(execute(
                args,
                writer(System.out, System.getProperty("sun.stdout.encoding")),
                writer(System.err, System.getProperty("sun.stderr.encoding"))));
    }

    /** Runs the command line {@code args}, printing on {@code out} and {@code err}; returns the exit status. */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        // `quiver sql -c/-f` in its common forms starts without picocli (SqlArgumentParser says why)
        SqlOptions sql = SqlArgumentParser.parse(args);
        if (sql != null) {
            return runSql(sql, out, err);
        }
        CommandLine commandLine = new CommandLine(new QuiverCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(
                (exception, command, parseResult) -> failed(exception, command.getErr()));
        return commandLine.execute(args);
    }

    /** Runs {@code quiver sql} with options read without picocli; failures are reported as picocli's path reports them. */
    private static int runSql(SqlOptions options, PrintWriter out, PrintWriter err) {
        try {
            return options.run(out, err);
        } catch (Exception e) {
            return failed(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Reports a command's unexpected failure (an unreadable file, a bug) in one line; exit status 1. */
    private static int failed(Exception exception, PrintWriter err) {
        err.println("quiver: " + exception.getMessage());
        if (System.getenv("QUIVER_DEBUG") != null) {
            exception.printStackTrace(err);
        }
        return 1;
    }

    /** A writer on a standard stream as picocli makes one (the JDK's encoding property of the stream, else the default). */
    private static PrintWriter writer(OutputStream stream, String encoding) {
        Charset charset = Charset.defaultCharset();
        if (encoding != null) {
            try {
                charset = Charset.forName(encoding.equalsIgnoreCase("cp65001") ? "UTF-8" : encoding);
            } catch (IllegalArgumentException e) {
                // picocli falls back to the default too
            }
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
