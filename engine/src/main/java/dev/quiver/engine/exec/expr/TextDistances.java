package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * DuckDB's text similarity functions on one row's strings, the bodies of {@link RowKernelExpr}s.
 * Like DuckDB's, they compare the UTF-8 bytes ({@code levenshtein('héllo', 'hello')} is 2).
 */
public final class TextDistances {
    private TextDistances() {}

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code levenshtein(a, b)}: the fewest insertions, deletions and substitutions from a to b. */
    public static long levenshtein(String a, String b) {
        byte[] left = bytes(a);
        byte[] right = bytes(b);
        int[] previous = new int[right.length + 1];
        int[] current = new int[right.length + 1];
        for (int column = 0; column <= right.length; column++) {
            previous[column] = column;
        }
        for (int row = 1; row <= left.length; row++) {
            current[0] = row;
            for (int column = 1; column <= right.length; column++) {
                int substitution = previous[column - 1] + (left[row - 1] == right[column - 1] ? 0 : 1);
                current[column] = Math.min(substitution, Math.min(previous[column], current[column - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[right.length];
    }

    /**
     * {@code damerau_levenshtein(a, b)}: as levenshtein, and swapping two adjacent characters is one
     * edit. The unrestricted distance (a transposed pair may be edited again: {@code 'ca'} to
     * {@code 'abc'} is 2, not 3), as DuckDB computes it (Lowrance-Wagner).
     */
    public static long damerauLevenshtein(String a, String b) {
        byte[] left = bytes(a);
        byte[] right = bytes(b);
        int infinity = left.length + right.length;
        int[][] distance = new int[left.length + 2][right.length + 2];
        distance[0][0] = infinity;
        for (int row = 0; row <= left.length; row++) {
            distance[row + 1][0] = infinity;
            distance[row + 1][1] = row;
        }
        for (int column = 0; column <= right.length; column++) {
            distance[0][column + 1] = infinity;
            distance[1][column + 1] = column;
        }
        int[] lastRowOfByte = new int[256];
        for (int row = 1; row <= left.length; row++) {
            int lastMatchColumn = 0;
            for (int column = 1; column <= right.length; column++) {
                int transposedRow = lastRowOfByte[right[column - 1] & 0xFF];
                int transposedColumn = lastMatchColumn;
                int cost = 1;
                if (left[row - 1] == right[column - 1]) {
                    cost = 0;
                    lastMatchColumn = column;
                }
                int best = Math.min(
                        distance[row][column] + cost,
                        Math.min(distance[row + 1][column], distance[row][column + 1]) + 1);
                int transposition = distance[transposedRow][transposedColumn]
                        + (row - transposedRow - 1)
                        + 1
                        + (column - transposedColumn - 1);
                distance[row + 1][column + 1] = Math.min(best, transposition);
            }
            lastRowOfByte[left[row - 1] & 0xFF] = row;
        }
        return distance[left.length + 1][right.length + 1];
    }

    /** {@code hamming(a, b)}: the positions where they differ; INVALID_ARGUMENT unless equally long and not empty. */
    public static long hamming(String a, String b) {
        byte[] left = bytes(a);
        byte[] right = bytes(b);
        if (left.length != right.length) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "Mismatch Function: Strings must be of equal length!");
        }
        if (left.length == 0 || right.length == 0) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Mismatch Function: Strings must be of length > 0!");
        }
        long differences = 0;
        for (int index = 0; index < left.length; index++) {
            differences += left[index] == right[index] ? 0 : 1;
        }
        return differences;
    }

    /** {@code jaccard(a, b)}: shared distinct bytes over all distinct bytes; INVALID_ARGUMENT for an empty one. */
    public static double jaccard(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Jaccard Function: An argument too short!");
        }
        BitSet left = byteSet(a);
        BitSet right = byteSet(b);
        BitSet union = (BitSet) left.clone();
        union.or(right);
        left.and(right);
        return (double) left.cardinality() / union.cardinality();
    }

    private static BitSet byteSet(String text) {
        BitSet set = new BitSet(256);
        for (byte value : bytes(text)) {
            set.set(value & 0xFF);
        }
        return set;
    }

    /** {@code jaro_similarity(a, b)}: 1 for equal strings, 0 when none match; 0 if either is empty. */
    public static double jaro(String a, String b) {
        byte[] left = bytes(a);
        byte[] right = bytes(b);
        if (left.length == 0 || right.length == 0) {
            return 0;
        }
        int window = Math.max(0, Math.max(left.length, right.length) / 2 - 1);
        boolean[] leftMatched = new boolean[left.length];
        boolean[] rightMatched = new boolean[right.length];
        int matches = 0;
        for (int index = 0; index < left.length; index++) {
            int from = Math.max(0, index - window);
            int to = Math.min(right.length - 1, index + window);
            for (int other = from; other <= to; other++) {
                if (!rightMatched[other] && left[index] == right[other]) {
                    leftMatched[index] = true;
                    rightMatched[other] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0;
        }
        int transpositions = 0;
        int other = 0;
        for (int index = 0; index < left.length; index++) {
            if (leftMatched[index]) {
                while (!rightMatched[other]) {
                    other++;
                }
                transpositions += left[index] == right[other] ? 0 : 1;
                other++;
            }
        }
        double m = matches;
        return (m / left.length + m / right.length + (m - transpositions / 2) / m) / 3;
    }

    /**
     * {@code jaro_winkler_similarity(a, b)}: jaro raised for a common prefix of up to 4 bytes (weight
     * 0.1), when the jaro similarity is above 0.7.
     */
    public static double jaroWinkler(String a, String b) {
        double jaro = jaro(a, b);
        if (jaro <= 0.7) {
            return jaro;
        }
        byte[] left = bytes(a);
        byte[] right = bytes(b);
        int prefix = 0;
        while (prefix < 4 && prefix < left.length && prefix < right.length && left[prefix] == right[prefix]) {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }
}
