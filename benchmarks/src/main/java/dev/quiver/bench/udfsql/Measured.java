package dev.quiver.bench.udfsql;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One timed run of a query on one side of {@code bench udf-sql}: wall seconds, the cores the side's
 * process used meanwhile (its CPU seconds per wall second: below N, the machine did not give the run N
 * cores), the answer, and (Quiver only, else empty) the CPU seconds each interpreter's thread used.
 */
public record Measured(double seconds, double cores, List<Double> answer, List<Double> interpreterCpu) {
    /**
     * The interpreters' CPU seconds summed over their count times the busiest one's: 1.00 when none
     * waited for another (NaN without interpreter figures).
     */
    public double balance() {
        double busiest =
                interpreterCpu.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double sum = interpreterCpu.stream().mapToDouble(Double::doubleValue).sum();
        return sum / (interpreterCpu.size() * busiest);
    }

    /** The interpreters' CPU seconds, as "1.25/1.44". */
    public String interpreterCpuText() {
        return interpreterCpu.stream()
                .map(seconds -> String.format(Locale.ROOT, "%.2f", seconds))
                .collect(Collectors.joining("/"));
    }

    /** The run of median wall time (the upper middle one of an even count). */
    public static Measured median(List<Measured> runs) {
        List<Measured> sorted = runs.stream()
                .sorted(Comparator.comparingDouble(Measured::seconds))
                .toList();
        return sorted.get(sorted.size() / 2);
    }
}
