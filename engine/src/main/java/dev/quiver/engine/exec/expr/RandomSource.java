package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A session's source of {@code random()} values: each thread's own generator until
 * {@code setseed(x)} seeds one shared generator, whose sequence then repeats for the same seed
 * (in row order when one thread runs the query, as in DuckDB). Thread-safe.
 */
public final class RandomSource {
    /** The running statement's session source, bound by the session while it plans a statement. */
    public static final ScopedValue<RandomSource> CURRENT = ScopedValue.newInstance();

    private SplittableRandom seeded; // guarded by this

    /** The bound session's source, or a new unseeded one outside a session (tools, tests). */
    public static RandomSource current() {
        return CURRENT.isBound() ? CURRENT.get() : new RandomSource();
    }

    /** {@code setseed(seed)}: seed in [-1, 1], as DuckDB accepts. */
    public synchronized void seed(double seed) {
        if (!(seed >= -1 && seed <= 1)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "SETSEED accepts seed values between -1.0 and 1.0, inclusive, not " + seed);
        }
        seeded = new SplittableRandom(Double.doubleToLongBits(seed));
    }

    /** Fills {@code values} with new numbers in [0, 1). */
    public void fill(double[] values) {
        synchronized (this) {
            if (seeded != null) {
                for (int index = 0; index < values.length; index++) {
                    values[index] = seeded.nextDouble();
                }
                return;
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int index = 0; index < values.length; index++) {
            values[index] = random.nextDouble();
        }
    }
}
