package dev.quiver.engine.exec.operator.aggregate;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.vector.Interval;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
            case org.apache.arrow.vector.complex.StructVector struct ->
                row -> struct.isNull(row) ? null : members(struct, row);
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "aggregate functions over " + column.getField().getType() + " are not supported yet");
        };
    }

    /** A struct value as a map from member name to Arrow's object, NULL members included (getObject leaves them out). */
    private static Map<String, Object> members(org.apache.arrow.vector.complex.StructVector struct, int row) {
        Map<String, Object> members = new java.util.LinkedHashMap<>();
        for (FieldVector member : struct.getChildrenFromFields()) {
            members.put(member.getName(), member.getObject(row));
        }
        return members;
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
            case ArrowType.Struct struct -> true; // as maps from member name to Arrow's objects
            default -> false;
        };
    }

    /**
     * Orders two non-NULL values of one column as DuckDB does: numbers by value (NaN above all),
     * strings by their UTF-8 bytes (code point order), blobs byte by byte, lists element by element
     * (NULL elements last, a prefix first), structs member by member.
     */
    @SuppressWarnings("unchecked")
    static int compare(Object left, Object right) {
        if (left instanceof String leftText && right instanceof String rightText) {
            return compareCodePoints(leftText, rightText);
        }
        if (left instanceof byte[] leftBytes && right instanceof byte[] rightBytes) {
            return Arrays.compareUnsigned(leftBytes, rightBytes);
        }
        if (left instanceof List<?> leftList && right instanceof List<?> rightList) {
            return compareElements(leftList, rightList);
        }
        if (left instanceof Map<?, ?> leftStruct && right instanceof Map<?, ?> rightStruct) {
            return compareElements(
                    new ArrayList<Object>(leftStruct.values()), new ArrayList<Object>(rightStruct.values()));
        }
        if (left instanceof org.apache.arrow.vector.util.Text || right instanceof org.apache.arrow.vector.util.Text) {
            return compareCodePoints(left.toString(), right.toString()); // a list's VARCHAR elements
        }
        return ((Comparable<Object>) left).compareTo(right);
    }

    /** Nested values (Arrow's element objects) in order, NULLs after every value. */
    private static int compareElements(List<?> left, List<?> right) {
        int common = Math.min(left.size(), right.size());
        for (int index = 0; index < common; index++) {
            Object a = left.get(index);
            Object b = right.get(index);
            if (a == null || b == null) {
                if (a != b) {
                    return a == null ? 1 : -1;
                }
                continue;
            }
            int order = compare(a, b);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
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
