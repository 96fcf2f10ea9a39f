package dev.quiver.engine.cli;

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
        StartupWarmup.start(); // the planner's static state, while picocli reads the arguments
        CommandLine commandLine = new CommandLine(new QuiverCli());
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            command.getErr().println("quiver: " + exception.getMessage());
            if (System.getenv("QUIVER_DEBUG") != null) {
                exception.printStackTrace(command.getErr());
            }
            return 1;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
