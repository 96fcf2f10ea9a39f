package dev.quiver.engine.type;

import dev.quiver.engine.exec.expr.support.DateTimes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** The text of a SQL value as DuckDB prints it, shared by the CLI's output and JDBC's {@code getString}. */
public final class ValueText {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private ValueText() {}

    /**
     * The text of one value as DuckDB prints it: ISO dates, {@code 2024-01-02 03:04:05.123456}, TIME
     * {@code 12:34:56.789}, TIMESTAMPTZ in the value's offset {@code 2024-01-02 01:04:05+00}, UUIDs in
     * lower case, shortest doubles.
     */
    public static String of(Object value) {
        return switch (value) {
            case null -> "NULL";
            case LocalDate date -> DateTimes.formatDate(date.toEpochDay()); // 0045-03-15 (BC), 294247-01-10
            case LocalDateTime time -> DateTimes.formatTimestamp(micros(time));
            case LocalTime time -> time.format(TIME) + fraction(time.getNano());
            case OffsetDateTime time
            when !DateTimes.isFiniteTimestamp(micros(time.toLocalDateTime())) ->
                DateTimes.formatTimestamp(micros(time.toLocalDateTime())); // infinity, -infinity
            case OffsetDateTime time ->
                time.toLocalDateTime().format(TIMESTAMP) + fraction(time.getNano()) + offset(time.getOffset());
            case BigDecimal decimal -> decimal.toPlainString();
            case byte[] bytes -> "\\x" + HexFormat.of().formatHex(bytes);
            case Double number -> shortest(number);
            case Float number -> shortest(number.doubleValue());
            default -> value.toString();
        };
    }

    /** DuckDB's offset: {@code +00}, {@code +05:30}. */
    private static String offset(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        int magnitude = Math.abs(seconds);
        String text = (seconds < 0 ? "-" : "+") + String.format("%02d", magnitude / 3600);
        if (magnitude % 3600 != 0) {
            text += String.format(":%02d", magnitude / 60 % 60);
        }
        return text;
    }

    private static String fraction(int nanos) {
        if (nanos == 0) {
            return "";
        }
        String micros = String.format("%06d", nanos / 1000);
        return "." + micros.replaceAll("0+$", "");
    }

    /** Shortest text that reads back as the same double (JDK 19+ Double.toString), without exponent for normal magnitudes. */
    private static String shortest(double number) {
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            return Double.isNaN(number) ? "nan" : (number > 0 ? "inf" : "-inf");
        }
        String text = Double.toString(number);
        if (text.contains("E") && Math.abs(number) >= 1e-4 && Math.abs(number) < 1e16) {
            text = new BigDecimal(text).toPlainString();
            if (!text.contains(".")) {
                text += ".0";
            }
        }
        return text;
    }

    /** Microseconds since the epoch; -infinity's (-(2^63 - 1)) too, whose whole seconds alone would overflow. */
    private static long micros(LocalDateTime time) {
        long seconds = time.toEpochSecond(ZoneOffset.UTC);
        long fraction = time.getNano() / 1_000;
        if (seconds < 0 && fraction > 0) {
            return Math.addExact(Math.multiplyExact(seconds + 1, 1_000_000L), fraction - 1_000_000L);
        }
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), fraction);
    }
}
