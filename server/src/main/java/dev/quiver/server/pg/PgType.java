package dev.quiver.server.pg;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.type.NestedValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A PostgreSQL type as the wire protocol names it (OID, length, name), and the conversions of
 * values between Quiver's Java values and PostgreSQL's text and binary formats.
 */
enum PgType {
    BOOL(16, 1, "boolean"),
    BYTEA(17, -1, "bytea"),
    NAME(19, 64, "name"),
    INT8(20, 8, "bigint"),
    INT2(21, 2, "smallint"),
    INT4(23, 4, "integer"),
    TEXT(25, -1, "text"),
    OID(26, 4, "oid"),
    FLOAT4(700, 4, "real"),
    FLOAT8(701, 8, "double precision"),
    UNKNOWN(705, -2, "unknown"),
    BPCHAR(1042, -1, "character"),
    VARCHAR(1043, -1, "character varying"),
    DATE(1082, 4, "date"),
    TIME(1083, 8, "time without time zone"),
    TIMESTAMP(1114, 8, "timestamp without time zone"),
    TIMESTAMPTZ(1184, 8, "timestamp with time zone"),
    NUMERIC(1700, -1, "numeric"),
    UUID_TYPE(2950, 16, "uuid");

    /** PostgreSQL's epoch for dates and timestamps in binary format. */
    private static final LocalDate PG_EPOCH = LocalDate.of(2000, 1, 1);

    private static final long PG_EPOCH_MICROS =
            ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2000-01-01T00:00:00Z"));
    private static final DateTimeFormatter TIME_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(TIME_TEXT)
            .toFormatter(Locale.ROOT);
    /** Reads {@code 2026-01-02 03:04:05.123}, with a space or a T, seconds and fraction optional. */
    private static final DateTimeFormatter TIMESTAMP_PARSE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendPattern("HH:mm")
            .optionalStart()
            .appendPattern(":ss")
            .optionalEnd()
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:mm", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH", "Z")
            .optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter(Locale.ROOT);

    final int oid;
    /** The type's length in bytes, or -1 for variable length (the RowDescription field). */
    final int length;
    /** The name {@code format_type} gives. */
    final String sqlName;

    PgType(int oid, int length, String sqlName) {
        this.oid = oid;
        this.length = length;
        this.sqlName = sqlName;
    }

    /** The type with {@code oid}, or null for one Quiver does not know. */
    static PgType ofOid(int oid) {
        for (PgType type : values()) {
            if (type.oid == oid) {
                return type;
            }
        }
        return null;
    }

    /** The type a column of {@code arrow} reaches clients as; nested and other types as text. */
    static PgType of(ArrowType arrow) {
        return switch (arrow) {
            case ArrowType.Bool bool -> BOOL;
            case ArrowType.Int integer when integer.getBitWidth() <= 16 -> INT2;
            case ArrowType.Int integer when integer.getBitWidth() == 32 -> INT4;
            case ArrowType.Int integer -> INT8;
            case ArrowType.FloatingPoint real when real.getPrecision() == FloatingPointPrecision.SINGLE -> FLOAT4;
            case ArrowType.FloatingPoint dbl -> FLOAT8;
            case ArrowType.Decimal decimal -> NUMERIC;
            case ArrowType.Utf8 text -> VARCHAR;
            case ArrowType.LargeUtf8 text -> VARCHAR;
            case ArrowType.Binary binary -> BYTEA;
            case ArrowType.LargeBinary binary -> BYTEA;
            case ArrowType.Date date -> DATE;
            case ArrowType.Time time -> TIME;
            case ArrowType.Timestamp timestamp -> timestamp.getTimezone() == null ? TIMESTAMP : TIMESTAMPTZ;
            case ArrowType.FixedSizeBinary uuid when uuid.getByteWidth() == 16 -> UUID_TYPE;
            default -> TEXT;
        };
    }

    /** The PostgreSQL type of an engine parameter type; null when the engine does not know it. */
    static PgType of(SqlTypeName type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case BOOLEAN -> BOOL;
            case TINYINT, SMALLINT -> INT2;
            case INTEGER -> INT4;
            case BIGINT -> INT8;
            case REAL, FLOAT -> FLOAT4;
            case DOUBLE -> FLOAT8;
            case DECIMAL -> NUMERIC;
            case CHAR, VARCHAR -> VARCHAR;
            case BINARY, VARBINARY -> BYTEA;
            case DATE -> DATE;
            case TIME -> TIME;
            case TIMESTAMP -> TIMESTAMP;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TIMESTAMPTZ;
            case UUID -> UUID_TYPE;
            default -> null;
        };
    }

    /** {@code value} in PostgreSQL's text format (as psql shows it). */
    static String text(Object value) {
        return switch (value) {
            case Boolean bool -> bool ? "t" : "f";
            case Float real -> floatText(real.doubleValue(), Float.toString(real));
            case Double dbl -> floatText(dbl, Double.toString(dbl));
            case BigDecimal decimal -> decimal.toPlainString();
            case byte[] bytes -> "\\x" + HexFormat.of().formatHex(bytes);
            case LocalDate date -> date.toString();
            case LocalDateTime timestamp -> TIMESTAMP_TEXT.format(timestamp);
            case OffsetDateTime instant -> TIMESTAMP_TEXT.format(instant.withOffsetSameInstant(ZoneOffset.UTC)) + "+00";
            case LocalTime time -> TIME_TEXT.format(time);
            case NestedValue nested -> nested.text();
            default -> value.toString();
        };
    }

    private static String floatText(double value, String java) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return java.endsWith(".0") ? java.substring(0, java.length() - 2) : java;
    }

    /** {@code value} in this type's binary format. */
    byte[] binary(Object value) {
        return switch (this) {
            case BOOL -> new byte[] {(byte) (Boolean.TRUE.equals(value) ? 1 : 0)};
            case INT2 ->
                ByteBuffer.allocate(2).putShort(((Number) value).shortValue()).array();
            case INT4, OID ->
                ByteBuffer.allocate(4).putInt(((Number) value).intValue()).array();
            case INT8 ->
                ByteBuffer.allocate(8).putLong(((Number) value).longValue()).array();
            case FLOAT4 ->
                ByteBuffer.allocate(4).putFloat(((Number) value).floatValue()).array();
            case FLOAT8 ->
                ByteBuffer.allocate(8).putDouble(((Number) value).doubleValue()).array();
            case BYTEA -> (byte[]) value;
            case DATE ->
                ByteBuffer.allocate(4)
                        .putInt((int) ChronoUnit.DAYS.between(PG_EPOCH, (LocalDate) value))
                        .array();
            case TIME ->
                ByteBuffer.allocate(8)
                        .putLong(((LocalTime) value).toNanoOfDay() / 1_000)
                        .array();
            case TIMESTAMP ->
                ByteBuffer.allocate(8)
                        .putLong(micros(((LocalDateTime) value).toInstant(ZoneOffset.UTC)) - PG_EPOCH_MICROS)
                        .array();
            case TIMESTAMPTZ ->
                ByteBuffer.allocate(8)
                        .putLong(micros(((OffsetDateTime) value).toInstant()) - PG_EPOCH_MICROS)
                        .array();
            case NUMERIC -> PgNumeric.encode((BigDecimal) value);
            case UUID_TYPE -> {
                UUID uuid = (UUID) value;
                yield ByteBuffer.allocate(16)
                        .putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits())
                        .array();
            }
            default -> text(value).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /**
     * A parameter sent in text format as the Java value the engine binds: read as {@code target}
     * (the type the statement expects, else the type the client declared), else kept as a string.
     */
    static Object parseText(String text, PgType target) {
        if (target == null) {
            return text;
        }
        try {
            return switch (target) {
                case BOOL -> parseBoolean(text);
                case INT2 -> Short.valueOf(text.strip());
                case INT4 -> Integer.valueOf(text.strip());
                case INT8 -> Long.valueOf(text.strip());
                case OID -> Long.valueOf(text.strip());
                case FLOAT4 -> Float.valueOf(text.strip());
                case FLOAT8 -> Double.valueOf(text.strip());
                case NUMERIC -> new BigDecimal(text.strip());
                case BYTEA ->
                    text.startsWith("\\x")
                            ? HexFormat.of().parseHex(text.substring(2))
                            : text.getBytes(StandardCharsets.UTF_8);
                case DATE -> LocalDate.from(TIMESTAMP_PARSE.parse(text.strip())); // drivers may add "+00"
                case TIME -> LocalTime.parse(text.strip());
                case TIMESTAMP -> LocalDateTime.parse(text.strip(), TIMESTAMP_PARSE);
                case TIMESTAMPTZ -> timestampTz(text.strip());
                case UUID_TYPE -> UUID.fromString(text.strip());
                default -> text;
            };
        } catch (RuntimeException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "parameter value '" + text + "' is not a valid " + target.sqlName + ": " + e.getMessage());
        }
    }

    private static OffsetDateTime timestampTz(String text) {
        var parsed = TIMESTAMP_PARSE.parse(text);
        LocalDateTime local = LocalDateTime.from(parsed);
        ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
        return local.atOffset(offset);
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "t", "true", "1", "y", "yes", "on" -> true;
            case "f", "false", "0", "n", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    /** A parameter sent in binary format, read as this (the declared) type. */
    Object parseBinary(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            return switch (this) {
                case BOOL -> bytes[0] != 0;
                case INT2 -> buffer.getShort();
                case INT4 -> buffer.getInt();
                case INT8 -> buffer.getLong();
                case OID -> Integer.toUnsignedLong(buffer.getInt());
                case FLOAT4 -> buffer.getFloat();
                case FLOAT8 -> buffer.getDouble();
                case BYTEA -> bytes;
                case DATE -> PG_EPOCH.plusDays(buffer.getInt());
                case TIME -> LocalTime.ofNanoOfDay(buffer.getLong() * 1_000);
                case TIMESTAMP -> LocalDateTime.ofInstant(instant(buffer.getLong()), ZoneOffset.UTC);
                case TIMESTAMPTZ -> OffsetDateTime.ofInstant(instant(buffer.getLong()), ZoneOffset.UTC);
                case NUMERIC -> PgNumeric.decode(buffer);
                case UUID_TYPE -> new UUID(buffer.getLong(), buffer.getLong());
                default -> new String(bytes, StandardCharsets.UTF_8);
            };
        } catch (RuntimeException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "a binary parameter of type " + sqlName + " has " + bytes.length
                            + " bytes that do not read as one");
        }
    }

    private static Instant instant(long pgMicros) {
        long micros = pgMicros + PG_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    }

    /** PostgreSQL's binary NUMERIC: base-10000 digits with a weight, a sign and a display scale. */
    static final class PgNumeric {
        private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

        private PgNumeric() {}

        static byte[] encode(BigDecimal value) {
            int scale = Math.max(0, value.scale());
            BigDecimal scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
            // pad the fraction to whole base-10000 digits, then split the unscaled integer
            int fractionDigits = (scale + 3) / 4;
            BigInteger unscaled =
                    scaled.movePointRight(fractionDigits * 4).toBigInteger().abs();
            java.util.ArrayDeque<Short> digits = new java.util.ArrayDeque<>();
            while (unscaled.signum() != 0) {
                BigInteger[] division = unscaled.divideAndRemainder(TEN_THOUSAND);
                digits.addFirst(division[1].shortValue());
                unscaled = division[0];
            }
            int weight = digits.size() - fractionDigits - 1;
            // trailing zero digits are not sent
            while (!digits.isEmpty() && digits.peekLast() == 0) {
                digits.removeLast();
            }
            while (!digits.isEmpty() && digits.peekFirst() == 0) {
                digits.removeFirst();
                weight--;
            }
            ByteBuffer buffer = ByteBuffer.allocate(8 + 2 * digits.size());
            buffer.putShort((short) digits.size());
            buffer.putShort((short) (digits.isEmpty() ? 0 : weight));
            buffer.putShort((short) (value.signum() < 0 ? 0x4000 : 0));
            buffer.putShort((short) scale);
            for (short digit : digits) {
                buffer.putShort(digit);
            }
            return buffer.array();
        }

        static BigDecimal decode(ByteBuffer buffer) {
            int count = buffer.getShort();
            int weight = buffer.getShort();
            int sign = buffer.getShort() & 0xFFFF;
            int scale = buffer.getShort();
            if (sign == 0xC000) {
                throw new IllegalArgumentException("NaN");
            }
            BigDecimal result = BigDecimal.ZERO;
            for (int index = 0; index < count; index++) {
                result = result.add(BigDecimal.valueOf(buffer.getShort()).movePointRight(4 * (weight - index)));
            }
            result = result.setScale(scale, RoundingMode.DOWN);
            return sign == 0x4000 ? result.negate() : result;
        }
    }
}
