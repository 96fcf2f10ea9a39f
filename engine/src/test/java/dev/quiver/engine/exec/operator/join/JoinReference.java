package dev.quiver.engine.exec.operator.join;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/** The obvious nested-loop join over Java rows: what every join test compares the operator with. */
public final class JoinReference {
    private JoinReference() {}

    public static List<List<Object>> join(
            List<List<Object>> left,
            List<List<Object>> right,
            int leftWidth,
            int rightWidth,
            JoinType type,
            int[] leftKeys,
            int[] rightKeys,
            boolean[] nullsEqual,
            BiPredicate<List<Object>, List<Object>> remainder) {
        List<List<Object>> out = new ArrayList<>();
        boolean[] rightMatched = new boolean[right.size()];
        for (List<Object> l : left) {
            boolean matched = false;
            for (int index = 0; index < right.size(); index++) {
                List<Object> r = right.get(index);
                if (keysMatch(l, r, leftKeys, rightKeys, nullsEqual) && (remainder == null || remainder.test(l, r))) {
                    matched = true;
                    rightMatched[index] = true;
                    if (type.outputsRight()) {
                        out.add(concat(l, r));
                    }
                }
            }
            if ((type == JoinType.SEMI && matched) || (type == JoinType.ANTI && !matched)) {
                out.add(l);
            }
            if (!matched && type.keepsUnmatchedLeft()) {
                out.add(concat(l, nulls(rightWidth)));
            }
        }
        if (type.keepsUnmatchedRight()) {
            for (int index = 0; index < right.size(); index++) {
                if (!rightMatched[index]) {
                    out.add(concat(nulls(leftWidth), right.get(index)));
                }
            }
        }
        return out;
    }

    private static boolean keysMatch(
            List<Object> l, List<Object> r, int[] leftKeys, int[] rightKeys, boolean[] nullsEqual) {
        for (int key = 0; key < leftKeys.length; key++) {
            Object a = normal(l.get(leftKeys[key]));
            Object b = normal(r.get(rightKeys[key]));
            if (a == null || b == null) {
                if (!(nullsEqual[key] && a == null && b == null)) {
                    return false;
                }
            } else if (!Objects.equals(a, b)) {
                return false;
            }
        }
        return true;
    }

    private static Object normal(Object value) {
        return value instanceof Number number
                        && !(value instanceof Double)
                        && !(value instanceof Float)
                        && !(value instanceof java.math.BigDecimal)
                ? (Object) number.longValue()
                : value;
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> row = new ArrayList<>(a);
        row.addAll(b);
        return row;
    }

    private static List<Object> nulls(int width) {
        return Arrays.asList(new Object[width]);
    }

    /** Rows with the same content, in a canonical order, for comparing multisets. */
    public static List<String> canonical(List<List<Object>> rows) {
        List<String> text = new ArrayList<>();
        for (List<Object> row : rows) {
            text.add(row.toString());
        }
        Collections.sort(text);
        return text;
    }
}
