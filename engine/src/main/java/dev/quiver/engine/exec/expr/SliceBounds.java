package dev.quiver.engine.exec.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * DuckDB's slice bounds, shared by {@code list_slice} on lists and on strings: 1-based and inclusive,
 * negative counting from the end, 0 meaning the start (of begin) or the end (of end).
 */
public final class SliceBounds {
    private SliceBounds() {}

    /** The begin of a slice written without one ({@code l[:3]}); the parser's literal. */
    public static final long OMITTED_BEGIN = -Long.MAX_VALUE;

    /** The end of a slice written without one ({@code l[2:]}, {@code l[2:-:-1]}); the parser's literal. */
    public static final long OMITTED_END = Long.MAX_VALUE;

    /**
     * The 0-based position a slice starts at: an omitted begin is the first element, or the last
     * for a negative step (DuckDB's {@code l[:3:-1]} walks down from the end to the 3rd element).
     */
    public static long first(long begin, int length, long step) {
        if (begin == OMITTED_BEGIN) {
            return step > 0 ? 0 : length - 1;
        }
        return position(begin, length, 0);
    }

    /** The 0-based position a slice ends at (included): an omitted end is the last element, or the first. */
    public static long last(long end, int length, long step) {
        if (end == OMITTED_END) {
            return step > 0 ? length - 1 : 0;
        }
        return position(end, length, -1);
    }

    /** A 1-based bound (negative: from the end) as a 0-based position; 0 stands for {@code zero}. */
    public static long position(long bound, int length, long zero) {
        return bound > 0 ? bound - 1 : bound < 0 ? length + bound : zero;
    }

    /** The operands of a slice call: the sliced value, begin, end and, if given, the step. */
    public static List<Expr> operands(Expr value, Expr begin, Expr end, Expr step) {
        List<Expr> operands = new ArrayList<>(List.of(value, begin, end));
        if (step != null) {
            operands.add(step);
        }
        return operands;
    }
}
