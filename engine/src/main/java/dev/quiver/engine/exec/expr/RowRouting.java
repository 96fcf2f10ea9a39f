package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The per-evaluation state of CASE and COALESCE: which source vector each row's value comes from.
 *
 * <p>Row sets are bitmaps of 64-row words. An expression is evaluated over the whole batch when it
 * cannot fail or is needed by every row, otherwise only over its rows ({@link Exprs#evaluateOn}).
 * Confined to one evaluation on one thread; {@link #close} frees the source vectors.
 */
final class RowRouting implements AutoCloseable {
    private final Batch input;
    private final ExecutionContext context;
    private final int rowCount;
    private final FieldVector[] sources;
    private final int[] sourceOf;
    private final int[] positionOf;

    RowRouting(Batch input, ExecutionContext context, int sourceCount) {
        this.input = input;
        this.context = context;
        this.rowCount = input.rowCount();
        this.sources = new FieldVector[sourceCount];
        this.sourceOf = new int[rowCount];
        this.positionOf = new int[rowCount];
        Arrays.fill(sourceOf, -1);
    }

    static long[] allRows(int rowCount) {
        long[] rows = new long[Bits.wordCount(rowCount)];
        Arrays.fill(rows, -1L);
        if (rows.length > 0) {
            rows[rows.length - 1] = Bits.tailMask(rowCount);
        }
        return rows;
    }

    static int count(long[] rows, int rowCount) {
        int count = 0;
        for (int wordIndex = 0; wordIndex < rows.length; wordIndex++) {
            count += Long.bitCount(Bits.masked(rows[wordIndex], wordIndex, rowCount));
        }
        return count;
    }

    static int[] indices(long[] rows, int count) {
        int[] indices = new int[count];
        int next = 0;
        for (int wordIndex = 0; wordIndex < rows.length; wordIndex++) {
            long word = rows[wordIndex];
            while (word != 0) {
                indices[next++] = (wordIndex << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return indices;
    }

    /** The rows of {@code among} where the BOOLEAN {@code condition} is TRUE. */
    long[] trueRows(Expr condition, long[] among) {
        long[] result = new long[among.length];
        int count = count(among, rowCount);
        if (count == rowCount || Exprs.isSafe(condition)) {
            try (FieldVector values = condition.evaluate(input, context)) {
                Bits valid = Bits.validity(values, rowCount);
                Bits data = LogicalExpr.dataOf(values, rowCount);
                for (int wordIndex = 0; wordIndex < among.length; wordIndex++) {
                    result[wordIndex] = among[wordIndex] & valid.word(wordIndex) & data.word(wordIndex);
                }
            }
            return result;
        }
        int[] rows = indices(among, count);
        try (FieldVector values = Exprs.evaluateOn(condition, input, rows, count, context)) {
            Bits valid = Bits.validity(values, count);
            Bits data = LogicalExpr.dataOf(values, count);
            for (int index = 0; index < count; index++) {
                if (valid.get(index) && data.get(index)) {
                    result[rows[index] >>> 6] |= 1L << (rows[index] & 63);
                }
            }
        }
        return result;
    }

    /**
     * Evaluates {@code value} for the rows {@code rows} and routes them to source {@code source}.
     * With {@code nonNullOnly}, only rows where the value is not NULL are routed, and they are
     * removed from {@code rows} (COALESCE); the others stay unrouted.
     */
    void route(int source, Expr value, long[] rows, boolean nonNullOnly) {
        int count = count(rows, rowCount);
        if (count == 0) {
            return;
        }
        if (count == rowCount || Exprs.isSafe(value)) {
            FieldVector values = value.evaluate(input, context);
            sources[source] = values;
            Bits valid = Bits.validity(values, rowCount);
            for (int wordIndex = 0; wordIndex < rows.length; wordIndex++) {
                long word = Bits.masked(rows[wordIndex], wordIndex, rowCount);
                if (nonNullOnly) {
                    word &= valid.word(wordIndex);
                    rows[wordIndex] &= ~word;
                }
                while (word != 0) {
                    int row = (wordIndex << 6) + Long.numberOfTrailingZeros(word);
                    sourceOf[row] = source;
                    positionOf[row] = row;
                    word &= word - 1;
                }
            }
            return;
        }
        int[] indices = indices(rows, count);
        FieldVector values = Exprs.evaluateOn(value, input, indices, count, context);
        sources[source] = values;
        Bits valid = Bits.validity(values, count);
        for (int index = 0; index < count; index++) {
            int row = indices[index];
            if (nonNullOnly) {
                if (!valid.get(index)) {
                    continue;
                }
                rows[row >>> 6] &= ~(1L << (row & 63));
            }
            sourceOf[row] = source;
            positionOf[row] = index;
        }
    }

    /** The result vector: each routed row's value, NULL for rows never routed. */
    FieldVector assemble(Field field) {
        return Choose.assemble(field, sources, sourceOf, positionOf, rowCount, context.allocator());
    }

    @Override
    public void close() {
        for (FieldVector source : sources) {
            if (source != null) {
                source.close();
            }
        }
    }
}
