package dev.quiver.engine.function;

import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Which types DuckDB casts to which without being asked, as {@code can_cast_implicitly} reports it:
 * NULL to anything, a number to a wider integer, any DECIMAL or a floating type, REAL to DOUBLE,
 * DATE to TIMESTAMP[TZ], TIMESTAMP to TIMESTAMPTZ, lists and structs element by element, and each
 * type to itself. VARCHAR casts implicitly to nothing but VARCHAR (string literals are another
 * matter: they are not typed VARCHAR yet).
 */
final class ImplicitCasts {
    private ImplicitCasts() {}

    /** Whether a value of {@code source}'s type casts implicitly to {@code target}'s. */
    static boolean allowed(Field source, Field target) {
        ArrowType from = source.getType();
        ArrowType to = target.getType();
        if (from instanceof ArrowType.Null) {
            return true;
        }
        return switch (from) {
            case ArrowType.Int fromInt ->
                switch (to) {
                    case ArrowType.Int toInt -> toInt.getBitWidth() >= fromInt.getBitWidth();
                    case ArrowType.Decimal decimal -> true;
                    case ArrowType.FloatingPoint floating -> true;
                    default -> false;
                };
            case ArrowType.Decimal decimal -> to instanceof ArrowType.Decimal || to instanceof ArrowType.FloatingPoint;
            case ArrowType.FloatingPoint floating ->
                to instanceof ArrowType.FloatingPoint wider
                        && (floating.getPrecision() == wider.getPrecision()
                                || wider.getPrecision() == FloatingPointPrecision.DOUBLE);
            case ArrowType.Date date -> to instanceof ArrowType.Date || to instanceof ArrowType.Timestamp;
            case ArrowType.Timestamp timestamp ->
                to instanceof ArrowType.Timestamp zoned
                        && (timestamp.getTimezone() == null || zoned.getTimezone() != null);
            case ArrowType.List list -> to instanceof ArrowType.List && allChildren(source, target);
            case ArrowType.FixedSizeList list ->
                from.equals(to) && allChildren(source, target)
                        || to instanceof ArrowType.List && allChildren(source, target);
            case ArrowType.Struct struct -> to instanceof ArrowType.Struct && allChildren(source, target);
            case ArrowType.Map map -> to instanceof ArrowType.Map && allChildren(source, target);
            default -> from.equals(to);
        };
    }

    private static boolean allChildren(Field source, Field target) {
        List<Field> from = source.getChildren();
        List<Field> to = target.getChildren();
        if (from.size() != to.size()) {
            return false;
        }
        for (int index = 0; index < from.size(); index++) {
            if (!allowed(from.get(index), to.get(index))) {
                return false;
            }
        }
        return true;
    }
}
