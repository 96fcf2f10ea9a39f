package dev.quiver.engine.catalog;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.function.LongConsumer;

/**
 * A sequence ({@code CREATE SEQUENCE}): its options and the last value it handed out. Thread-safe:
 * every session's {@code nextval} takes values under the sequence's monitor, so no value is handed
 * out twice.
 *
 * <p>DURABILITY: a durable sequence calls its {@code persist} hook with the new last value
 * <em>before</em> {@link #next} returns the values, so a restart (even after kill -9) continues
 * after every value a query has seen. As in DuckDB, values taken by a statement or transaction that
 * fails are not handed out again.
 */
public final class Sequence {
    private final String name;
    private final long start;
    private final long increment;
    private final long minValue;
    private final long maxValue;
    private final boolean cycle;
    private final String definitionSql;
    private LongConsumer persist = value -> {};

    /** The last value handed out; meaningful once {@link #used}. Guarded by this. */
    private long last;

    private boolean used;

    /**
     * @param name          the internal name ({@link QualifiedName#internal()})
     * @param definitionSql the CREATE SEQUENCE statement a database file keeps and replays
     */
    public Sequence(
            String name,
            long start,
            long increment,
            long minValue,
            long maxValue,
            boolean cycle,
            String definitionSql) {
        this.name = name;
        this.start = start;
        this.increment = increment;
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.cycle = cycle;
        this.definitionSql = definitionSql;
    }

    public String name() {
        return name;
    }

    public String definitionSql() {
        return definitionSql;
    }

    public long start() {
        return start;
    }

    public long increment() {
        return increment;
    }

    public long minValue() {
        return minValue;
    }

    public long maxValue() {
        return maxValue;
    }

    public boolean cycle() {
        return cycle;
    }

    /** Writes each new last value through {@code hook} (a database file's store) before values are handed out. */
    public synchronized void persistWith(LongConsumer hook) {
        this.persist = hook;
    }

    /** Restores the state a database file kept: the last value handed out, if any was. */
    public synchronized void restore(Long lastValue) {
        used = lastValue != null;
        last = lastValue == null ? 0 : lastValue;
    }

    /** The last value handed out, or null when none was yet. */
    public synchronized Long lastValue() {
        return used ? last : null;
    }

    /**
     * The next {@code count} values, in order, written through the persist hook before they are
     * returned.
     *
     * @throws QuiverException SEQUENCE_LIMIT when the sequence passes MAXVALUE or MINVALUE without
     *     CYCLE; the values before that one count as handed out
     */
    public synchronized long[] next(int count) {
        long[] values = new long[count];
        QuiverException limit = null;
        long value = last;
        boolean advanced = used;
        int taken = 0;
        for (; taken < count; taken++) {
            long candidate;
            if (!advanced) {
                candidate = start;
            } else {
                long sum = value + increment;
                boolean overflow = ((value ^ sum) & (increment ^ sum)) < 0;
                if (increment > 0 && (overflow || sum > maxValue)) {
                    if (!cycle) {
                        limit = exhausted("maximum", maxValue);
                        break;
                    }
                    sum = minValue;
                } else if (increment < 0 && (overflow || sum < minValue)) {
                    if (!cycle) {
                        limit = exhausted("minimum", minValue);
                        break;
                    }
                    sum = maxValue;
                }
                candidate = sum;
            }
            values[taken] = candidate;
            value = candidate;
            advanced = true;
        }
        if (taken > 0) {
            persist.accept(value); // before anyone sees a value: a crash then skips, never repeats
            last = value;
            used = true;
        }
        if (limit != null) {
            throw limit;
        }
        return values;
    }

    /**
     * The value the last {@code nextval} returned.
     *
     * @throws QuiverException SEQUENCE_LIMIT when nextval never ran (DuckDB's error)
     */
    public synchronized long current() {
        if (!used) {
            throw new QuiverException(
                    ErrorCode.SEQUENCE_LIMIT, "Sequence Error: currval: sequence is not yet defined in this session");
        }
        return last;
    }

    private QuiverException exhausted(String which, long bound) {
        return new QuiverException(
                ErrorCode.SEQUENCE_LIMIT,
                "Sequence Error: nextval: reached " + which + " value of sequence \""
                        + QualifiedName.of(name).name() + "\" (" + bound + ")");
    }
}
