package dev.quiver.engine.exec.operator.join;

/**
 * The joins the runtime executes. LEFT and RIGHT name the inputs as the query wrote them, whichever
 * of the two is hashed; the output has the left columns, then the right ones (SEMI and ANTI: left
 * columns only).
 */
public enum JoinType {
    /** Matching pairs. */
    INNER,
    /** Matching pairs, and left rows without a match, with NULL right columns. */
    LEFT,
    /** Matching pairs, and right rows without a match, with NULL left columns. */
    RIGHT,
    /** Matching pairs, and the unmatched rows of both sides. */
    FULL,
    /** Left rows with at least one match, each once (EXISTS, IN). */
    SEMI,
    /** Left rows without any match (NOT EXISTS). A left row with a NULL key has no match. */
    ANTI;

    boolean keepsUnmatchedLeft() {
        return this == LEFT || this == FULL;
    }

    boolean keepsUnmatchedRight() {
        return this == RIGHT || this == FULL;
    }

    /** Whether the output has the right columns. */
    boolean outputsRight() {
        return this != SEMI && this != ANTI;
    }
}
