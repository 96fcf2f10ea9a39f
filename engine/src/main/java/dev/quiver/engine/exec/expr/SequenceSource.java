package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;

/**
 * The sequences a statement's {@code nextval} and {@code currval} reach, by the name the SQL gives
 * (as the connection's search path resolves it). Thread-safe: a query's threads call it at once.
 */
public interface SequenceSource {
    /** The source the running statement's sessions gives; read while a statement is planned. */
    ScopedValue<SequenceSource> CURRENT = ScopedValue.newInstance();

    /** The statement's source, or one that knows no sequence when none is bound (planning outside a session). */
    static SequenceSource current() {
        return CURRENT.orElse(NONE);
    }

    /**
     * The next {@code count} values of sequence {@code name}, in order.
     *
     * @throws QuiverException when there is no such sequence, or it is exhausted
     */
    long[] next(String name, int count);

    /** The last value {@code nextval} gave for sequence {@code name}. */
    long current(String name);

    /** Knows no sequence. */
    SequenceSource NONE = new SequenceSource() {
        @Override
        public long[] next(String name, int count) {
            throw unknown(name);
        }

        @Override
        public long current(String name) {
            throw unknown(name);
        }
    };

    /** DuckDB's error for a sequence that does not exist. */
    static QuiverException unknown(String name) {
        return new QuiverException(ErrorCode.UNKNOWN_TABLE, "Sequence with name " + name + " does not exist!");
    }
}
