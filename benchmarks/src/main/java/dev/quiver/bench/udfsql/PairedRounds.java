package dev.quiver.bench.udfsql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Times one query on several sides (Quiver on N and on 1 interpreters, DuckDB) in rounds: one warm-up
 * run each, then {@code repeat} rounds that run every side once, each round starting one side later
 * (N, 1, DuckDB; then 1, DuckDB, N; …), so that load from elsewhere on a shared machine, and whatever
 * the previous run left behind, hit every side alike. Ratios of the sides' medians are then paired.
 */
public final class PairedRounds {
    /** One way to run a query: a Quiver database or DuckDB's runner. */
    public interface Side {
        /** A short name for progress lines. */
        String name();

        /** Runs the query once and measures it. */
        Measured run(UdfSqlQuery query);
    }

    private PairedRounds() {}

    /**
     * Per side (in the order given), the warm-up run first, then the {@code repeat} timed runs;
     * {@code progress} hears one line per round.
     */
    public static List<List<Measured>> run(UdfSqlQuery query, List<Side> sides, int repeat, Consumer<String> progress) {
        List<List<Measured>> runs = new ArrayList<>();
        for (Side side : sides) {
            runs.add(new ArrayList<>(List.of(side.run(query))));
        }
        for (int round = 0; round < repeat; round++) {
            StringBuilder line =
                    new StringBuilder(String.format(Locale.ROOT, "  %-11s round %d:", query.name(), round + 1));
            for (int step = 0; step < sides.size(); step++) {
                int index = (round + step) % sides.size();
                Measured measured = sides.get(index).run(query);
                runs.get(index).add(measured);
                line.append(String.format(
                        Locale.ROOT,
                        " %s %.3f s (%.2f cores%s)",
                        sides.get(index).name(),
                        measured.seconds(),
                        measured.cores(),
                        measured.interpreterCpu().size() > 1
                                ? "; interpreters " + measured.interpreterCpuText() + " s CPU"
                                : ""));
            }
            progress.accept(line.toString());
        }
        return runs;
    }

    /** The timed runs of one side's list: without its warm-up. */
    public static List<Measured> timed(List<Measured> runs) {
        return runs.subList(1, runs.size());
    }
}
