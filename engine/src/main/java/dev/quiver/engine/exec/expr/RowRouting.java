package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The per-evaluation state of CASE and COALESCE: which source vector each row's value comes from.
 *
 * <p>Row sets are bitmaps of 64-row words. A source is normally evaluated over the whole batch
 * ({@link Exprs#evaluateWhole}) and then only its rows' bits are recorded; a source that failed that
 * way is evaluated over its rows only and recorded row by row. Confined to one evaluation on one
 * thread; {@link #close} frees the source vectors.
 */
final class RowRouting implements AutoCloseable {
    private final Batch input;
    private final ExecutionContext context;
    private final int rowCount;
    private final FieldVector[] sources;
    /** For a source evaluated over the whole batch: the rows that take their value from it. */
    private final long[][] wholeRows;
    /** For sources evaluated over some rows only: each row's source and position in it (-1: none). */
    private int[] sourceOf;

    private int[] positionOf;

    RowRouting(Batch input, ExecutionContext context, int sourceCount) {
        this.input = input;
        this.context = context;
        this.rowCount = input.rowCount();
        this.sources = new FieldVector[sourceCount];
        this.wholeRows = new long[sourceCount][];
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
        for (int wordIndex = 0; wordIndex < rows.length && next < count; wordIndex++) {
            long word = rows[wordIndex];
            while (word != 0 && next < count) {
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
        try (FieldVector values = Exprs.evaluateWhole(condition, input, context, count == rowCount)) {
            if (values != null) {
                Bits valid = Bits.validity(values, rowCount);
                Bits data = LogicalExpr.dataOf(values, rowCount);
                for (int wordIndex = 0; wordIndex < among.length; wordIndex++) {
                    result[wordIndex] = among[wordIndex] & valid.word(wordIndex) & data.word(wordIndex);
                }
                return result;
            }
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
     * removed from {@code rows} (COALESCE); the others stay unrouted. {@code rows} may be changed.
     */
    void route(int source, Expr value, long[] rows, boolean nonNullOnly) {
        int count = count(rows, rowCount);
        if (count == 0) {
            return;
        }
        FieldVector whole = Exprs.evaluateWhole(value, input, context, count == rowCount);
        if (whole != null) {
            sources[source] = whole;
            Bits valid = Bits.validity(whole, rowCount);
            long[] taken = new long[rows.length];
            for (int wordIndex = 0; wordIndex < rows.length; wordIndex++) {
                long word = Bits.masked(rows[wordIndex], wordIndex, rowCount);
                if (nonNullOnly) {
                    word &= valid.word(wordIndex);
                }
                rows[wordIndex] &= ~word;
                taken[wordIndex] = word;
            }
            wholeRows[source] = taken;
            return;
        }
        int[] indices = indices(rows, count);
        FieldVector values = Exprs.evaluateOn(value, input, indices, count, context);
        sources[source] = values;
        Bits valid = Bits.validity(values, count);
        if (sourceOf == null) {
            sourceOf = new int[rowCount];
            positionOf = new int[rowCount];
            Arrays.fill(sourceOf, -1);
        }
        for (int index = 0; index < count; index++) {
            int row = indices[index];
            if (nonNullOnly && !valid.get(index)) {
                continue;
            }
            rows[row >>> 6] &= ~(1L << (row & 63));
            sourceOf[row] = source;
            positionOf[row] = index;
        }
    }

    /** The result vector: each routed row's value, NULL for rows never routed. */
    FieldVector assemble(Field field) {
        if (sourceOf == null) {
            return Choose.assembleWhole(field, sources, wholeRows, rowCount, context.allocator());
        }
        for (int source = 0; source < sources.length; source++) {
            long[] taken = wholeRows[source];
            if (taken == null) {
                continue;
            }
            for (int row : indices(taken, count(taken, rowCount))) {
                sourceOf[row] = source;
                positionOf[row] = row;
            }
        }
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
