package dev.quiver.engine.exec.operator.join;

import dev.quiver.engine.exec.key.LongForm;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * The values of an ASOF join's order column, read once into a form that compares fast: integer-like,
 * date and time values and floating-point values as longs whose signed order is the values' order
 * (NaN above every number, as in DuckDB); anything else (VARCHAR by its UTF-8 bytes, DECIMAL) as
 * objects.
 */
final class AsofOrder {
    /** VARCHAR and VARBINARY compare as unsigned bytes (DuckDB's order), the rest by their own order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Comparator<Object> OBJECT_ORDER = (first, second) -> first instanceof byte[] bytes
            ? Arrays.compareUnsigned(bytes, (byte[]) second)
            : ((Comparable) first).compareTo(second);

    /** Longs in value order, or null when {@link #objects} holds the values. */
    final long[] longs;
    /** The values as objects, or null. */
    final Object[] objects;
    /** Rows whose value is NULL: they match nothing. Null when there are none. */
    final boolean[] nulls;

    private AsofOrder(long[] longs, Object[] objects, boolean[] nulls) {
        this.longs = longs;
        this.objects = objects;
        this.nulls = nulls;
    }

    /** Whether values of this type are read as longs. */
    static boolean asLongs(ArrowType type) {
        return LongForm.supports(type);
    }

    /** Rows [0, rows) of {@code column}. */
    static AsofOrder read(FieldVector column, int rows) {
        boolean[] nulls = null;
        if (column.getNullCount() > 0) {
            nulls = new boolean[rows];
            for (int row = 0; row < rows; row++) {
                nulls[row] = column.isNull(row);
            }
        }
        ArrowType type = column.getField().getType();
        if (asLongs(type)) {
            long[] longs = new long[rows];
            LongForm.read(column, rows, longs);
            if (type instanceof ArrowType.FloatingPoint) {
                for (int row = 0; row < rows; row++) {
                    // IEEE bits order positive doubles; flipping the magnitude bits of negative ones
                    // orders them below, in reverse (-0.0 is 0 already, NaN the largest)
                    long bits = longs[row];
                    longs[row] = bits ^ ((bits >> 63) & Long.MAX_VALUE);
                }
            }
            return new AsofOrder(longs, null, nulls);
        }
        Object[] objects = new Object[rows];
        for (int row = 0; row < rows; row++) {
            Object value = column.getObject(row);
            objects[row] = value instanceof Text text ? Arrays.copyOf(text.getBytes(), (int) text.getLength()) : value;
        }
        return new AsofOrder(null, objects, nulls);
    }

    boolean isNull(int row) {
        return nulls != null && nulls[row];
    }
}
