package dev.quiver.engine.exec.operator.window;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/** Reading window function arguments from a sorted bucket: a column's values, or a constant for every row. */
final class Arguments {
    private Arguments() {}

    /** An integer argument per row (ntile's count, lag's offset, nth_value's position). */
    record LongArgument(long constant, boolean constantNull, long[] values, boolean[] valid) {
        long value(int row) {
            return values == null ? constant : values[row];
        }

        boolean isNull(int row) {
            return values == null ? constantNull : !valid[row];
        }
    }

    /** Argument {@code index} of {@code function} as integers; {@code fallback} when the call omits it. */
    static LongArgument longArgument(WindowFunction function, int index, SortedBucket bucket, long fallback) {
        if (index >= function.arguments().length) {
            return new LongArgument(fallback, false, null, null);
        }
        if (!function.isColumn(index)) {
            Object constant = function.constant(index);
            return new LongArgument(
                    constant == null ? 0 : ((Number) constant).longValue(), constant == null, null, null);
        }
        FieldVector column = bucket.columns().get(function.arguments()[index]);
        long[] values = new long[bucket.rows()];
        try {
            PrimitiveColumns.readLongs(column, 0, bucket.rows(), values);
        } catch (IllegalArgumentException e) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "argument " + (index + 1) + " of " + function.kind().name().toLowerCase(java.util.Locale.ROOT)
                            + " must be an integer, not " + column.getField().getType());
        }
        return new LongArgument(0, false, values, validity(column, bucket.rows()));
    }

    static LongArgument longArgument(WindowFunction function, int index, SortedBucket bucket) {
        return longArgument(function, index, bucket, 0);
    }

    /** Per row whether {@code column} holds a value. */
    static boolean[] validity(FieldVector column, int rows) {
        boolean[] valid = new boolean[rows];
        if (column.getNullCount() == 0) {
            java.util.Arrays.fill(valid, true);
            return valid;
        }
        ArrowBuf buffer = column.getValidityBuffer();
        for (int row = 0; row < rows; row++) {
            valid[row] = BitVectorHelper.get(buffer, row) != 0;
        }
        return valid;
    }
}
