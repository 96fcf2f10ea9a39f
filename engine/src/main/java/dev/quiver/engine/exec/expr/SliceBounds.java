package dev.quiver.engine.exec.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * DuckDB's slice bounds, shared by {@code list_slice} on lists and on strings: 1-based and inclusive,
 * negative counting from the end, 0 meaning the start (of begin) or the end (of end).
 */
public final class SliceBounds {
    private SliceBounds() {}

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
