package dev.quiver.engine.exec.operator.aggregate;

/** Which value of a group a value accumulator keeps. */
enum Selection {
    /** The least (MIN). */
    MIN(-1),
    /** The greatest (MAX). */
    MAX(1),
    /** The first one met (ANY_VALUE, SINGLE_VALUE). */
    FIRST(2);

    /**
     * The sign of {@code compare(candidate, kept)} — -1, 0 or 1 — for which the candidate replaces
     * the kept value (2: never). Loops test {@code signum(order) == replacingSign}: one comparison,
     * no branch on the selection per row.
     */
    final int replacingSign;

    Selection(int replacingSign) {
        this.replacingSign = replacingSign;
    }
}
