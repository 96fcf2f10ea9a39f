package dev.quiver.bench.udfsql;

import java.util.List;

/** Whether two engines' one-row answers are the same: counts exactly, floating-point sums to 1e-9 relative. */
public final class Answers {
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private Answers() {}

    /**
     * True when both lists have the same length and every pair of values agrees. Sums of doubles are
     * compared with a tolerance because each engine adds them in its own order.
     */
    public static boolean agree(List<Double> left, List<Double> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int index = 0; index < left.size(); index++) {
            double a = left.get(index);
            double b = right.get(index);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (Double.isNaN(a) != Double.isNaN(b)) {
                    return false;
                }
            } else if (Math.abs(a - b) > RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))) {
                return false;
            }
        }
        return true;
    }
}
