package dev.quiver.engine.sql;

import java.math.BigDecimal;
import java.util.Locale;
import org.apache.calcite.plan.RelOptSamplingParameters;
import org.apache.calcite.sql.SqlSampleSpec;

/**
 * One DuckDB sample clause ({@code USING SAMPLE} or {@code TABLESAMPLE}): the method, the size as a
 * percentage or a row count, and the seed of {@code REPEATABLE (seed)} or {@code (method, seed)}.
 *
 * <p>Calcite's {@code Sample} relation only knows Bernoulli and system sampling by a rate in
 * [0, 1], so a reservoir sample travels through the planner in rates that no other sample has:
 * {@code 2 + percent / 100} for a percentage and {@code 4 + rows} for a row count ({@link
 * #toCalcite}, {@link #fromCalcite}). Calcite plans a rate of exactly 0 as no rows and 1 as every
 * row, which is right for both percentage methods.
 *
 * @param size a percentage in [0, 100] when {@code percent}, else a whole number of rows
 * @param seed the seed, or null for a different sample on every run
 */
public record SampleSpec(Method method, BigDecimal size, boolean percent, Integer seed) {
    /** DuckDB's sampling methods. */
    public enum Method {
        /** Each row is kept with the given probability. */
        BERNOULLI,
        /** Each batch of rows is kept with the given probability (DuckDB: each vector). */
        SYSTEM,
        /** Exactly the given number (or share) of rows, each set of that size equally likely. */
        RESERVOIR;

        /** The method called {@code name} (any case), or null. */
        static Method named(String name) {
            for (Method method : values()) {
                if (method.name().equalsIgnoreCase(name)) {
                    return method;
                }
            }
            return null;
        }
    }

    /** Reservoir percentages travel as rates from here; see the class comment. */
    private static final BigDecimal RESERVOIR_PERCENT_BASE = BigDecimal.valueOf(2);

    /** Reservoir row counts travel as rates from here. */
    private static final BigDecimal RESERVOIR_ROWS_BASE = BigDecimal.valueOf(4);

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The sample as Calcite's {@code TABLESAMPLE} carries it to the planner's {@code Sample}. */
    public SqlSampleSpec toCalcite() {
        BigDecimal rate = switch (method) {
            case BERNOULLI, SYSTEM -> size.divide(HUNDRED);
            case RESERVOIR ->
                percent ? RESERVOIR_PERCENT_BASE.add(size.divide(HUNDRED)) : RESERVOIR_ROWS_BASE.add(size);
        };
        boolean bernoulli = method == Method.BERNOULLI;
        return seed == null
                ? SqlSampleSpec.createTableSample(bernoulli, rate)
                : SqlSampleSpec.createTableSample(bernoulli, rate, seed);
    }

    /** The sample a planner {@code Sample} stands for (the inverse of {@link #toCalcite}). */
    public static SampleSpec fromCalcite(RelOptSamplingParameters parameters) {
        BigDecimal rate = parameters.sampleRate;
        Integer seed = parameters.isRepeatable() ? parameters.getRepeatableSeed() : null;
        if (rate.compareTo(RESERVOIR_ROWS_BASE) >= 0) {
            return new SampleSpec(Method.RESERVOIR, rate.subtract(RESERVOIR_ROWS_BASE), false, seed);
        }
        if (rate.compareTo(RESERVOIR_PERCENT_BASE) >= 0) {
            return new SampleSpec(
                    Method.RESERVOIR, rate.subtract(RESERVOIR_PERCENT_BASE).multiply(HUNDRED), true, seed);
        }
        Method method = parameters.isBernoulli() ? Method.BERNOULLI : Method.SYSTEM;
        return new SampleSpec(method, rate.multiply(HUNDRED), true, seed);
    }

    /** As DuckDB writes it, e.g. {@code reservoir(10 ROWS) REPEATABLE (3)}. */
    @Override
    public String toString() {
        return method.name().toLowerCase(Locale.ROOT) + "("
                + size.stripTrailingZeros().toPlainString() + (percent ? "%" : " ROWS") + ")"
                + (seed == null ? "" : " REPEATABLE (" + seed + ")");
    }
}
