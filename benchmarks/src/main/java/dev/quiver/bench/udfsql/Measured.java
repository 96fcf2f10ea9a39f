package dev.quiver.bench.udfsql;

import java.util.Comparator;
import java.util.List;

/**
 * One timed run of a query on one side of {@code bench udf-sql}: wall seconds, the cores the side's
 * process used meanwhile (its CPU seconds per wall second: below N, the machine did not give the run N
 * cores), and the answer.
 */
public record Measured(double seconds, double cores, List<Double> answer) {
    /** The run of median wall time (the upper middle one of an even count). */
    public static Measured median(List<Measured> runs) {
        List<Measured> sorted = runs.stream()
                .sorted(Comparator.comparingDouble(Measured::seconds))
                .toList();
        return sorted.get(sorted.size() / 2);
    }
}
