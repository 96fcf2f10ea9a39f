package dev.quiver.engine.exec.operator.window;

/**
 * The frame of a window: which rows around the current one an aggregate or a frame-reading value
 * function sees. ROWS counts rows; RANGE compares the single ORDER BY key's values (offsets), or
 * takes whole peer groups (CURRENT ROW); GROUPS counts peer groups. Immutable.
 *
 * @param kind  ROWS, RANGE or GROUPS
 * @param lower where the frame starts
 * @param upper where it ends (inclusive, as SQL writes it)
 * @param exclusion which rows around the current one EXCLUDE takes out
 */
public record WindowFrame(Kind kind, Bound lower, Bound upper, Exclusion exclusion) {
    /** What a frame's offsets count. */
    public enum Kind {
        ROWS,
        RANGE,
        /** Peer groups: rows with equal ORDER BY keys. */
        GROUPS
    }

    /** EXCLUDE: rows taken out of every frame. */
    public enum Exclusion {
        NO_OTHERS,
        CURRENT_ROW,
        /** The current row's peer group. */
        GROUP,
        /** The current row's peers other than itself. */
        TIES
    }

    /** A frame without EXCLUDE. */
    public WindowFrame(Kind kind, Bound lower, Bound upper) {
        this(kind, lower, upper, Exclusion.NO_OTHERS);
    }

    /** How a frame bound is given. */
    public enum BoundKind {
        UNBOUNDED_PRECEDING,
        PRECEDING,
        CURRENT_ROW,
        FOLLOWING,
        UNBOUNDED_FOLLOWING
    }

    /**
     * One bound.
     *
     * @param kind         its kind
     * @param offset       PRECEDING/FOLLOWING's offset in the ORDER BY key's representation (rows, peer groups;
     *                     integer-like keys, DATE days, TIMESTAMP microseconds, DECIMAL unscaled), or
     *                     {@link Double#doubleToRawLongBits} of it for a floating-point key; 0 otherwise
     * @param doubleOffset whether {@code offset} holds a double's bits
     */
    public record Bound(BoundKind kind, long offset, boolean doubleOffset) {
        public static Bound of(BoundKind kind) {
            return new Bound(kind, 0, false);
        }

        @Override
        public String toString() {
            String amount = doubleOffset ? String.valueOf(Double.longBitsToDouble(offset)) : String.valueOf(offset);
            return switch (kind) {
                case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
                case PRECEDING -> amount + " PRECEDING";
                case CURRENT_ROW -> "CURRENT ROW";
                case FOLLOWING -> amount + " FOLLOWING";
                case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
            };
        }
    }

    @Override
    public String toString() {
        return kind + " BETWEEN " + lower + " AND " + upper
                + (exclusion == Exclusion.NO_OTHERS
                        ? ""
                        : " EXCLUDE " + exclusion.name().replace('_', ' '));
    }
}
