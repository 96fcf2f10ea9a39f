package dev.quiver.bench;

import dev.quiver.engine.cli.VersionInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./quiver bench} command: dispatches to the {@code udf}, {@code udf-sql}, {@code jmh}, {@code tpch}, {@code tpcds}, {@code pushdown}, {@code server} and {@code startup} benchmarks. */
@Command(
        name = "quiver bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        subcommands = {
            UdfCommand.class,
            UdfSqlCommand.class,
            JmhCommand.class,
            TpchCommand.class,
            TpcdsCommand.class,
            PushdownCommand.class,
            AsofCommand.class,
            ServerCommand.class,
            StartupCommand.class
        },
        header = "Benchmarks of Quiver (printed numbers, never pass/fail).",
        description = {
            "Run './quiver bench COMMAND --help' for a command's options. docs/benchmarks.md",
            "says what each number means and lists the figures measured so far.",
            ""
        },
        commandListHeading = "%nCommands:%n")
public final class BenchCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for embedding (tests run it in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
