package dev.quiver.bench;

import dev.quiver.udf.JvmFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code bench jmh}: runs the JMH microbenchmarks with the JVM flags Quiver needs in every fork. */
@Command(
        name = "jmh",
        header =
                "JMH microbenchmarks: empty-batch round trip, per-row cost by batch size, join probe, filter, IN list, LIKE.",
        customSynopsis = "quiver bench jmh [--help] [JMH ARGS...]",
        description = {
            "Every argument goes to JMH ('./quiver bench jmh -h' prints JMH's help).",
            "  RoundTripBenchmark  one batch of 0 rows (and of 1 row) through a pool",
            "                      of 1 interpreter and back; us/op",
            "  PerRowBenchmark     64K rows per invocation as batches of 1K, 8K or",
            "                      64K rows, x + 1.0 or the heavy math UDF, pool of 1;",
            "                      ns/op is ns per row (@OperationsPerInvocation)",
            "  JoinProbeBenchmark  a hash join's probe of 64K rows with two BIGINT",
            "                      keys, with and without the join filter of the",
            "                      first key; ns per probe row",
            "  JoinBuildBenchmark  a join's table over 1.5M build rows (dense, sparse",
            "                      or two-column keys), built in one part on one",
            "                      thread or in parts on two; ns per table",
            "  FilterBenchmark     TPC-H Q6's filter over 64K lineitem rows (2 % kept),",
            "                      copying every column or only the projected ones;",
            "                      ns per input row",
            "  InListBenchmark     TPC-H Q12's l_shipmode IN ('MAIL', 'SHIP') over",
            "                      64K rows; ns per row",
            "  LikeBenchmark       TPC-H Q13's o_comment NOT LIKE",
            "                      '%special%requests%' (or one word) over 64K",
            "                      rows of comment text; ns per row",
            "  ProjectBenchmark    TPC-H Q1's projection over 64K rows, its repeated",
            "                      p * (1 - d) computed twice or once (shared);",
            "                      ns per input row",
            "  GroupByBenchmark    TPC-H Q1's grouping (COUNT(*) by two VARCHAR keys,",
            "                      four groups) of 64K rows: one-character keys (the",
            "                      short-key path) or two; ns per input row",
            "  SelectionBenchmark  TPC-H Q1's pipeline (filter, projection, grouping)",
            "                      over 1M rows on one thread, 98 % kept (a",
            "                      selection) or 40 % (copied); ns per input row",
            "Defaults: 1 fork, 3 warm-up and 5 measurement iterations of 1 s. Each",
            "fork gets the JVM flags of the quiver-jvm.flags resource, then any",
            "-jvmArgsAppend given here.",
            "Examples:",
            "  ./quiver bench jmh                           everything (~3 min)",
            "  ./quiver bench jmh PerRow -p batchRows=8192  one benchmark, one size",
            "  ./quiver bench jmh -l                        list the benchmarks",
            ""
        })
final class JmhCommand implements Callable<Integer> {

    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Unmatched
    private List<String> jmhArguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(jmhArguments.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            System.err.println("quiver bench jmh: " + e.getMessage());
            return 2;
        }
        if (options.shouldHelp()) {
            options.showHelp();
            return 0;
        }
        List<String> jvmArgs = new ArrayList<>(jvmFlags());
        jvmArgs.addAll(options.getJvmArgsAppend().orElse(List.of()));
        Options withFlags = new OptionsBuilder()
                .parent(options)
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .build();
        Runner runner = new Runner(withFlags);
        if (options.shouldList()) {
            runner.list();
        } else if (options.shouldListWithParams()) {
            runner.listWithParams(options);
        } else {
            try {
                runner.run();
            } catch (NoBenchmarksException e) {
                System.err.println("quiver bench jmh: no benchmark matches " + options.getIncludes()
                        + " (the patterns are regular expressions; './quiver bench jmh -l' lists the benchmarks)");
                return 2;
            } catch (RunnerException e) {
                System.err.println("quiver bench jmh: JMH failed: " + e);
                return 1;
            }
        }
        return 0;
    }

    /** The JVM flags from the {@code quiver-jvm.flags} classpath resource (written by udf-runtime's build). */
    static List<String> jvmFlags() {
        List<String> flags = JvmFlags.fromBuild();
        if (flags.isEmpty()) {
            throw new IllegalStateException("classpath resource quiver-jvm.flags"
                    + " is missing: run through ./quiver, which builds udf-runtime first");
        }
        return flags;
    }
}
