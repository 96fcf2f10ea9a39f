package dev.quiver.engine.source;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import dev.quiver.engine.exec.vector.NestedFields;
import dev.quiver.engine.type.TypeMapping;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.TransferPair;

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
 * FixedSizeBinary(16). LIST, STRUCT and MAP (List, Struct, Map) keep their shape to any depth, with
 * the same conversions inside and Quiver's child names; so does a fixed-size ARRAY (FixedSizeList). Everything
 * else (UBIGINT, unions, ENUM dictionaries, …) is UNSUPPORTED.
 */
final class DuckDbTypes {
    private DuckDbTypes() {}

    /**
     * The Quiver field for column {@code exported} of {@code source}; {@code duckDbType} is DuckDB's
     * name for its type, which says which text is a UUID and names the type in the error message.
     * Always nullable: DuckDB's export does not say. Nested fields get Quiver's child names and
     * nullability (see TypeMapping); a fixed-size ARRAY becomes a LIST.
     */
    static Field quiverField(Field exported, String duckDbType, DuckDbSource source) {
        Field field = quiverField(exported.getName(), exported, DuckDbTypeName.parse(duckDbType), true);
        if (field == null) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "column " + exported.getName() + " of " + source.describe() + " has type " + duckDbType
                            + " which Quiver does not support yet");
        }
        return field;
    }

    /** The Quiver field named {@code name} for {@code exported} (to any depth), or null when some level has none. */
    private static Field quiverField(String name, Field exported, DuckDbTypeName duckDbType, boolean nullable) {
        if (exported.getDictionary() != null) {
            return null; // ENUM
        }
        List<Field> children = new ArrayList<>();
        ArrowType type;
        switch (exported.getType()) {
            case ArrowType.List ignored -> {
                type = ArrowType.List.INSTANCE;
                children.add(quiverField(
                        ListVector.DATA_VECTOR_NAME, exported.getChildren().getFirst(), duckDbType.child(0), true));
            }
            case ArrowType.FixedSizeList fixed -> {
                type = new ArrowType.FixedSizeList(fixed.getListSize());
                children.add(quiverField(
                        ListVector.DATA_VECTOR_NAME, exported.getChildren().getFirst(), duckDbType.child(0), true));
            }
            case ArrowType.Struct ignored -> {
                type = ArrowType.Struct.INSTANCE;
                for (int index = 0; index < exported.getChildren().size(); index++) {
                    Field member = exported.getChildren().get(index);
                    children.add(quiverField(member.getName(), member, duckDbType.child(index), true));
                }
            }
            case ArrowType.Map ignored -> {
                type = new ArrowType.Map(false);
                List<Field> entry = exported.getChildren().getFirst().getChildren();
                Field key = quiverField(MapVector.KEY_NAME, entry.get(0), duckDbType.child(0), false);
                Field value = quiverField(MapVector.VALUE_NAME, entry.get(1), duckDbType.child(1), true);
                children.add(
                        key == null || value == null
                                ? null
                                : new Field(
                                        MapVector.DATA_VECTOR_NAME,
                                        FieldType.notNullable(ArrowType.Struct.INSTANCE),
                                        List.of(key, value)));
            }
            default -> {
                type = duckDbType.isUuid() && exported.getType() instanceof ArrowType.Utf8
                        ? new ArrowType.FixedSizeBinary(16) // DuckDB exports UUIDs as their text
                        : quiverType(exported.getType());
            }
        }
        if (type == null || children.contains(null)) {
            return null;
        }
        return new Field(name, new FieldType(nullable, type, null), children.isEmpty() ? null : children);
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
            // DuckDB exports INTERVAL as MONTH_DAY_NANO with whole microseconds in the nanoseconds
            case ArrowType.Interval interval when interval.getUnit() == IntervalUnit.MONTH_DAY_NANO -> interval;
            default -> null;
        };
    }

    /**
     * {@code exported} as a vector of {@code target}'s type. Takes ownership of {@code exported}: it is
     * returned itself when the types agree, else closed (also on failure). Nested vectors are rebuilt
     * level by level without copying what needs no conversion (their buffers move to the new vector).
     */
    static FieldVector convert(FieldVector exported, Field target, BufferAllocator allocator) {
        if (NestedFields.isNested(target.getType())) {
            return convertNested(exported, target, allocator);
        }
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

    /**
     * A nested vector of {@code target}'s shape: its own buffers (validity, offsets) are shared with
     * {@code exported}, each child is converted and moved in.
     */
    private static FieldVector convertNested(FieldVector exported, Field target, BufferAllocator allocator) {
        FieldVector converted = target.createVector(allocator);
        try (exported) {
            int rowCount = exported.getValueCount();
            List<FieldVector> exportedChildren = exported.getChildrenFromFields();
            List<FieldVector> targetChildren = converted.getChildrenFromFields();
            ArrowFieldNode node = new ArrowFieldNode(rowCount, exported.getNullCount());
            converted.loadFieldBuffers(node, exported.getFieldBuffers());
            for (int index = 0; index < targetChildren.size(); index++) {
                FieldVector child = exportedChildren.get(index);
                TransferPair out = child.getTransferPair(allocator);
                out.transfer();
                try (FieldVector convertedChild = convert(
                        (FieldVector) out.getTo(), targetChildren.get(index).getField(), allocator)) {
                    convertedChild.makeTransferPair(targetChildren.get(index)).transfer();
                }
            }
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
