package dev.quiver.engine.source;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import dev.quiver.engine.type.TypeMapping;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Maps the Arrow types DuckDB exports onto the Arrow types Quiver supports, and converts columns where
 * the two differ.
 *
 * <p>Kept as is: Bool, signed Int 8/16/32/64, Float 32/64, Decimal128, Utf8, Binary, Date(DAY),
 * Timestamp(MICROSECOND) without a zone. Converted: unsigned Int 8/16/32 to the next wider signed
 * type; LargeUtf8 and Utf8View to Utf8; LargeBinary and BinaryView to Binary; Timestamp in
 * SECOND, MILLISECOND or NANOSECOND (no zone) to MICROSECOND (nanoseconds rounded to the nearest
 * microsecond, halves away from zero, as DuckDB's own cast to TIMESTAMP does); TIMESTAMPTZ (a Timestamp
 * naming DuckDB's session zone) to Timestamp(MICROSECOND, "UTC"); UUID (exported as text) to
 * FixedSizeBinary(16). Everything else (UBIGINT, INTERVAL, lists, structs,
 * maps, unions, ENUM dictionaries, …) is UNSUPPORTED.
 */
final class DuckDbTypes {
    private DuckDbTypes() {}

    /**
     * The Quiver field for column {@code exported} of {@code source}; {@code duckDbType} is DuckDB's
     * name for its type, for the error message. Always nullable: DuckDB's export does not say.
     */
    static Field quiverField(Field exported, String duckDbType, DuckDbSource source) {
        ArrowType type = exported.getDictionary() == null ? quiverType(exported.getType()) : null;
        if ("UUID".equals(duckDbType) && exported.getType() instanceof ArrowType.Utf8) {
            type = new ArrowType.FixedSizeBinary(16); // DuckDB exports UUIDs as their text
        }
        if (type == null) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "column " + exported.getName() + " of " + source.describe() + " has type " + duckDbType
                            + " which Quiver does not support yet");
        }
        return new Field(exported.getName(), FieldType.nullable(type), null);
    }

    /** The Quiver type for an exported type, or null when there is none. */
    private static ArrowType quiverType(ArrowType exported) {
        return switch (exported) {
            case ArrowType.Bool bool -> bool;
            case ArrowType.Int integer when integer.getIsSigned() -> integer;
            case ArrowType.Int unsigned
            when unsigned.getBitWidth() < 64 -> new ArrowType.Int(unsigned.getBitWidth() * 2, true);
            case ArrowType.FloatingPoint floating
            when floating.getPrecision() != FloatingPointPrecision.HALF -> floating;
            case ArrowType.Decimal decimal when decimal.getBitWidth() == 128 -> decimal;
            case ArrowType.Utf8 utf8 -> utf8;
            case ArrowType.LargeUtf8 ignored -> ArrowType.Utf8.INSTANCE;
            case ArrowType.Utf8View ignored -> ArrowType.Utf8.INSTANCE;
            case ArrowType.Binary binary -> binary;
            case ArrowType.LargeBinary ignored -> ArrowType.Binary.INSTANCE;
            case ArrowType.BinaryView ignored -> ArrowType.Binary.INSTANCE;
            case ArrowType.Date date when date.getUnit() == DateUnit.DAY -> date;
            case ArrowType.Timestamp timestamp
            when timestamp.getTimezone() == null -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            // TIMESTAMPTZ: DuckDB names its session zone, but the values are UTC instants either way
            case ArrowType.Timestamp timestamp -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, TypeMapping.UTC);
            case ArrowType.Time time when time.getUnit() == TimeUnit.MICROSECOND && time.getBitWidth() == 64 -> time;
            default -> null;
        };
    }

    /**
     * {@code exported} as a vector of {@code target}'s type. Takes ownership of {@code exported}: it is
     * returned itself when the types agree, else closed (also on failure).
     */
    static FieldVector convert(FieldVector exported, Field target, BufferAllocator allocator) {
        if (exported.getField().getType().equals(target.getType())) {
            return exported;
        }
        FieldVector converted = target.createVector(allocator);
        try (exported) {
            int rowCount = exported.getValueCount();
            switch (converted) {
                case TimeStampMicroVector micros -> copyTimestamps((TimeStampVector) exported, micros, rowCount);
                case TimeStampMicroTZVector micros -> copyTimestamps((TimeStampVector) exported, micros, rowCount);
                case FixedSizeBinaryVector uuids -> copyUuids((VarCharVector) exported, uuids, rowCount);
                case BaseIntVector wider -> copyIntegers((BaseIntVector) exported, wider, rowCount);
                case VariableWidthFieldVector bytes -> copyBytes((VariableWidthFieldVector) exported, bytes, rowCount);
                default ->
                    throw QuiverException.internal("no conversion from " + exported.getField() + " to " + target, null);
            }
            converted.setValueCount(rowCount);
            return converted;
        } catch (RuntimeException | Error e) {
            converted.close();
            throw e;
        }
    }

    private static void copyIntegers(BaseIntVector source, BaseIntVector target, int rowCount) {
        target.setInitialCapacity(rowCount);
        target.allocateNew();
        for (int row = 0; row < rowCount; row++) {
            if (source.isNull(row)) {
                target.setNull(row);
            } else {
                target.setWithPossibleTruncate(row, source.getValueAsLong(row)); // unsigned value, wider type: exact
            }
        }
    }

    private static void copyUuids(VarCharVector source, FixedSizeBinaryVector target, int rowCount) {
        target.allocateNew(rowCount);
        for (int row = 0; row < rowCount; row++) {
            if (source.isNull(row)) {
                target.setNull(row);
            } else {
                target.set(row, ZonedTimes.parseUuid(new String(source.get(row), StandardCharsets.UTF_8)));
            }
        }
    }

    private static void copyTimestamps(TimeStampVector source, TimeStampVector target, int rowCount) {
        TimeUnit unit = ((ArrowType.Timestamp) source.getField().getType()).getUnit();
        target.allocateNew(rowCount);
        for (int row = 0; row < rowCount; row++) {
            if (source.isNull(row)) {
                target.setNull(row);
                continue;
            }
            long value = source.get(row);
            target.set(
                    row,
                    switch (unit) {
                        case SECOND -> microsFrom(value, 1_000_000);
                        case MILLISECOND -> microsFrom(value, 1_000);
                        case MICROSECOND -> value;
                        case NANOSECOND -> microsFromNanos(value);
                    });
        }
    }

    private static long microsFrom(long value, long factor) {
        try {
            return Math.multiplyExact(value, factor);
        } catch (ArithmeticException e) {
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW,
                    "timestamp value " + value + " is out of the range of TIMESTAMP (microseconds)",
                    e);
        }
    }

    /** Rounded to the nearest microsecond, halves away from zero, like DuckDB's TIMESTAMP_NS to TIMESTAMP cast. */
    private static long microsFromNanos(long nanos) {
        long micros = nanos / 1_000;
        long rest = nanos % 1_000;
        return rest >= 500 ? micros + 1 : rest <= -500 ? micros - 1 : micros;
    }

    private static void copyBytes(VariableWidthFieldVector source, VariableWidthFieldVector target, int rowCount) {
        long totalBytes = 0;
        for (int row = 0; row < rowCount; row++) {
            totalBytes += source.isNull(row) ? 0 : source.getValueLength(row);
        }
        target.allocateNew(totalBytes, rowCount);
        for (int row = 0; row < rowCount; row++) {
            if (source.isNull(row)) {
                target.setNull(row);
            } else {
                target.set(row, source.get(row));
            }
        }
    }
}
