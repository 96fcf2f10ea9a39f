package dev.quiver.engine.exec.operator.aggregate;

/** Which value of a group a value accumulator keeps. */
enum Selection {
    /** The least (MIN). */
    MIN,
    /** The greatest (MAX). */
    MAX,
    /** The first one met (ANY_VALUE, SINGLE_VALUE). */
    FIRST;

    /** Whether {@code order} — candidate compared with the kept value — means the candidate replaces it. */
    boolean replaces(int order) {
        return switch (this) {
            case MIN -> order < 0;
            case MAX -> order > 0;
            case FIRST -> false;
        };
    }
}
