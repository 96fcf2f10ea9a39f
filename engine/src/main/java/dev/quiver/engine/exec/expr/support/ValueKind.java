package dev.quiver.engine.exec.expr.support;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The value types the kernels know, one per Arrow type of {@link dev.quiver.engine.type.TypeMapping}.
 *
 * <p>Kernels switch on the kind once per batch and then run the loop written for it.
 */
public enum ValueKind {
    BOOLEAN(0),
    TINYINT(1),
    SMALLINT(2),
    INTEGER(4),
    BIGINT(8),
    REAL(4),
    DOUBLE(8),
    DECIMAL(16),
    VARCHAR(-1),
    VARBINARY(-1),
    DATE(4),
    TIMESTAMP(8),
    /** TIME: microseconds since midnight. */
    TIME(8),
    /** TIMESTAMP WITH TIME ZONE: microseconds since the epoch, a UTC instant. */
    TIMESTAMP_TZ(8),
    /** UUID: 16 big-endian bytes, ordered as unsigned bytes (as their text sorts). */
    UUID(16),
    /** INTERVAL: Arrow MONTH_DAY_NANO, months, days and whole microseconds (see {@link dev.quiver.engine.exec.vector.Interval}). */
    INTERVAL(16),
    NULL(0);

    /** Bytes per value in the data buffer; 0 for bits and NULL, -1 for variable width. */
    public final int width;

    ValueKind(int width) {
        this.width = width;
    }

    public boolean isInteger() {
        return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT;
    }

    public boolean isFloating() {
        return this == REAL || this == DOUBLE;
    }

    /** Whether values are one 64-bit count of microseconds (or days for DATE): TIMESTAMP, TIMESTAMP_TZ, TIME. */
    public boolean isMicros() {
        return this == TIMESTAMP || this == TIMESTAMP_TZ || this == TIME;
    }

    public boolean isNumeric() {
        return isInteger() || isFloating() || this == DECIMAL;
    }

    /** The kind of {@code type}, or UNSUPPORTED naming it. */
    public static ValueKind of(ArrowType type) {
        return switch (type) {
            case ArrowType.Bool bool -> BOOLEAN;
            case ArrowType.Int integer
            when integer.getIsSigned() ->
                switch (integer.getBitWidth()) {
                    case 8 -> TINYINT;
                    case 16 -> SMALLINT;
                    case 32 -> INTEGER;
                    case 64 -> BIGINT;
                    default -> throw unsupported(type);
                };
            case ArrowType.FloatingPoint floating when floating.getPrecision() == FloatingPointPrecision.SINGLE -> REAL;
            case ArrowType.FloatingPoint floating
            when floating.getPrecision() == FloatingPointPrecision.DOUBLE -> DOUBLE;
            case ArrowType.Decimal decimal when decimal.getBitWidth() == 128 -> DECIMAL;
            case ArrowType.Utf8 utf8 -> VARCHAR;
            case ArrowType.Binary binary -> VARBINARY;
            case ArrowType.Date date when date.getUnit() == DateUnit.DAY -> DATE;
            case ArrowType.Timestamp timestamp
            when timestamp.getUnit() == TimeUnit.MICROSECOND && timestamp.getTimezone() == null -> TIMESTAMP;
            case ArrowType.Timestamp timestamp when timestamp.getUnit() == TimeUnit.MICROSECOND -> TIMESTAMP_TZ;
            case ArrowType.Time time when time.getUnit() == TimeUnit.MICROSECOND && time.getBitWidth() == 64 -> TIME;
            case ArrowType.FixedSizeBinary binary when binary.getByteWidth() == 16 -> UUID;
            case ArrowType.Interval interval when interval.getUnit() == IntervalUnit.MONTH_DAY_NANO -> INTERVAL;
            case ArrowType.Null nullType -> NULL;
            default -> throw unsupported(type);
        };
    }

    /** The SQL spelling of {@code type} for error messages, e.g. {@code DECIMAL(15,2)}. */
    public static String sqlName(ArrowType type) {
        ValueKind kind = of(type);
        if (kind == DECIMAL) {
            ArrowType.Decimal decimal = (ArrowType.Decimal) type;
            return "DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        return switch (kind) {
            case TIMESTAMP_TZ -> "TIMESTAMP WITH TIME ZONE";
            default -> kind.name();
        };
    }

    private static QuiverException unsupported(ArrowType type) {
        return new QuiverException(
                ErrorCode.UNSUPPORTED, "expressions over Arrow type " + type + " are not supported yet");
    }
}
