package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.DecimalMath;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import dev.quiver.engine.exec.vector.Interval;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A constant; evaluating it gives a vector holding the value in every row.
 *
 * <p>The value is held in one Java representation per type: {@code Boolean}; {@code Long} for
 * TINYINT to BIGINT, DATE (days since 1970-01-01) and TIMESTAMP (microseconds since 1970-01-01
 * 00:00); {@code Double} for REAL and DOUBLE; {@code BigDecimal} at exactly the field's scale for
 * DECIMAL; {@code String} for VARCHAR; {@code byte[]} for VARBINARY; {@link Interval} for INTERVAL; {@code null} for NULL of any
 * type. The constructor normalises any {@link Number} to these and rejects values of the wrong type.
 */
public record LiteralExpr(Field field, Object value) implements Expr {

    public LiteralExpr {
        value = normalize(field, value);
    }

    /** The NULL of {@code field}'s type. */
    public static LiteralExpr nullOf(Field field) {
        return new LiteralExpr(field, null);
    }

    /**
     * The value in row {@code row} of {@code vector}, in this class's representation: the way to
     * turn one computed value back into a constant.
     */
    public static Object valueAt(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        ArrowBuf data = vector.getDataBuffer();
        return switch (ValueKind.of(vector.getField().getType())) {
            case BOOLEAN -> Bits.isSet(data, row);
            case TINYINT -> (long) data.getByte(row);
            case SMALLINT -> (long) data.getShort((long) row << 1);
            case INTEGER, DATE -> (long) data.getInt((long) row << 2);
            case BIGINT, TIMESTAMP, TIMESTAMP_TZ, TIME -> data.getLong((long) row << 3);
            case UUID -> {
                byte[] bytes = new byte[16];
                data.getBytes((long) row << 4, bytes);
                yield bytes;
            }
            case INTERVAL -> Interval.read(data, row);
            case REAL -> (double) data.getFloat((long) row << 2);
            case DOUBLE -> data.getDouble((long) row << 3);
            case DECIMAL ->
                new BigDecimal(
                        DecimalMath.big(data, row),
                        Numbers.scale(vector.getField().getType()));
            case VARCHAR -> Utf8.decode(data, StringOperands.start(vector, row), StringOperands.length(vector, row));
            case VARBINARY -> {
                byte[] bytes = new byte[StringOperands.length(vector, row)];
                data.getBytes(StringOperands.start(vector, row), bytes, 0, bytes.length);
                yield bytes;
            }
            case NULL -> null;
        };
    }

    public boolean isNull() {
        return value == null;
    }

    long longValue() {
        return (Long) value;
    }

    double doubleValue() {
        return (Double) value;
    }

    boolean booleanValue() {
        return (Boolean) value;
    }

    BigDecimal decimalValue() {
        return (BigDecimal) value;
    }

    /** The bytes of a VARCHAR (UTF-8) or VARBINARY value. */
    byte[] bytes() {
        return value instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : ((byte[]) value).clone();
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        if (value == null) {
            return KernelVectors.nulls(field, rowCount, context.allocator());
        }
        ValueKind kind = ValueKind.of(field.getType());
        if (kind == ValueKind.VARCHAR || kind == ValueKind.VARBINARY) {
            byte[] bytes = bytes();
            try (VarWidthBuilder builder =
                    new VarWidthBuilder(field, rowCount, (long) bytes.length * rowCount, context.allocator())) {
                for (int row = 0; row < rowCount; row++) {
                    builder.append(row, bytes);
                }
                return builder.finish(rowCount);
            }
        }
        FieldVector vector = KernelVectors.allocateFixed(field, rowCount, context.allocator());
        try {
            ArrowBuf data = vector.getDataBuffer();
            fill(kind, data, rowCount);
            KernelVectors.setAllValid(vector, rowCount);
            return KernelVectors.finish(vector, rowCount);
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    private void fill(ValueKind kind, ArrowBuf data, int rowCount) {
        switch (kind) {
            case BOOLEAN -> {
                long word = booleanValue() ? -1L : 0L;
                for (int wordIndex = 0; wordIndex < Bits.wordCount(rowCount); wordIndex++) {
                    data.setLong((long) wordIndex << 3, word);
                }
            }
            case TINYINT -> {
                byte constant = (byte) longValue();
                for (int row = 0; row < rowCount; row++) {
                    data.setByte(row, constant);
                }
            }
            case SMALLINT -> {
                short constant = (short) longValue();
                for (int row = 0; row < rowCount; row++) {
                    data.setShort((long) row << 1, constant);
                }
            }
            case INTEGER, DATE -> {
                int constant = (int) longValue();
                for (int row = 0; row < rowCount; row++) {
                    data.setInt((long) row << 2, constant);
                }
            }
            case BIGINT, TIMESTAMP, TIMESTAMP_TZ, TIME -> {
                long constant = longValue();
                for (int row = 0; row < rowCount; row++) {
                    data.setLong((long) row << 3, constant);
                }
            }
            case REAL -> {
                float constant = (float) doubleValue();
                for (int row = 0; row < rowCount; row++) {
                    data.setFloat((long) row << 2, constant);
                }
            }
            case DOUBLE -> {
                double constant = doubleValue();
                for (int row = 0; row < rowCount; row++) {
                    data.setDouble((long) row << 3, constant);
                }
            }
            case UUID -> {
                byte[] constant = (byte[]) value;
                for (int row = 0; row < rowCount; row++) {
                    data.setBytes((long) row << 4, constant);
                }
            }
            case INTERVAL -> {
                Interval constant = (Interval) value;
                for (int row = 0; row < rowCount; row++) {
                    constant.write(data, row);
                }
            }
            case DECIMAL -> {
                BigInteger unscaled = decimalValue().unscaledValue();
                long low = unscaled.longValue();
                long high = unscaled.shiftRight(64).longValue();
                for (int row = 0; row < rowCount; row++) {
                    data.setLong((long) row << 4, low);
                    data.setLong(((long) row << 4) + 8, high);
                }
            }
            default -> throw new IllegalStateException("no fixed-width fill for " + kind);
        }
    }

    @Override
    public String describe() {
        if (value == null) {
            return "NULL";
        }
        return switch (ValueKind.of(field.getType())) {
            case VARCHAR -> "'" + ((String) value).replace("'", "''") + "'";
            case VARBINARY -> "X'" + HexFormat.of().formatHex((byte[]) value) + "'";
            case DATE -> "DATE '" + DateTimes.formatDate((int) longValue()) + "'";
            case TIMESTAMP -> "TIMESTAMP '" + DateTimes.formatTimestamp(longValue()) + "'";
            case TIMESTAMP_TZ -> "TIMESTAMPTZ '" + ZonedTimes.formatTimestampTz(longValue(), ZoneOffset.UTC) + "'";
            case TIME -> "TIME '" + ZonedTimes.formatTime(longValue()) + "'";
            case UUID -> "UUID '" + ZonedTimes.formatUuid((byte[]) value) + "'";
            case INTERVAL -> "INTERVAL '" + value + "'";
            case DECIMAL -> decimalValue().toPlainString();
            default -> String.valueOf(value);
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LiteralExpr literal
                && field.equals(literal.field)
                && (value instanceof byte[] bytes
                        ? literal.value instanceof byte[] otherBytes && Arrays.equals(bytes, otherBytes)
                        : Objects.equals(value, literal.value));
    }

    @Override
    public int hashCode() {
        return field.hashCode() * 31
                + (value instanceof byte[] bytes ? Arrays.hashCode(bytes) : Objects.hashCode(value));
    }

    private static Object normalize(Field field, Object value) {
        if (value == null) {
            return null;
        }
        ValueKind kind = ValueKind.of(field.getType());
        return switch (kind) {
            case BOOLEAN -> require(Boolean.class, value, field);
            case TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIMESTAMP, TIMESTAMP_TZ, TIME -> {
                long number = require(Number.class, value, field).longValue();
                if (number < Numbers.minimum(kind) || number > Numbers.maximum(kind)) {
                    throw new IllegalArgumentException(value + " does not fit " + kind);
                }
                yield number;
            }
            case REAL, DOUBLE -> require(Number.class, value, field).doubleValue();
            case DECIMAL -> {
                BigDecimal decimal = value instanceof BigDecimal exact
                        ? exact
                        : new BigDecimal(require(Number.class, value, field).toString());
                decimal = decimal.setScale(Numbers.scale(field.getType()));
                if (!DecimalMath.fits(decimal.unscaledValue(), Numbers.precision(field.getType()))) {
                    throw new IllegalArgumentException(value + " does not fit " + KernelVectors.sqlName(field));
                }
                yield decimal;
            }
            case VARCHAR -> require(String.class, value, field);
            case VARBINARY -> require(byte[].class, value, field).clone();
            case UUID -> {
                byte[] bytes = require(byte[].class, value, field).clone();
                if (bytes.length != 16) {
                    throw new IllegalArgumentException("a UUID literal needs 16 bytes, got " + bytes.length);
                }
                yield bytes;
            }
            case INTERVAL -> require(Interval.class, value, field);
            case NULL -> throw new IllegalArgumentException("a NULL-typed literal must have a null value");
        };
    }

    private static <T> T require(Class<T> type, Object value, Field field) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("a " + KernelVectors.sqlName(field) + " literal needs a "
                    + type.getSimpleName() + ", got " + value.getClass().getSimpleName());
        }
        return type.cast(value);
    }
}
