package dev.quiver.trino;

import io.airlift.slice.Slice;
import io.airlift.slice.SliceUtf8;
import io.airlift.slice.Slices;
import io.trino.spi.TrinoException;
import io.trino.spi.block.ArrayValueBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapValueBuilder;
import io.trino.spi.block.RowValueBuilder;
import io.trino.spi.block.SqlMap;
import io.trino.spi.block.SqlRow;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeUtils;
import io.trino.spi.type.VarcharType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Copies one value between Trino's native Java representation (the boxed form a {@code BOXED_NULLABLE}
 * method handle sees: Long, Double, Boolean, Slice, Int128, Block, SqlRow, SqlMap) and a row of an
 * Arrow vector laid out as {@link TrinoTypes#toUdfType} says, nested to any depth.
 *
 * <p>Writers grow the vector as needed; the caller sets the value count when done.
 */
final class ArrowValues {
    private ArrowValues() {}

    /** Writes {@code value} (null for SQL NULL) of Trino type {@code type} into {@code row} of {@code vector}. */
    static void write(Type type, Object value, FieldVector vector, int row) {
        if (value == null) {
            writeNull(vector, row);
            return;
        }
        switch (vector) {
            case BitVector bits -> bits.setSafe(row, (Boolean) value ? 1 : 0);
            case TinyIntVector tiny -> tiny.setSafe(row, (byte) (long) (Long) value);
            case SmallIntVector small -> small.setSafe(row, (short) (long) (Long) value);
            case IntVector ints -> ints.setSafe(row, (int) (long) (Long) value);
            case BigIntVector longs -> longs.setSafe(row, (Long) value);
            case Float4Vector floats -> floats.setSafe(row, Float.intBitsToFloat((int) (long) (Long) value));
            case Float8Vector doubles -> doubles.setSafe(row, (Double) value);
            case DecimalVector decimals -> decimals.setSafe(row, new BigDecimal(unscaled(value), decimals.getScale()));
            case VarCharVector strings -> strings.setSafe(row, ((Slice) value).getBytes());
            case VarBinaryVector binary -> binary.setSafe(row, ((Slice) value).getBytes());
            case DateDayVector dates -> dates.setSafe(row, (int) (long) (Long) value);
            case TimeStampMicroVector timestamps -> timestamps.setSafe(row, (Long) value);
            case MapVector map -> writeMap((MapType) type, (SqlMap) value, map, row);
            case ListVector list -> writeArray((ArrayType) type, (Block) value, list, row);
            case StructVector struct -> writeRow((RowType) type, (SqlRow) value, struct, row);
            default ->
                throw new TrinoException(
                        PythonErrorCode.PYTHON_INTERNAL_ERROR,
                        "bug: no Arrow writer for " + type.getDisplayName() + " into "
                                + vector.getClass().getSimpleName());
        }
    }

    private static BigInteger unscaled(Object value) {
        return value instanceof Int128 wide ? wide.toBigInteger() : BigInteger.valueOf((Long) value);
    }

    private static void writeNull(FieldVector vector, int row) {
        switch (vector) {
            case ListVector list -> list.setNull(row); // MapVector too
            case StructVector struct -> struct.setNull(row);
            case BaseVariableWidthVector variable -> variable.setNull(row);
            case BaseFixedWidthVector fixed -> fixed.setNull(row);
            default ->
                throw new TrinoException(
                        PythonErrorCode.PYTHON_INTERNAL_ERROR,
                        "bug: no NULL writer for " + vector.getClass().getSimpleName());
        }
    }

    private static void writeArray(ArrayType type, Block elements, ListVector list, int row) {
        int start = list.startNewValue(row);
        FieldVector child = list.getDataVector();
        Type elementType = type.getElementType();
        int count = elements.getPositionCount();
        for (int index = 0; index < count; index++) {
            write(elementType, TypeUtils.readNativeValue(elementType, elements, index), child, start + index);
        }
        list.endValue(row, count);
    }

    private static void writeMap(MapType type, SqlMap entries, MapVector map, int row) {
        int start = map.startNewValue(row);
        StructVector entryVector = (StructVector) map.getDataVector();
        FieldVector keys = (FieldVector) entryVector.getChildByOrdinal(0);
        FieldVector values = (FieldVector) entryVector.getChildByOrdinal(1);
        int count = entries.getSize();
        int offset = entries.getRawOffset();
        for (int index = 0; index < count; index++) {
            entryVector.setIndexDefined(start + index);
            write(
                    type.getKeyType(),
                    TypeUtils.readNativeValue(type.getKeyType(), entries.getRawKeyBlock(), offset + index),
                    keys,
                    start + index);
            write(
                    type.getValueType(),
                    TypeUtils.readNativeValue(type.getValueType(), entries.getRawValueBlock(), offset + index),
                    values,
                    start + index);
        }
        map.endValue(row, count);
    }

    private static void writeRow(RowType type, SqlRow value, StructVector struct, int row) {
        struct.setIndexDefined(row);
        List<RowType.Field> fields = type.getFields();
        for (int index = 0; index < fields.size(); index++) {
            Type fieldType = fields.get(index).getType();
            Object fieldValue =
                    TypeUtils.readNativeValue(fieldType, value.getRawFieldBlock(index), value.getRawIndex());
            write(fieldType, fieldValue, (FieldVector) struct.getChildByOrdinal(index), row);
        }
    }

    /** Reads {@code row} of {@code vector} as Trino's native value of {@code type}; null for SQL NULL. */
    static Object read(Type type, FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (vector) {
            case BitVector bits -> bits.get(row) != 0;
            case TinyIntVector tiny -> (long) tiny.get(row);
            case SmallIntVector small -> (long) small.get(row);
            case IntVector ints -> (long) ints.get(row);
            case BigIntVector longs -> longs.get(row);
            case Float4Vector floats -> (long) Float.floatToIntBits(floats.get(row));
            case Float8Vector doubles -> doubles.get(row);
            case DecimalVector decimals -> decimal((DecimalType) type, decimals.getObject(row));
            case VarCharVector strings -> varchar((VarcharType) type, Slices.wrappedBuffer(strings.get(row)));
            case VarBinaryVector binary -> Slices.wrappedBuffer(binary.get(row));
            case DateDayVector dates -> (long) dates.get(row);
            case TimeStampMicroVector timestamps -> round((TimestampType) type, timestamps.get(row));
            case MapVector map -> readMap((MapType) type, map, row);
            case ListVector list -> readArray((ArrayType) type, list, row);
            case StructVector struct -> readRow((RowType) type, struct, row);
            default ->
                throw new TrinoException(
                        PythonErrorCode.PYTHON_INTERNAL_ERROR,
                        "bug: no Arrow reader for " + type.getDisplayName() + " from "
                                + vector.getClass().getSimpleName());
        };
    }

    private static Object decimal(DecimalType type, BigDecimal value) {
        BigInteger unscaled = value.unscaledValue();
        return type.isShort() ? (Object) unscaled.longValueExact() : Int128.valueOf(unscaled);
    }

    private static Slice varchar(VarcharType type, Slice value) {
        if (!type.isUnbounded() && SliceUtf8.countCodePoints(value) > type.getBoundedLength()) {
            throw new TrinoException(
                    PythonErrorCode.PYTHON_BAD_RESULT,
                    "Python function returned a string of " + SliceUtf8.countCodePoints(value)
                            + " characters for the declared return type " + type.getDisplayName());
        }
        return value;
    }

    /** Trino keeps a TIMESTAMP(p) with p below 6 as microseconds rounded to p digits; Python returns microseconds. */
    private static long round(TimestampType type, long micros) {
        long factor = 1;
        for (int digit = type.getPrecision(); digit < TrinoTypes.MAX_TIMESTAMP_PRECISION; digit++) {
            factor *= 10;
        }
        return Math.floorDiv(micros + factor / 2, factor) * factor;
    }

    private static Block readArray(ArrayType type, ListVector list, int row) {
        int start = list.getElementStartIndex(row);
        int count = list.getElementEndIndex(row) - start;
        FieldVector child = list.getDataVector();
        Type elementType = type.getElementType();
        return ArrayValueBuilder.buildArrayValue(type, count, (BlockBuilder builder) -> {
            for (int index = 0; index < count; index++) {
                TypeUtils.writeNativeValue(elementType, builder, read(elementType, child, start + index));
            }
        });
    }

    private static SqlMap readMap(MapType type, MapVector map, int row) {
        int start = map.getElementStartIndex(row);
        int count = map.getElementEndIndex(row) - start;
        StructVector entryVector = (StructVector) map.getDataVector();
        FieldVector keys = (FieldVector) entryVector.getChildByOrdinal(0);
        FieldVector values = (FieldVector) entryVector.getChildByOrdinal(1);
        return MapValueBuilder.buildMapValue(type, count, (keyBuilder, valueBuilder) -> {
            for (int index = 0; index < count; index++) {
                TypeUtils.writeNativeValue(type.getKeyType(), keyBuilder, read(type.getKeyType(), keys, start + index));
                TypeUtils.writeNativeValue(
                        type.getValueType(), valueBuilder, read(type.getValueType(), values, start + index));
            }
        });
    }

    private static SqlRow readRow(RowType type, StructVector struct, int row) {
        List<RowType.Field> fields = type.getFields();
        return RowValueBuilder.buildRowValue(type, builders -> {
            for (int index = 0; index < fields.size(); index++) {
                Type fieldType = fields.get(index).getType();
                TypeUtils.writeNativeValue(
                        fieldType,
                        builders.get(index),
                        read(fieldType, (FieldVector) struct.getChildByOrdinal(index), row));
            }
        });
    }
}
