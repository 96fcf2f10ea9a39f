package dev.quiver.engine.exec.expr.support;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TIME (microseconds since midnight), TIMESTAMP WITH TIME ZONE (microseconds since the epoch, a UTC
 * instant shown in a session time zone) and UUID (16 big-endian bytes) values, with DuckDB's text forms.
 *
 * <p>A TIMESTAMPTZ's local time in a zone is the instant plus the zone's offset at that instant
 * ({@link #toLocal}); a local time without a zone is read in the session's zone, a gap (spring
 * forward) moving it later and an overlap (fall back) taking the earlier offset, as ICU does for DuckDB.
 */
public final class ZonedTimes {
    /** The zone part that may end a TIMESTAMPTZ text: Z, an offset such as {@code +02}, {@code -0530}, {@code +05:30}, or a name. */
    private static final Pattern ZONE_SUFFIX = Pattern.compile(
            "^(.*\\d)\\s*(Z|[+-]\\d{1,2}(?::?\\d{2}){0,2}|[A-Za-z][A-Za-z0-9_/+-]*)\\s*$", Pattern.DOTALL);

    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{1,2})(?::?(\\d{2}))?(?::?(\\d{2}))?");

    private ZonedTimes() {}

    // ---------------------------------------------------------------- TIME

    /**
     * Parses a TIME as DuckDB's cast does: {@code H[H]:M[M][:S[S][.fraction]]}, or a timestamp whose
     * time of day is taken; digits past microseconds are dropped.
     */
    public static long parseTime(CharSequence text) throws DateTimes.ParseException {
        String trimmed = text.toString().strip();
        int colon = trimmed.indexOf(':');
        int dash = trimmed.indexOf('-', 1);
        if (colon > 0 && (dash < 0 || dash > colon)) {
            // a time alone: read it as the time of day of the epoch's first day
            long micros = DateTimes.parseTimestamp("1970-01-01 " + trimmed);
            if (micros > DateTimes.MICROS_PER_DAY) {
                throw new DateTimes.ParseException(true);
            }
            return micros;
        }
        long micros = DateTimes.parseTimestamp(trimmed);
        return micros - DateTimes.dateOf(micros) * DateTimes.MICROS_PER_DAY;
    }

    /** {@code 12:34:56}, with the fraction only when non-zero ({@code 12:34:56.789}). */
    public static String formatTime(long micros) {
        String text = DateTimes.formatTimestamp(micros % DateTimes.MICROS_PER_DAY);
        String time = text.substring(text.indexOf(' ') + 1);
        return micros == DateTimes.MICROS_PER_DAY ? "24:00:00" : time;
    }

    // ---------------------------------------------------------------- TIMESTAMPTZ

    /**
     * Parses a TIMESTAMPTZ: a timestamp as {@link DateTimes#parseTimestamp} reads it, then an optional
     * {@code Z}, UTC offset or zone name; without one, the local time is in {@code sessionZone}.
     *
     * @throws DateTimeException naming an unknown zone
     */
    public static long parseTimestampTz(CharSequence text, ZoneId sessionZone) throws DateTimes.ParseException {
        if (DateTimes.isSpecialWord(text)) {
            return DateTimes.parseTimestamp(text); // infinities and 'epoch' (1970-01-01 00:00 UTC) name instants
        }
        String value = text.toString();
        ZoneId zone = sessionZone;
        String local = value;
        if (value.indexOf(':') >= 0) {
            Matcher match = ZONE_SUFFIX.matcher(value);
            if (match.matches() && match.group(1).indexOf(':') >= 0) {
                local = match.group(1);
                zone = zoneOf(match.group(2));
            }
        }
        return toInstant(DateTimes.parseTimestamp(local), zone);
    }

    /** The zone a TIMESTAMPTZ text names: {@code Z}, an offset or a zone name. */
    private static ZoneId zoneOf(String text) {
        if (text.equals("Z") || text.equalsIgnoreCase("UTC")) {
            return ZoneOffset.UTC;
        }
        Matcher offset = OFFSET.matcher(text);
        if (offset.matches()) {
            int seconds = Integer.parseInt(offset.group(2)) * 3600
                    + (offset.group(3) == null ? 0 : Integer.parseInt(offset.group(3)) * 60)
                    + (offset.group(4) == null ? 0 : Integer.parseInt(offset.group(4)));
            return ZoneOffset.ofTotalSeconds(offset.group(1).equals("-") ? -seconds : seconds);
        }
        return zone(text);
    }

    /**
     * The zone of a TimeZone setting or a zone name, as the JDK's tz database knows it, in any case;
     * the abbreviations ICU reads as zones ({@code EST}, {@code PST}, ...) too. An unknown one is a
     * DateTimeException.
     */
    public static ZoneId zone(String name) {
        String trimmed = name.strip();
        if (trimmed.equalsIgnoreCase("UTC") || trimmed.equalsIgnoreCase("GMT") || trimmed.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        String known = ZoneNames.BY_LOWER_CASE.get(trimmed.toLowerCase(Locale.ROOT));
        if (known == null) {
            throw new DateTimeException("Unknown TimeZone '" + name + "'");
        }
        return ZoneId.of(known, ZoneId.SHORT_IDS);
    }

    /** The zone names by their lower-case spelling, read once (strptime's %Z looks one up per row). */
    private static final class ZoneNames {
        static final Map<String, String> BY_LOWER_CASE = byLowerCase();

        private static Map<String, String> byLowerCase() {
            Map<String, String> names = new HashMap<>();
            ZoneId.SHORT_IDS.keySet().forEach(id -> names.put(id.toLowerCase(Locale.ROOT), id));
            ZoneId.getAvailableZoneIds().forEach(id -> names.put(id.toLowerCase(Locale.ROOT), id));
            return Map.copyOf(names);
        }
    }

    /** The UTC instant (microseconds) of a local time (microseconds since the local epoch) in {@code zone}. */
    public static long toInstant(long localMicros, ZoneId zone) {
        if (zone == ZoneOffset.UTC || !DateTimes.isFiniteTimestamp(localMicros)) {
            return localMicros;
        }
        long seconds = Math.floorDiv(localMicros, DateTimes.MICROS_PER_SECOND);
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return localMicros - rules.getOffset(Instant.EPOCH).getTotalSeconds() * DateTimes.MICROS_PER_SECOND;
        }
        LocalDateTime dateTime = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        ZonedDateTime zoned = ZonedDateTime.ofLocal(dateTime, zone, null); // a gap moves it later
        return zoned.toEpochSecond() * DateTimes.MICROS_PER_SECOND
                + (localMicros - seconds * DateTimes.MICROS_PER_SECOND);
    }

    /** The local time (microseconds since the local epoch) in {@code zone} of a UTC instant. */
    public static long toLocal(long instantMicros, ZoneId zone) {
        if (!DateTimes.isFiniteTimestamp(instantMicros)) {
            return instantMicros;
        }
        return instantMicros + offsetSeconds(instantMicros, zone) * DateTimes.MICROS_PER_SECOND;
    }

    /** The offset from UTC, in seconds, of {@code zone} at an instant. */
    public static int offsetSeconds(long instantMicros, ZoneId zone) {
        if (zone == ZoneOffset.UTC) {
            return 0;
        }
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return rules.getOffset(Instant.EPOCH).getTotalSeconds();
        }
        long seconds = Math.floorDiv(instantMicros, DateTimes.MICROS_PER_SECOND);
        return rules.getOffset(Instant.ofEpochSecond(seconds)).getTotalSeconds();
    }

    /** DuckDB's text of a TIMESTAMPTZ in {@code zone}: {@code 2024-01-02 01:04:05+00}, {@code ...+05:30}. */
    public static String formatTimestampTz(long instantMicros, ZoneId zone) {
        if (!DateTimes.isFiniteTimestamp(instantMicros)) {
            return DateTimes.formatTimestamp(instantMicros);
        }
        int offset = offsetSeconds(instantMicros, zone);
        return DateTimes.formatTimestamp(instantMicros + offset * DateTimes.MICROS_PER_SECOND) + formatOffset(offset);
    }

    /** {@code +00}, {@code -08}, {@code +05:30}, {@code +00:19:32}: hours always, minutes and seconds when not zero. */
    public static String formatOffset(int offsetSeconds) {
        int magnitude = Math.abs(offsetSeconds);
        StringBuilder text = new StringBuilder(offsetSeconds < 0 ? "-" : "+");
        text.append(String.format("%02d", magnitude / 3600));
        if (magnitude % 3600 != 0) {
            text.append(String.format(":%02d", magnitude / 60 % 60));
            if (magnitude % 60 != 0) {
                text.append(String.format(":%02d", magnitude % 60));
            }
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- UUID

    /**
     * The 16 bytes of a UUID's text, as DuckDB reads it: 32 hexadecimal digits in any case, with
     * hyphens between groups and optionally in braces; null when the text is no UUID.
     */
    public static byte[] parseUuid(CharSequence text) {
        String value = text.toString().strip();
        if (value.startsWith("{") && value.endsWith("}")) {
            value = value.substring(1, value.length() - 1);
        }
        String digits = value.replace("-", "");
        if (digits.length() != 32 || value.startsWith("-") || value.endsWith("-") || value.contains("--")) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}. */
    public static String formatUuid(byte[] bytes) {
        String hex = HexFormat.of().formatHex(bytes);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
