package dev.quiver.engine.sql;

import java.math.BigDecimal;

/**
 * DuckDB's {@code LIMIT p%} ({@code LIMIT p PERCENT}) as it travels through Calcite, whose LIMIT
 * takes a row count only: {@link SampleClauses} writes the percentage as a row count of at least
 * {@link #BASE} (2^62 rows, more than any result holds, so no real limit is read as one; a larger
 * written limit is lowered below it), and the physical planner reads it back.
 */
public final class PercentLimits {
    /** The first row count that stands for a percentage. */
    public static final long BASE = 1L << 62;

    /** Millionths of a percent: {@code LIMIT 12.5%} is BASE + 12,500,000. */
    private static final BigDecimal SCALE = BigDecimal.valueOf(1_000_000);

    private PercentLimits() {}

    /** The row count that stands for {@code percent} (in [0, 100]). */
    static String encode(BigDecimal percent) {
        return Long.toString(BASE + percent.multiply(SCALE).longValue());
    }

    /** Whether a LIMIT row count stands for a percentage. */
    public static boolean isPercent(long fetch) {
        return fetch >= BASE;
    }

    /** The percentage a LIMIT row count stands for ({@link #isPercent} must hold). */
    public static double percent(long fetch) {
        return (fetch - BASE) / SCALE.doubleValue();
    }
}
