package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.ByteText;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The casts of {@link CastExpr} that involve TIME, TIMESTAMP WITH TIME ZONE or UUID, some of them in
 * the session's time zone: TIMESTAMP ⇄ TIMESTAMPTZ (the local time in the zone), DATE ⇄ TIMESTAMPTZ
 * (local midnight), TIMESTAMP to TIME (the time of day), and all three from and to
 * VARCHAR in DuckDB's text forms.
 */
final class ZonedCasts {
    private ZonedCasts() {}

    /** Whether {@link #cast} converts {@code source} to {@code target}. */
    static boolean handles(ValueKind source, ValueKind target) {
        if (source == ValueKind.VARCHAR && target == ValueKind.VARBINARY
                || source == ValueKind.VARBINARY && target == ValueKind.VARCHAR) {
            return true;
        }
        boolean zoned = isZoned(source) || isZoned(target);
        if (!zoned || source == target) {
            return false;
        }
        if (source == ValueKind.VARCHAR || target == ValueKind.VARCHAR) {
            return true;
        }
        boolean sourceTime =
                source == ValueKind.DATE || source == ValueKind.TIMESTAMP || source == ValueKind.TIMESTAMP_TZ;
        return switch (target) {
            case TIMESTAMP_TZ, DATE, TIMESTAMP -> sourceTime;
            case TIME -> source == ValueKind.TIMESTAMP; // DuckDB has no TIMESTAMPTZ to TIME
            default -> false;
        };
    }

    /** Whether a cast from {@code source} to {@code target} may fail (text that does not parse). */
    static boolean canFail(ValueKind source) {
        return source == ValueKind.VARCHAR;
    }

    private static boolean isZoned(ValueKind kind) {
        return kind == ValueKind.TIME || kind == ValueKind.TIMESTAMP_TZ || kind == ValueKind.UUID;
    }

    /** The cast of {@code values} (of kind {@code source}) to {@code target}; a new vector the caller owns. */
    static FieldVector cast(
            FieldVector values,
            ValueKind source,
            Field target,
            ValueKind destination,
            int rowCount,
            BufferAllocator allocator,
            ZoneId zone) {
        if (source == ValueKind.VARBINARY || destination == ValueKind.VARBINARY) {
            return blobText(values, source, target, rowCount, allocator);
        }
        if (destination == ValueKind.VARCHAR) {
            return toVarchar(values, source, target, rowCount, allocator, zone);
        }
        FieldVector result = KernelVectors.allocateFixed(target, rowCount, allocator);
        try {
            Bits valid = Bits.validity(values, rowCount);
            KernelVectors.setValidity(result, valid, rowCount);
            if (source == ValueKind.VARCHAR) {
                fromVarchar(values, result, destination, valid, rowCount, zone);
            } else {
                long[] numbers = Numbers.readLongs(values, rowCount);
                for (int row = 0; row < rowCount; row++) {
                    numbers[row] = convert(numbers[row], source, destination, zone);
                }
                Numbers.writeLongs(numbers, result, rowCount);
            }
            return KernelVectors.finish(result, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** One DATE/TIMESTAMP/TIMESTAMPTZ value converted (days or microseconds). */
    private static long convert(long value, ValueKind source, ValueKind destination, ZoneId zone) {
        long local = switch (source) {
            case DATE -> DateTimes.timestampOf(value);
            case TIMESTAMP_TZ -> ZonedTimes.toLocal(value, zone);
            default -> value;
        };
        return switch (destination) {
            case DATE -> DateTimes.dateOf(local);
            case TIMESTAMP -> local;
            case TIME -> local - DateTimes.dateOf(local) * DateTimes.MICROS_PER_DAY;
            default -> source == ValueKind.TIMESTAMP_TZ ? value : ZonedTimes.toInstant(local, zone);
        };
    }

    /**
     * BLOB to VARCHAR as DuckDB prints blobs (printable ASCII as is, other bytes and {@code \ ' "} as
     * {@code \xHH}); VARCHAR to BLOB reads those escapes back, any other byte as itself.
     */
    private static FieldVector blobText(
            FieldVector values, ValueKind source, Field target, int rowCount, BufferAllocator allocator) {
        Bits valid = Bits.validity(values, rowCount);
        ArrowBuf offsets = values.getOffsetBuffer();
        ArrowBuf data = values.getDataBuffer();
        try (VarWidthBuilder builder = new VarWidthBuilder(target, rowCount, data.capacity() + 16, allocator)) {
            for (int row = 0; row < rowCount; row++) {
                if (!valid.get(row)) {
                    builder.appendNull(row);
                    continue;
                }
                int start = offsets.getInt((long) row << 2);
                byte[] bytes = new byte[offsets.getInt(((long) row + 1) << 2) - start];
                data.getBytes(start, bytes);
                builder.append(row, source == ValueKind.VARBINARY ? blobToText(bytes) : textToBlob(bytes));
            }
            return builder.finish(rowCount);
        }
    }

    private static byte[] blobToText(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        for (byte value : bytes) {
            int unsigned = value & 0xFF;
            if (unsigned >= 0x20 && unsigned <= 0x7E && unsigned != '\\' && unsigned != '\'' && unsigned != '"') {
                text.append((char) unsigned);
            } else {
                text.append(String.format("\\x%02X", unsigned));
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] textToBlob(byte[] text) {
        java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream(text.length);
        for (int index = 0; index < text.length; index++) {
            if (text[index] == '\\') {
                if (index + 3 >= text.length
                        || (text[index + 1] != 'x' && text[index + 1] != 'X')
                        || Character.digit(text[index + 2], 16) < 0
                        || Character.digit(text[index + 3], 16) < 0) {
                    throw new QuiverException(
                            ErrorCode.INVALID_CAST,
                            "Invalid hex escape code encountered in string -> blob conversion: \""
                                    + new String(text, StandardCharsets.UTF_8) + "\"");
                }
                blob.write(Character.digit(text[index + 2], 16) * 16 + Character.digit(text[index + 3], 16));
                index += 3;
            } else {
                blob.write(text[index]);
            }
        }
        return blob.toByteArray();
    }

    private static FieldVector toVarchar(
            FieldVector values, ValueKind source, Field target, int rowCount, BufferAllocator allocator, ZoneId zone) {
        Bits valid = Bits.validity(values, rowCount);
        ArrowBuf data = values.getDataBuffer();
        try (VarWidthBuilder builder = new VarWidthBuilder(target, rowCount, (long) rowCount * 24, allocator)) {
            byte[] uuid = new byte[16];
            for (int row = 0; row < rowCount; row++) {
                if (!valid.get(row)) {
                    builder.appendNull(row);
                    continue;
                }
                String text = switch (source) {
                    case TIME -> ZonedTimes.formatTime(data.getLong((long) row << 3));
                    case TIMESTAMP_TZ -> ZonedTimes.formatTimestampTz(data.getLong((long) row << 3), zone);
                    default -> {
                        data.getBytes((long) row << 4, uuid);
                        yield ZonedTimes.formatUuid(uuid);
                    }
                };
                builder.append(row, text.getBytes(StandardCharsets.UTF_8));
            }
            return builder.finish(rowCount);
        }
    }

    private static void fromVarchar(
            FieldVector values, FieldVector result, ValueKind destination, Bits valid, int rowCount, ZoneId zone) {
        ArrowBuf offsets = values.getOffsetBuffer();
        ArrowBuf bytes = values.getDataBuffer();
        ArrowBuf data = result.getDataBuffer();
        ByteText text = new ByteText();
        for (int row = 0; row < rowCount; row++) {
            if (!valid.get(row)) {
                continue;
            }
            int start = offsets.getInt((long) row << 2);
            text.reset(bytes, start, offsets.getInt(((long) row + 1) << 2) - start);
            switch (destination) {
                case TIME -> data.setLong((long) row << 3, parseTime(text));
                case TIMESTAMP_TZ -> data.setLong((long) row << 3, parseTimestampTz(text, zone));
                default -> {
                    byte[] uuid = ZonedTimes.parseUuid(text);
                    if (uuid == null) {
                        throw new QuiverException(
                                ErrorCode.INVALID_CAST, "Could not convert string '" + text + "' to UUID");
                    }
                    data.setBytes((long) row << 4, uuid);
                }
            }
        }
    }

    /** A TIME from text, or INVALID_CAST quoting it. */
    static long parseTime(CharSequence text) {
        try {
            return ZonedTimes.parseTime(text);
        } catch (DateTimes.ParseException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_CAST,
                    (e.outOfRange ? "time field value out of range: \"" : "invalid time field format: \"") + text
                            + "\", expected format is ([YYYY-MM-DD ]HH:MM:SS[.MS])");
        }
    }

    /** A TIMESTAMPTZ from text (a local time without a zone is in {@code zone}), or INVALID_CAST quoting it. */
    static long parseTimestampTz(CharSequence text, ZoneId zone) {
        try {
            return ZonedTimes.parseTimestampTz(text, zone);
        } catch (DateTimes.ParseException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_CAST,
                    (e.outOfRange ? "timestamp field value out of range: \"" : "invalid timestamp field format: \"")
                            + text
                            + "\", expected format is (YYYY-MM-DD HH:MM:SS[.US][±HH[:MM]| ZONE])");
        } catch (DateTimeException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_CAST,
                    "Could not convert string '" + text + "' to TIMESTAMP WITH TIME ZONE: " + e.getMessage());
        }
    }
}
