package dev.quiver.engine.jdbc;

import dev.quiver.engine.type.ValueText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Converts the Java values Quiver's results hold (Boolean, Byte, Short, Integer, Long, Float,
 * Double, BigDecimal, String, byte[], LocalDate, LocalDateTime; see QueryResult#value) into what a
 * JDBC getter returns. A value that does not fit the getter is a {@link SQLDataException} (22003
 * out of range, 22018 not convertible) naming the column. Null values are handled by the caller.
 */
final class JdbcValues {
    private JdbcValues() {}

    static String toText(Object value) {
        return value instanceof String text ? text : ValueText.of(value);
    }

    static boolean toBoolean(Object value, String column) throws SQLException {
        return switch (value) {
            case Boolean bool -> bool;
            case Number number -> toBigDecimal(number, column).signum() != 0;
            case String text
            when text.strip().equalsIgnoreCase("true") || text.strip().equals("1") -> true;
            case String text
            when text.strip().equalsIgnoreCase("false") || text.strip().equals("0") -> false;
            default -> throw notConvertible(value, "boolean", column);
        };
    }

    /** The value as a whole number between {@code min} and {@code max} (fractions are truncated, as JDBC drivers do). */
    static long toLong(Object value, long min, long max, String javaType, String column) throws SQLException {
        long result;
        switch (value) {
            case Byte number -> result = number;
            case Short number -> result = number;
            case Integer number -> result = number;
            case Long number -> result = number;
            case Boolean bool -> result = bool ? 1 : 0;
            default -> {
                BigDecimal exact = toBigDecimal(value, column).setScale(0, RoundingMode.DOWN);
                if (exact.compareTo(BigDecimal.valueOf(min)) < 0 || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
                    throw outOfRange(value, javaType, column);
                }
                result = exact.longValueExact();
            }
        }
        if (result < min || result > max) {
            throw outOfRange(value, javaType, column);
        }
        return result;
    }

    static double toDouble(Object value, String column) throws SQLException {
        return switch (value) {
            case Float number -> number.doubleValue();
            case Double number -> number;
            case Number number -> toBigDecimal(number, column).doubleValue();
            case Boolean bool -> bool ? 1 : 0;
            case String text -> {
                try {
                    yield Double.parseDouble(text.strip());
                } catch (NumberFormatException e) {
                    throw notConvertible(value, "double", column);
                }
            }
            default -> throw notConvertible(value, "double", column);
        };
    }

    static BigDecimal toBigDecimal(Object value, String column) throws SQLException {
        try {
            return switch (value) {
                case BigDecimal decimal -> decimal;
                case Float number -> new BigDecimal(number.toString());
                case Double number -> new BigDecimal(number.toString());
                case Number number -> BigDecimal.valueOf(number.longValue());
                case Boolean bool -> bool ? BigDecimal.ONE : BigDecimal.ZERO;
                case String text -> new BigDecimal(text.strip());
                default -> throw notConvertible(value, "BigDecimal", column);
            };
        } catch (NumberFormatException e) { // NaN, infinities, text that is no number
            throw notConvertible(value, "BigDecimal", column);
        }
    }

    static byte[] toBytes(Object value, String column) throws SQLException {
        return switch (value) {
            case byte[] bytes -> bytes;
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            default -> throw notConvertible(value, "byte[]", column);
        };
    }

    static LocalDate toLocalDate(Object value, String column) throws SQLException {
        try {
            return switch (value) {
                case LocalDate date -> date;
                case LocalDateTime time -> time.toLocalDate();
                case String text -> LocalDate.parse(text.strip());
                default -> throw notConvertible(value, "Date", column);
            };
        } catch (DateTimeParseException e) {
            throw notConvertible(value, "Date", column);
        }
    }

    static LocalDateTime toLocalDateTime(Object value, String column) throws SQLException {
        try {
            return switch (value) {
                case LocalDateTime time -> time;
                case LocalDate date -> date.atStartOfDay();
                case OffsetDateTime time ->
                    time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
                case String text -> LocalDateTime.parse(text.strip().replace(' ', 'T'));
                default -> throw notConvertible(value, "Timestamp", column);
            };
        } catch (DateTimeParseException e) {
            throw notConvertible(value, "Timestamp", column);
        }
    }

    static LocalTime toLocalTime(Object value, String column) throws SQLException {
        try {
            return switch (value) {
                case LocalTime time -> time;
                case LocalDateTime time -> time.toLocalTime();
                case String text -> LocalTime.parse(text.strip());
                default -> throw notConvertible(value, "Time", column);
            };
        } catch (DateTimeParseException e) {
            throw notConvertible(value, "Time", column);
        }
    }

    /** A TIMESTAMPTZ as the UTC OffsetDateTime DuckDB's driver returns; a TIMESTAMP is read as UTC. */
    static OffsetDateTime toOffsetDateTime(Object value, String column) throws SQLException {
        return switch (value) {
            case OffsetDateTime time -> time;
            case LocalDateTime time -> time.atOffset(ZoneOffset.UTC);
            case LocalDate date -> date.atStartOfDay().atOffset(ZoneOffset.UTC);
            default -> throw notConvertible(value, "OffsetDateTime", column);
        };
    }

    static UUID toUuid(Object value, String column) throws SQLException {
        try {
            return switch (value) {
                case UUID uuid -> uuid;
                case String text -> UUID.fromString(text.strip());
                default -> throw notConvertible(value, "UUID", column);
            };
        } catch (IllegalArgumentException e) {
            throw notConvertible(value, "UUID", column);
        }
    }

    /** The value as {@code getObject(int)} returns it: JDBC's classes (Integer for TINYINT and SMALLINT, java.sql dates). */
    static Object toJdbcObject(Object value) {
        return switch (value) {
            case Byte number -> number.intValue();
            case Short number -> number.intValue();
            case LocalDate date -> Date.valueOf(date);
            case LocalDateTime time -> Timestamp.valueOf(time);
            default -> value;
        };
    }

    private static SQLException outOfRange(Object value, String javaType, String column) {
        return new SQLDataException(
                "value " + toText(value) + " of column " + column + " is out of the range of " + javaType, "22003");
    }

    private static SQLException notConvertible(Object value, String javaType, String column) {
        String shown = value instanceof String text ? "'" + text + "'" : toText(value);
        return new SQLDataException(
                "value " + shown + " of column " + column + " ("
                        + value.getClass().getSimpleName() + ") cannot be read as " + javaType,
                "22018");
    }
}
