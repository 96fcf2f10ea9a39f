package dev.quiver.udf;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A SQL type a Python function can take or return, with its Arrow layout and its Python type.
 *
 * <p>All are nullable; NULL is {@code None} in Python.
 *
 * @param name      the type family
 * @param precision total digits, for DECIMAL (1..38); 0 otherwise
 * @param scale     digits after the point, for DECIMAL (0..precision); 0 otherwise
 */
public record UdfType(Name name, int precision, int scale) {
    /** The SQL type families, each with its Arrow vector and Python value type. */
    public enum Name {
        /** BitVector; {@code bool}. */
        BOOLEAN,
        /** TinyIntVector; {@code int}. */
        TINYINT,
        /** SmallIntVector; {@code int}. */
        SMALLINT,
        /** IntVector; {@code int}. */
        INTEGER,
        /** BigIntVector; {@code int}. */
        BIGINT,
        /** Float4Vector; {@code float}. */
        REAL,
        /** Float8Vector; {@code float}. */
        DOUBLE,
        /** DecimalVector (128-bit); {@code decimal.Decimal} (an {@code int} is accepted as a result). */
        DECIMAL,
        /** VarCharVector (UTF-8); {@code str}. */
        VARCHAR,
        /** VarBinaryVector; {@code bytes} ({@code bytearray} accepted as a result). */
        VARBINARY,
        /** DateDayVector (days since 1970-01-01); {@code datetime.date}. */
        DATE,
        /** TimeStampMicroVector (no time zone); naive {@code datetime.datetime}, microseconds. */
        TIMESTAMP
    }

    public static final UdfType BOOLEAN = new UdfType(Name.BOOLEAN, 0, 0);
    public static final UdfType TINYINT = new UdfType(Name.TINYINT, 0, 0);
    public static final UdfType SMALLINT = new UdfType(Name.SMALLINT, 0, 0);
    public static final UdfType INTEGER = new UdfType(Name.INTEGER, 0, 0);
    public static final UdfType BIGINT = new UdfType(Name.BIGINT, 0, 0);
    public static final UdfType REAL = new UdfType(Name.REAL, 0, 0);
    public static final UdfType DOUBLE = new UdfType(Name.DOUBLE, 0, 0);
    public static final UdfType VARCHAR = new UdfType(Name.VARCHAR, 0, 0);
    public static final UdfType VARBINARY = new UdfType(Name.VARBINARY, 0, 0);
    public static final UdfType DATE = new UdfType(Name.DATE, 0, 0);
    public static final UdfType TIMESTAMP = new UdfType(Name.TIMESTAMP, 0, 0);

    public UdfType {
        if (name == Name.DECIMAL) {
            if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("DECIMAL(" + precision + "," + scale
                        + ") is not a valid decimal type: precision must be 1..38 and scale 0..precision");
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException(name + " takes no precision or scale");
        }
    }

    public static UdfType decimal(int precision, int scale) {
        return new UdfType(Name.DECIMAL, precision, scale);
    }

    /** The SQL spelling, e.g. {@code DECIMAL(10,2)}; also the type code the Python runtime reads. */
    public String sql() {
        return name == Name.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : name.name();
    }

    /** Bytes per value in the Arrow data buffer, or 0 for variable width; BOOLEAN counts as 0 (bits). */
    public int fixedWidth() {
        return switch (name) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER, REAL, DATE -> 4;
            case BIGINT, DOUBLE, TIMESTAMP -> 8;
            case DECIMAL -> 16;
            case BOOLEAN, VARCHAR, VARBINARY -> 0;
        };
    }

    public boolean isVariableWidth() {
        return name == Name.VARCHAR || name == Name.VARBINARY;
    }

    public ArrowType arrowType() {
        return switch (name) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case TINYINT -> new ArrowType.Int(8, true);
            case SMALLINT -> new ArrowType.Int(16, true);
            case INTEGER -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
            case VARBINARY -> ArrowType.Binary.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
        };
    }

    /** The UDF type of an Arrow type, or an exception naming the unsupported type. */
    public static UdfType fromArrow(ArrowType type) {
        return switch (type) {
            case ArrowType.Bool bool -> BOOLEAN;
            case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 8 -> TINYINT;
            case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 16 -> SMALLINT;
            case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 32 -> INTEGER;
            case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 64 -> BIGINT;
            case ArrowType.FloatingPoint floating when floating.getPrecision() == FloatingPointPrecision.SINGLE -> REAL;
            case ArrowType.FloatingPoint floating
            when floating.getPrecision() == FloatingPointPrecision.DOUBLE -> DOUBLE;
            case ArrowType.Decimal decimal
            when decimal.getBitWidth() == 128 -> decimal(decimal.getPrecision(), decimal.getScale());
            case ArrowType.Utf8 utf8 -> VARCHAR;
            case ArrowType.Binary binary -> VARBINARY;
            case ArrowType.Date date when date.getUnit() == DateUnit.DAY -> DATE;
            case ArrowType.Timestamp timestamp
            when timestamp.getUnit() == TimeUnit.MICROSECOND && timestamp.getTimezone() == null -> TIMESTAMP;
            default -> throw new IllegalArgumentException("Arrow type " + type + " has no Python UDF mapping");
        };
    }

    @Override
    public String toString() {
        return sql();
    }
}
