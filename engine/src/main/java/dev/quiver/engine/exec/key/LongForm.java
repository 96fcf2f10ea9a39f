package dev.quiver.engine.exec.key;

import dev.quiver.engine.exec.vector.PrimitiveColumns;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The "long form" of a key value that fits 8 bytes — the one normalisation of keys shared by hash
 * joins, GROUP BY and set operations.
 *
 * <p>BOOLEAN is 0 or 1, integers are sign-extended, DATE is days, TIMESTAMP microseconds; REAL and
 * DOUBLE are the IEEE bits of the (widened) double, with -0.0 read as 0.0 and every NaN as the
 * canonical NaN. So two values are equal as SQL keys see them (DuckDB: 0.0 and -0.0 are one key,
 * so are all NaNs; an INT equals the BIGINT of the same value, a REAL the DOUBLE) exactly when
 * their long forms are. {@link PrimitiveColumns#writeLongs} turns long forms back into a vector.
 */
public final class LongForm {
    private LongForm() {}

    /** Whether a column of this type (one of those TypeMapping produces) has a long form. */
    public static boolean supports(ArrowType type) {
        return switch (type) {
            case ArrowType.Bool bool -> true;
            case ArrowType.Int integer -> integer.getIsSigned();
            case ArrowType.Date date -> date.getUnit() == DateUnit.DAY;
            // TIMESTAMP, and TIMESTAMPTZ (UTC instants)
            case ArrowType.Timestamp timestamp -> timestamp.getUnit() == TimeUnit.MICROSECOND;
            case ArrowType.Time time -> time.getUnit() == TimeUnit.MICROSECOND && time.getBitWidth() == 64;
            case ArrowType.FloatingPoint floating -> floating.getPrecision() != FloatingPointPrecision.HALF;
            default -> false;
        };
    }

    /**
     * Whether {@link #read} reads a column of this type — every type {@link #supports}, and also
     * unsigned integers, other DATE and TIMESTAMP units and zoned TIMESTAMPs, whose long forms compare
     * but are not written back.
     */
    public static boolean readable(ArrowType type) {
        return switch (type) {
            case ArrowType.Bool bool -> true;
            case ArrowType.Int integer -> true;
            case ArrowType.Date date -> true;
            case ArrowType.Timestamp timestamp -> true;
            case ArrowType.Time time -> time.getBitWidth() == 64;
            case ArrowType.FloatingPoint floating -> floating.getPrecision() != FloatingPointPrecision.HALF;
            default -> false;
        };
    }

    /** The bytes a long form of this type needs in a key row: 1, 2 or 4 for narrow integers, else 8. */
    public static int width(ArrowType type) {
        return switch (type) {
            case ArrowType.Bool bool -> 1;
            case ArrowType.Int integer -> integer.getBitWidth() / 8;
            case ArrowType.Date date -> 4;
            default -> 8; // BIGINT, TIMESTAMP, and REAL as its widened double
        };
    }

    /** The long forms of rows [0, rows) of {@code column} into {@code out}; NULL reads as 0. */
    public static void read(FieldVector column, int rows, long[] out) {
        switch (column) {
            case Float4Vector real -> {
                ArrowBuf data = real.getDataBuffer();
                for (int row = 0; row < rows; row++) {
                    out[row] = ofDouble(data.getFloat((long) row << 2));
                }
            }
            case Float8Vector dbl -> {
                ArrowBuf data = dbl.getDataBuffer();
                for (int row = 0; row < rows; row++) {
                    out[row] = ofDouble(data.getDouble((long) row << 3));
                }
            }
            default -> PrimitiveColumns.readLongs(column, 0, rows, out);
        }
        PrimitiveColumns.zeroNulls(column, rows, out);
    }

    /** The long form of a REAL (widened exactly) or DOUBLE: one value for 0.0 and -0.0, one for all NaNs. */
    public static long ofDouble(double value) {
        return value == 0.0 ? 0L : Double.doubleToLongBits(value);
    }
}
