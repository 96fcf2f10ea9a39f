package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.vector.Interval;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Reads one column's values as the Java objects {@link AggregateState}s take: Long for integers,
 * Double for floats, BigDecimal, String, Boolean, byte[], Integer days for DATE, Long
 * microseconds for TIMESTAMP, {@link Interval} for INTERVAL; null for NULL. Chosen once per column and batch.
 */
@FunctionalInterface
public interface ValueReader {
    /** The value of {@code row}, or null. */
    Object get(int row);

    /** A reader of {@code column}. */
    static ValueReader of(FieldVector column) {
        return switch (column) {
            case BitVector bits -> row -> bits.isNull(row) ? null : bits.get(row) != 0;
            case TinyIntVector tiny -> row -> tiny.isNull(row) ? null : (long) tiny.get(row);
            case SmallIntVector small -> row -> small.isNull(row) ? null : (long) small.get(row);
            case IntVector integer -> row -> integer.isNull(row) ? null : (long) integer.get(row);
            case BigIntVector big -> row -> big.isNull(row) ? null : big.get(row);
            case Float4Vector real -> row -> real.isNull(row) ? null : (double) real.get(row);
            case Float8Vector dbl -> row -> dbl.isNull(row) ? null : dbl.get(row);
            case DecimalVector decimal -> row -> decimal.isNull(row) ? null : decimal.getObject(row);
            case VarCharVector text ->
                row -> text.isNull(row) ? null : new String(text.get(row), java.nio.charset.StandardCharsets.UTF_8);
            case VarBinaryVector binary -> row -> binary.isNull(row) ? null : binary.get(row);
            case DateDayVector date -> row -> date.isNull(row) ? null : date.get(row);
            case TimeStampMicroVector timestamp -> row -> timestamp.isNull(row) ? null : timestamp.get(row);
            case IntervalMonthDayNanoVector interval ->
                row -> interval.isNull(row) ? null : Interval.read(interval.getDataBuffer(), row);
            case org.apache.arrow.vector.complex.ListVector list ->
                row -> list.isNull(row) ? null : new java.util.ArrayList<Object>(list.getObject(row));
            case org.apache.arrow.vector.complex.FixedSizeListVector array ->
                row -> array.isNull(row) ? null : new java.util.ArrayList<Object>(array.getObject(row));
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "aggregate functions over " + column.getField().getType() + " are not supported yet");
        };
    }

    /** Whether {@link #of} reads columns of {@code type}. */
    static boolean supports(ArrowType type) {
        return switch (type) {
            case ArrowType.Bool bool -> true;
            case ArrowType.Int integer -> integer.getIsSigned() && integer.getBitWidth() <= 64;
            case ArrowType.FloatingPoint floating -> true;
            case ArrowType.Decimal decimal -> true;
            case ArrowType.Utf8 utf8 -> true;
            case ArrowType.Binary binary -> true;
            case ArrowType.Date date -> date.getUnit() == org.apache.arrow.vector.types.DateUnit.DAY;
            case ArrowType.Timestamp timestamp ->
                timestamp.getUnit() == org.apache.arrow.vector.types.TimeUnit.MICROSECOND;
            case ArrowType.Interval interval -> interval.getUnit() == IntervalUnit.MONTH_DAY_NANO;
            case ArrowType.List list -> true; // as Java lists of Arrow's own element objects
            case ArrowType.FixedSizeList array -> true; // likewise
            default -> false;
        };
    }

    /**
     * Orders two non-NULL values of one column as DuckDB does: numbers by value (NaN above all),
     * strings by their UTF-8 bytes (code point order), blobs byte by byte.
     */
    @SuppressWarnings("unchecked")
    static int compare(Object left, Object right) {
        if (left instanceof String leftText && right instanceof String rightText) {
            return compareCodePoints(leftText, rightText);
        }
        if (left instanceof byte[] leftBytes && right instanceof byte[] rightBytes) {
            return Arrays.compareUnsigned(leftBytes, rightBytes);
        }
        return ((Comparable<Object>) left).compareTo(right);
    }

    private static int compareCodePoints(String left, String right) {
        int length = Math.min(left.length(), right.length());
        for (int index = 0; index < length; index++) {
            char a = left.charAt(index);
            char b = right.charAt(index);
            if (a != b) {
                // surrogates (code points above U+FFFF) sort after every other UTF-16 unit in UTF-8 order
                boolean surrogateA = Character.isSurrogate(a);
                boolean surrogateB = Character.isSurrogate(b);
                if (surrogateA != surrogateB) {
                    return surrogateA ? 1 : -1;
                }
                return Character.compare(a, b);
            }
        }
        return Integer.compare(left.length(), right.length());
    }

    /** Whether two non-NULL values are equal as SQL compares them (BigDecimal ignores scale). */
    static boolean same(Object left, Object right) {
        if (left instanceof BigDecimal leftDecimal && right instanceof BigDecimal rightDecimal) {
            return leftDecimal.compareTo(rightDecimal) == 0;
        }
        if (left instanceof byte[] leftBytes && right instanceof byte[] rightBytes) {
            return Arrays.equals(leftBytes, rightBytes);
        }
        return left.equals(right);
    }

    /** About the heap bytes a kept value takes. */
    static long sizeOf(Object value) {
        return switch (value) {
            case null -> 8;
            case String text -> 48L + 2L * text.length();
            case byte[] bytes -> 24L + bytes.length;
            case BigDecimal decimal -> 72;
            default -> 24;
        };
    }
}
