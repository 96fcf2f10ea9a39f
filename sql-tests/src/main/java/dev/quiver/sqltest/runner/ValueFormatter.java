package dev.quiver.sqltest.runner;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Renders Java values as DuckDB renders them in sqllogictest results (its cast to VARCHAR), so that
 * both engines' results and the expected rows of a file are written the same way.
 *
 * <ul>
 *   <li>NULL: {@code NULL}; the empty string: {@code (empty)} (a blank line would end the record).
 *   <li>BOOLEAN: {@code true}/{@code false} (the comparison also accepts DuckDB's {@code 1}/{@code 0}).
 *   <li>Integers: plain digits. DECIMAL: plain digits with exactly its scale ({@code 1.50}).
 *   <li>DOUBLE/REAL: the shortest text that reads back to the same value; positional when the decimal
 *       exponent is between -4 and 15 ({@code 100.0}, {@code 0.0001}), otherwise scientific with a
 *       signed two-digit exponent ({@code 1e+16}, {@code 2.5e-10}); {@code inf}, {@code -inf},
 *       {@code nan}, {@code -0.0}.
 *   <li>DATE {@code YYYY-MM-DD} ({@code (BC)} appended before year 1), {@code infinity} and
 *       {@code -infinity} for DuckDB's infinite dates and timestamps (both JDBC drivers return them
 *       as the dates of their raw values: day 2^31 - 1, microsecond 2^63 - 1, and the negations); TIME {@code HH:MM:SS[.ffffff]} and
 *       TIMESTAMP {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, microseconds with trailing zeros dropped;
 *       TIMESTAMP WITH TIME ZONE as the same in UTC with {@code +00} ({@code 2024-01-02 01:04:05+00}),
 *       whatever the session's TimeZone (cast to VARCHAR to see a value in that zone). UUID in lower case.
 *   <li>BLOB: printable ASCII as is, other bytes and {@code \ ' "} as {@code \xHH}.
 *   <li>Anything else: {@link String#valueOf}.
 * </ul>
 */
public final class ValueFormatter {
    private ValueFormatter() {}

    /** The sqllogictest text of {@code value}. */
    public static String format(Object value) {
        return switch (value) {
            case null -> "NULL";
            case Boolean bool -> bool ? "true" : "false";
            case Double number -> floating(number, Double.toString(number));
            case Float number -> floating(number, Float.toString(number));
            case BigDecimal decimal -> decimal.toPlainString();
            case Number number -> number.toString();
            case LocalDate date
            when Math.abs(date.toEpochDay()) == Integer.MAX_VALUE -> date.toEpochDay() > 0 ? "infinity" : "-infinity";
            case LocalDate date -> date(date);
            case LocalTime time -> time(time);
            case LocalDateTime timestamp
            when isInfinite(timestamp) -> timestamp.getYear() > 0 ? "infinity" : "-infinity";
            case LocalDateTime timestamp -> date(timestamp.toLocalDate()) + " " + time(timestamp.toLocalTime());
            case OffsetDateTime instant
            when isInfinite(instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) ->
                instant.getYear() > 0 ? "infinity" : "-infinity";
            case OffsetDateTime instant -> {
                // both JDBC drivers hand TIMESTAMPTZ values over in UTC, whatever the session's TimeZone
                LocalDateTime utc =
                        instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
                yield date(utc.toLocalDate()) + " " + time(utc.toLocalTime()) + "+00";
            }
            case byte[] bytes -> blob(bytes);
            default -> text(String.valueOf(value));
        };
    }

    /**
     * Whether a timestamp is DuckDB's {@code infinity} or {@code -infinity}: both drivers hand them
     * over as the instants of their raw values, plus or minus 2^63 - 1 microseconds.
     */
    private static boolean isInfinite(LocalDateTime timestamp) {
        return timestamp.equals(INFINITY) || timestamp.equals(NEGATIVE_INFINITY);
    }

    private static final LocalDateTime INFINITY = ofMicros(Long.MAX_VALUE);
    private static final LocalDateTime NEGATIVE_INFINITY = ofMicros(-Long.MAX_VALUE);

    private static LocalDateTime ofMicros(long micros) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    private static String text(String text) {
        return text.isEmpty() ? "(empty)" : text.replace("\0", "\\0");
    }

    /** {@code shortest} is Java's shortest round-trip text of the value (JDK 19+). */
    private static String floating(double value, String shortest) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return shortest.startsWith("-") ? "-0.0" : "0.0";
        }
        BigDecimal digits = new BigDecimal(shortest).stripTrailingZeros();
        int exponent = digits.precision() - digits.scale() - 1;
        if (exponent >= -4 && exponent <= 15) {
            String plain = digits.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String mantissa = digits.unscaledValue().abs().toString();
        String sign = digits.signum() < 0 ? "-" : "";
        String fraction = mantissa.length() > 1 ? "." + mantissa.substring(1) : "";
        String exponentText = String.format("%02d", Math.abs(exponent));
        return sign + mantissa.charAt(0) + fraction + "e" + (exponent < 0 ? "-" : "+") + exponentText;
    }

    private static String date(LocalDate date) {
        int year = date.getYear();
        String dayOfYear = String.format("-%02d-%02d", date.getMonthValue(), date.getDayOfMonth());
        if (year <= 0) {
            // Proleptic year 0 is 1 BC.
            return String.format("%04d", 1 - year) + dayOfYear + " (BC)";
        }
        return String.format("%04d", year) + dayOfYear;
    }

    private static String time(LocalTime time) {
        String seconds = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        int micros = time.getNano() / 1000;
        if (micros == 0) {
            return seconds;
        }
        String fraction = String.format("%06d", micros).replaceAll("0+$", "");
        return seconds + "." + fraction;
    }

    private static String blob(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            int unsigned = b & 0xFF;
            boolean plain =
                    unsigned >= 0x20 && unsigned <= 0x7E && unsigned != '\\' && unsigned != '\'' && unsigned != '"';
            if (plain) {
                text.append((char) unsigned);
            } else {
                text.append(String.format("\\x%02X", unsigned));
            }
        }
        return text(text.toString());
    }
}
