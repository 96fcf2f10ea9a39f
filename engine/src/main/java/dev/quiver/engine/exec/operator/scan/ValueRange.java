package dev.quiver.engine.exec.operator.scan;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;

/**
 * The least and greatest non-NULL value of an integer or DATE column in one stored batch, in the
 * values' long form (integers sign-extended, DATE in days: what join keys compare). A scan skips a
 * batch whose range no join filter's build keys reach without reading it — DuckDB's zone maps,
 * which pay off because generated and appended data usually arrive in key order (TPC-DS inventory
 * and sales by date).
 *
 * @param min the least value; greater than {@code max} when every row is NULL (nothing matches)
 * @param max the greatest value
 */
public record ValueRange(long min, long max) {
    /** The range of a column without a non-NULL value: no key falls in it. */
    public static final ValueRange EMPTY = new ValueRange(Long.MAX_VALUE, Long.MIN_VALUE);

    /** The range of rows [0, rows) of {@code column}, or null when its type has no plain integer long form. */
    public static ValueRange of(FieldVector column, int rows) {
        if (!(column instanceof IntVector
                || column instanceof BigIntVector
                || column instanceof DateDayVector
                || column instanceof SmallIntVector
                || column instanceof TinyIntVector)) {
            return null;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean nulls = column.getNullCount() > 0;
        for (int row = 0; row < rows; row++) {
            if (nulls && column.isNull(row)) {
                continue;
            }
            long value = switch (column) {
                case IntVector ints -> ints.get(row);
                case BigIntVector longs -> longs.get(row);
                case DateDayVector dates -> dates.get(row);
                case SmallIntVector shorts -> shorts.get(row);
                case TinyIntVector bytes -> bytes.get(row);
                default -> throw new IllegalStateException("unreachable: " + column.getClass());
            };
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return min > max ? EMPTY : new ValueRange(min, max);
    }
}
