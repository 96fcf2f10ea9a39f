package dev.quiver.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./quiver bench} command: dispatches to the {@code udf} and {@code jmh} benchmarks. */
@Command(name = "quiver bench",
        mixinStandardHelpOptions = true,
        version = "quiver bench 0.1.0",
        subcommands = {UdfCommand.class, JmhCommand.class},
        description = {
            "Benchmarks of Quiver's Python UDF runtime. Printed numbers, never pass/fail timings.",
            "",
            "  udf  the same UDFs on 1 interpreter, N own-GIL interpreters, N interpreters sharing one GIL,",
            "       N Python worker processes fed Arrow IPC, and a bare Python loop; rows/s and ratios",
            "  jmh  JMH microbenchmarks: round trip of an empty batch, per-row cost at 1K/8K/64K-row batches",
            "",
            "See docs/benchmarks.md for what each number means and the figures measured so far."
        })
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
