package dev.quiver.engine.exec.expr.support;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A strftime/strptime format as DuckDB reads it, compiled once: literal text and {@code %}
 * specifiers ({@code %Y %y %m %d %H %I %M %S %f %g %n %p %j %a %A %b %B %h %w %u %U %W %V %G %z
 * %Z %c %x %X %%}; {@code %-d} and its kin drop the zero padding). Immutable, so one instance may
 * serve every thread.
 */
public final class DateTimeFormat {
    private static final String[] DAY_NAMES = {
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
    };
    private static final String[] MONTH_NAMES = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December"
    };
    private static final String SPECIFIERS = "YymdHIMSfgnpjaAbBhwuUWVGzZ%";

    /** One piece of the format: literal text, or a specifier letter (padded unless {@code unpadded}). */
    private record Part(String literal, char specifier, boolean unpadded) {}

    /** Why a value does not match the format (the caller adds the value and the format). */
    public static final class MismatchException extends Exception {
        private MismatchException(String reason) {
            super(reason, null, false, false);
        }
    }

    private final String text;
    private final List<Part> parts;

    private DateTimeFormat(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /** The format as written. */
    public String text() {
        return text;
    }

    /** The format {@code text} compiled; INVALID_ARGUMENT naming the format for an unknown specifier. */
    public static DateTimeFormat compile(String text) {
        List<Part> parts = new ArrayList<>();
        compileInto(text, text, parts);
        return new DateTimeFormat(text, parts);
    }

    private static void compileInto(String text, String whole, List<Part> parts) {
        StringBuilder literal = new StringBuilder();
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character != '%') {
                literal.append(character);
                continue;
            }
            boolean unpadded = index + 1 < text.length() && text.charAt(index + 1) == '-';
            int letterIndex = index + (unpadded ? 2 : 1);
            if (letterIndex >= text.length()) {
                throw badFormat(whole, "Trailing format character %");
            }
            char letter = text.charAt(letterIndex);
            index = letterIndex;
            if (letter == '%') {
                literal.append('%');
                continue;
            }
            String expansion = switch (letter) {
                case 'c' -> "%Y-%m-%d %H:%M:%S";
                case 'x' -> "%Y-%m-%d";
                case 'X' -> "%H:%M:%S";
                default -> null;
            };
            if (expansion == null && SPECIFIERS.indexOf(letter) < 0) {
                throw badFormat(whole, "Unrecognized format for strftime/strptime: %" + letter);
            }
            if (!literal.isEmpty()) {
                parts.add(new Part(literal.toString(), '\0', false));
                literal.setLength(0);
            }
            if (expansion != null) {
                compileInto(expansion, whole, parts);
            } else {
                parts.add(new Part(null, letter, unpadded));
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), '\0', false));
        }
    }

    private static QuiverException badFormat(String format, String reason) {
        return new QuiverException(
                ErrorCode.INVALID_ARGUMENT, "Failed to parse format specifier " + format + ": " + reason);
    }

    /** Whether the format reads a UTC offset or zone ({@code %z}, {@code %Z}): strptime then gives TIMESTAMPTZ. */
    public boolean hasZone() {
        return parts.stream().anyMatch(part -> part.specifier() == 'z' || part.specifier() == 'Z');
    }

    /**
     * The timestamp {@code micros} written in this format. With a {@code zone} (a TIMESTAMPTZ),
     * the wall clock there, {@code %z} its offset and {@code %Z} its name; without, {@code %z} is
     * {@code +00} and {@code %Z} empty, as DuckDB writes a TIMESTAMP. An infinite value is written
     * {@code infinity} or {@code -infinity}, whatever the format, as in DuckDB.
     */
    public String format(long micros, ZoneId zone) {
        if (!DateTimes.isFiniteTimestamp(micros)) {
            return DateTimes.formatTimestamp(micros);
        }
        int offsetSeconds = 0;
        if (zone != null) {
            long seconds = Math.floorDiv(micros, DateTimes.MICROS_PER_SECOND);
            offsetSeconds =
                    zone.getRules().getOffset(Instant.ofEpochSecond(seconds)).getTotalSeconds();
        }
        long local = micros + offsetSeconds * DateTimes.MICROS_PER_SECOND;
        long days = Math.floorDiv(local, DateTimes.MICROS_PER_DAY);
        long timeOfDay = local - days * DateTimes.MICROS_PER_DAY;
        StringBuilder out = new StringBuilder(32);
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            boolean pad = !part.unpadded();
            long hour = timeOfDay / DateTimes.MICROS_PER_HOUR;
            switch (part.specifier()) {
                case 'Y' -> {
                    long year = DateTimes.year(days);
                    if (year >= 0 && year < 1000 && pad) {
                        number(out, year, 4, true);
                    } else {
                        out.append(year);
                    }
                }
                case 'y' -> number(out, Math.abs(DateTimes.year(days) % 100), 2, pad);
                case 'G' -> {
                    long year = DateTimes.isoYear(days);
                    number(out, year, year >= 0 && year < 1000 ? 4 : 1, pad);
                }
                case 'm' -> number(out, DateTimes.month(days), 2, pad);
                case 'd' -> number(out, DateTimes.dayOfMonth(days), 2, pad);
                case 'j' -> number(out, DateTimes.dayOfYear(days), 3, pad);
                case 'H' -> number(out, hour, 2, pad);
                case 'I' -> number(out, hour % 12 == 0 ? 12 : hour % 12, 2, pad);
                case 'p' -> out.append(hour < 12 ? "AM" : "PM");
                case 'M' -> number(out, timeOfDay / DateTimes.MICROS_PER_MINUTE % 60, 2, pad);
                case 'S' -> number(out, timeOfDay / DateTimes.MICROS_PER_SECOND % 60, 2, pad);
                case 'f' -> number(out, timeOfDay % DateTimes.MICROS_PER_SECOND, 6, pad);
                case 'g' -> number(out, timeOfDay % DateTimes.MICROS_PER_SECOND / 1000, 3, pad);
                case 'n' -> number(out, timeOfDay % DateTimes.MICROS_PER_SECOND * 1000, 9, pad);
                case 'a' -> out.append(DAY_NAMES[DateTimes.dayOfWeek(days)], 0, 3);
                case 'A' -> out.append(DAY_NAMES[DateTimes.dayOfWeek(days)]);
                case 'b', 'h' -> out.append(MONTH_NAMES[DateTimes.month(days) - 1], 0, 3);
                case 'B' -> out.append(MONTH_NAMES[DateTimes.month(days) - 1]);
                case 'w' -> out.append(DateTimes.dayOfWeek(days));
                case 'u' -> out.append(DateTimes.isoDayOfWeek(days));
                case 'U' -> number(out, (DateTimes.dayOfYear(days) + 6 - DateTimes.dayOfWeek(days)) / 7, 2, pad);
                case 'W' ->
                    number(out, (DateTimes.dayOfYear(days) + 6 - (DateTimes.dayOfWeek(days) + 6) % 7) / 7, 2, pad);
                case 'V' -> number(out, DateTimes.isoWeek(days), 2, pad);
                case 'z' -> offset(out, offsetSeconds);
                case 'Z' -> out.append(zone == null ? "" : zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
                default -> throw new IllegalStateException("specifier %" + part.specifier());
            }
        }
        return out.toString();
    }

    private static void number(StringBuilder out, long value, int width, boolean pad) {
        String digits = Long.toString(value);
        if (pad) {
            out.repeat('0', Math.max(0, width - digits.length()));
        }
        out.append(digits);
    }

    /** {@code +HH}, or {@code +HH:MM} when there are minutes, as DuckDB writes an offset. */
    private static void offset(StringBuilder out, int offsetSeconds) {
        out.append(offsetSeconds < 0 ? '-' : '+');
        int minutes = Math.abs(offsetSeconds) / 60;
        number(out, minutes / 60, 2, true);
        if (minutes % 60 != 0) {
            out.append(':');
            number(out, minutes % 60, 2, true);
        }
    }

    /**
     * Which specifiers decide the date, as DuckDB's strptime settles it: the last of day/month wins
     * over everything, a week ({@code %U %W} with {@code %w}), ISO week ({@code %G %V %u}) or day of
     * the year ({@code %j}) wins over a plain year, and two of those together are an error.
     */
    private enum DateSource {
        /** No date specifier yet: 1900-01-01. */
        NONE,
        /** {@code %Y} or {@code %y}: January 1 of that year, unless a week or day of the year follows. */
        YEAR,
        /** {@code %m} or {@code %d}: the calendar date, whatever week or day of the year came too. */
        MONTH_DAY,
        /** {@code %U}: weeks starting on Sunday. */
        SUNDAY_WEEK,
        /** {@code %W}: weeks starting on Monday. */
        MONDAY_WEEK,
        /** {@code %G} and {@code %V}: the ISO year and week. */
        ISO_WEEK,
        /** {@code %j}: the day of the year. */
        YEAR_DAY
    }

    /** The fields read so far from one value; {@link #parse} turns them into a timestamp. */
    private static final class Fields {
        long year = 1900;
        long month = 1;
        long day = 1;
        long hour;
        long minute;
        long second;
        long micros;
        Integer offsetSeconds;
        String zoneName;
        /** Whether %p was read: AM or PM then moves the hour, whether %I or %H read it. */
        boolean meridiem;

        boolean pm;
        DateSource dateSource = DateSource.NONE;
        long week;
        long weekday;
        boolean hasWeekday;
        long yearDay;
        long isoYear = -1;
        long isoWeek = -1;
        long isoWeekday = -1;

        /** Notes a %U/%W week: it decides the date unless %m or %d did. */
        void week(long number, DateSource source) throws MismatchException {
            switch (dateSource) {
                case MONTH_DAY -> {}
                case NONE, YEAR -> dateSource = source;
                default -> throw new MismatchException("Multiple week offsets specified");
            }
            week = inRange(number, 0, 53, "Week");
        }

        /** Notes a %V ISO week: it decides the date unless %m or %d did; %Y/%y with it is an error. */
        void isoWeek(long number) throws MismatchException {
            switch (dateSource) {
                case MONTH_DAY -> {}
                case NONE -> dateSource = DateSource.ISO_WEEK;
                case YEAR ->
                    throw new MismatchException(
                            "ISO week offsets are incompatible with non-ISO year specifiers. Use '%G' instead");
                case ISO_WEEK -> {
                    if (isoWeek >= 0) {
                        throw new MismatchException("Multiple ISO week offsets specified");
                    }
                }
                default -> throw new MismatchException("Incompatible ISO week offset specified");
            }
            isoWeek = inRange(number, 1, 53, "ISO week offset");
        }

        /** Notes a %G ISO year: it decides the date unless a calendar specifier did. */
        void isoYear(long number) throws MismatchException {
            switch (dateSource) {
                case MONTH_DAY, YEAR -> {}
                case NONE -> dateSource = DateSource.ISO_WEEK;
                case ISO_WEEK -> {
                    if (isoYear >= 0) {
                        throw new MismatchException("Multiple ISO year offsets specified");
                    }
                }
                default -> throw new MismatchException("Incompatible ISO year offset specified");
            }
            isoYear = inRange(number, 0, 9999, "ISO year");
        }

        /** Notes a %j day of the year: it decides the date unless %m or %d did. */
        void yearDay(long number) throws MismatchException {
            switch (dateSource) {
                case MONTH_DAY -> {}
                case NONE, YEAR -> dateSource = DateSource.YEAR_DAY;
                default -> throw new MismatchException("Multiple year offsets specified");
            }
            yearDay = inRange(number, 1, 366, "Day of the year");
        }

        /** Notes a %Y/%y year: a week, ISO week or day of the year read before keeps deciding the date. */
        void year(long value) {
            if (dateSource == DateSource.NONE || dateSource == DateSource.ISO_WEEK) {
                dateSource = DateSource.YEAR;
            }
            year = value;
        }

        /** Days since 1970-01-01 of the date these fields name. */
        long days() throws MismatchException {
            switch (dateSource) {
                case ISO_WEEK -> {
                    long isoYearOrDefault = isoYear < 0 ? 1900 : isoYear;
                    // ISO week 1 is the week (Monday first) holding January 4
                    long january4 = DateTimes.daysFromCivil(isoYearOrDefault, 1, 4);
                    long week1 = january4 - (DateTimes.isoDayOfWeek(january4) - 1);
                    return week1 + ((isoWeek < 0 ? 1 : isoWeek) - 1) * 7 + (isoWeekday < 0 ? 1 : isoWeekday) - 1;
                }
                case SUNDAY_WEEK, MONDAY_WEEK -> {
                    boolean mondayFirst = dateSource == DateSource.MONDAY_WEEK;
                    long dayInWeek = hasWeekday ? (weekday + (mondayFirst ? 6 : 0)) % 7 : 0;
                    checkYear();
                    long january1 = DateTimes.daysFromCivil(year, 1, 1);
                    // week 1 starts on the year's first Sunday (%U) or Monday (%W); the days before are week 0
                    long weekStart = january1 - (DateTimes.isoDayOfWeek(january1) - 1) - (mondayFirst ? 0 : 1);
                    if (weekStart >= january1) {
                        weekStart -= 7;
                    }
                    return weekStart + week * 7 + dayInWeek;
                }
                case YEAR_DAY -> {
                    checkYear();
                    return DateTimes.daysFromCivil(year, 1, 1) + yearDay - 1;
                }
                default -> {
                    checkYear();
                    if (day > DateTimes.daysInMonth(year, (int) month)) {
                        throw new MismatchException("Date out of range: " + year + "-" + month + "-" + day);
                    }
                    return DateTimes.daysFromCivil(year, (int) month, (int) day);
                }
            }
        }

        private void checkYear() throws MismatchException {
            if (year < DateTimes.MIN_YEAR || year > DateTimes.MAX_YEAR) {
                throw new MismatchException("Date out of range: " + year + "-" + month + "-" + day);
            }
        }
    }

    /**
     * The timestamp {@code value} spells in this format (microseconds since 1970; with {@code %z}
     * or {@code %Z} the UTC instant): fields the format lacks are those of 1900-01-01 00:00:00.
     */
    public long parse(String value) throws MismatchException {
        Fields fields = new Fields();
        int position = skipSpaces(value, 0);
        for (int partIndex = 0; partIndex < parts.size(); partIndex++) {
            Part part = parts.get(partIndex);
            if (part.literal() != null) {
                position = literal(value, position, part.literal());
                continue;
            }
            char specifier = part.specifier();
            switch (specifier) {
                case 'Y', 'y', 'm', 'd', 'j', 'H', 'I', 'M', 'S', 'f', 'g', 'n', 'w', 'u', 'U', 'W', 'V', 'G' -> {
                    int maxDigits = switch (specifier) {
                        // four digits when another number follows at once (%Y%m%d), else any year
                        case 'Y' ->
                            partIndex + 1 < parts.size()
                                            && parts.get(partIndex + 1).literal() == null
                                    ? 4
                                    : 9;
                        case 'G' -> 4;
                        case 'j' -> 3;
                        case 'f' -> 6;
                        case 'g' -> 3;
                        case 'n' -> 9;
                        case 'w', 'u' -> 1;
                        default -> 2;
                    };
                    int start = position;
                    boolean negative = specifier == 'Y' && position < value.length() && value.charAt(position) == '-';
                    if (negative) {
                        position++;
                    }
                    int digitsStart = position;
                    long number = 0;
                    while (position < value.length()
                            && position - digitsStart < maxDigits
                            && value.charAt(position) >= '0'
                            && value.charAt(position) <= '9') {
                        number = number * 10 + (value.charAt(position) - '0');
                        position++;
                    }
                    if (position == digitsStart) {
                        throw new MismatchException("Expected a number at position " + (start + 1));
                    }
                    int digits = position - digitsStart;
                    readNumber(fields, specifier, negative ? -number : number, digits);
                }
                case 'p' -> {
                    String word = value.regionMatches(true, position, "AM", 0, 2)
                            ? "AM"
                            : value.regionMatches(true, position, "PM", 0, 2) ? "PM" : null;
                    if (word == null) {
                        throw new MismatchException("Expected AM/PM at position " + (position + 1));
                    }
                    fields.pm = word.equals("PM");
                    fields.meridiem = true;
                    position += 2;
                }
                case 'a', 'A' -> position = name(value, position, DAY_NAMES, specifier == 'a', "a weekday name");
                case 'b', 'h', 'B' -> {
                    int end = name(value, position, MONTH_NAMES, specifier != 'B', "a month name");
                    fields.month = monthIndex(value.substring(position, end)) + 1;
                    position = end;
                }
                case 'z' -> {
                    int[] parsed = parseOffset(value, position);
                    fields.offsetSeconds = parsed[0];
                    position = parsed[1];
                }
                case 'Z' -> {
                    int begin = skipSpaces(value, position);
                    position = begin;
                    while (position < value.length() && isZoneCharacter(value.charAt(position))) {
                        position++;
                    }
                    if (position == begin) {
                        throw new MismatchException("Empty Time Zone name at position " + (begin + 1));
                    }
                    fields.zoneName = value.substring(begin, position);
                }
                default -> throw new MismatchException("%" + specifier + " is not supported by strptime in Quiver yet");
            }
        }
        position = skipSpaces(value, position);
        if (position != value.length()) {
            throw new MismatchException("Full specifier did not match: trailing characters");
        }
        long hour = fields.hour;
        if (fields.meridiem) {
            if (hour > 12) {
                throw new MismatchException(
                        "Invalid hour: " + hour + " AM/PM, expected an hour within the range [0..12]");
            }
            hour = hour % 12 + (fields.pm ? 12 : 0);
        }
        long local = fields.days() * DateTimes.MICROS_PER_DAY
                + hour * DateTimes.MICROS_PER_HOUR
                + fields.minute * DateTimes.MICROS_PER_MINUTE
                + fields.second * DateTimes.MICROS_PER_SECOND
                + fields.micros;
        if (fields.offsetSeconds != null) {
            return local - fields.offsetSeconds * DateTimes.MICROS_PER_SECOND;
        }
        if (fields.zoneName != null) {
            try {
                return ZonedTimes.toInstant(local, ZonedTimes.zone(fields.zoneName));
            } catch (DateTimeException e) {
                throw new MismatchException(e.getMessage());
            }
        }
        return local;
    }

    private static void readNumber(Fields fields, char specifier, long number, int digits) throws MismatchException {
        switch (specifier) {
            case 'Y' -> fields.year(number);
            case 'y' -> fields.year(number < 69 ? 2000 + number : 1900 + number);
            case 'm' -> {
                fields.month = inRange(number, 1, 12, "Month");
                fields.dateSource = DateSource.MONTH_DAY;
            }
            case 'd' -> {
                fields.day = inRange(number, 1, 31, "Day");
                fields.dateSource = DateSource.MONTH_DAY;
            }
            case 'j' -> fields.yearDay(number);
            case 'H' -> fields.hour = inRange(number, 0, 23, "Hour");
            case 'I' -> fields.hour = inRange(number, 1, 12, "Hour");
            case 'M' -> fields.minute = inRange(number, 0, 59, "Minute");
            case 'S' -> fields.second = inRange(number, 0, 59, "Second");
            case 'f' -> fields.micros = number * pow10(6 - digits);
            case 'g' -> fields.micros = number * pow10(3 - digits) * 1000;
            case 'n' -> fields.micros = number * pow10(9 - digits) / 1000;
            case 'w' -> {
                fields.weekday = inRange(number, 0, 6, "Weekday");
                fields.hasWeekday = true;
            }
            case 'u' -> {
                if (fields.isoWeekday >= 0) {
                    throw new MismatchException("Multiple ISO weekday offsets specified");
                }
                fields.isoWeekday = inRange(number, 1, 7, "ISO weekday");
            }
            case 'U' -> fields.week(number, DateSource.SUNDAY_WEEK);
            case 'W' -> fields.week(number, DateSource.MONDAY_WEEK);
            case 'V' -> fields.isoWeek(number);
            default -> fields.isoYear(number); // 'G'
        }
    }

    /** A character a time zone name may hold (letters, digits, {@code _ / + -}), as DuckDB reads %Z. */
    private static boolean isZoneCharacter(char character) {
        return Character.isLetterOrDigit(character)
                || character == '_'
                || character == '/'
                || character == '+'
                || character == '-';
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int index = 0; index < exponent; index++) {
            result *= 10;
        }
        return result;
    }

    private static long inRange(long number, long low, long high, String what) throws MismatchException {
        if (number < low || number > high) {
            throw new MismatchException(what + " out of range, expected a value between " + low + " and " + high);
        }
        return number;
    }

    private static int skipSpaces(String value, int position) {
        while (position < value.length() && Character.isWhitespace(value.charAt(position))) {
            position++;
        }
        return position;
    }

    /** Matches literal format text: a space there matches one or more spaces of the value. */
    private static int literal(String value, int position, String literal) throws MismatchException {
        for (int index = 0; index < literal.length(); index++) {
            char expected = literal.charAt(index);
            if (Character.isWhitespace(expected)) {
                if (position >= value.length() || !Character.isWhitespace(value.charAt(position))) {
                    throw new MismatchException("Space does not match at position " + (position + 1));
                }
                position = skipSpaces(value, position);
                index = skipSpaces(literal, index) - 1;
            } else if (position < value.length() && value.charAt(position) == expected) {
                position++;
            } else {
                throw new MismatchException(
                        "Literal does not match, expected " + expected + " at position " + (position + 1));
            }
        }
        return position;
    }

    /** The end of the (full or three-letter) name at {@code position}, matched without regard to case. */
    private static int name(String value, int position, String[] names, boolean abbreviated, String what)
            throws MismatchException {
        for (String name : names) {
            int length = abbreviated ? 3 : name.length();
            if (value.regionMatches(true, position, name, 0, length)) {
                return position + length;
            }
        }
        if (!abbreviated) {
            for (String name : names) {
                if (value.regionMatches(true, position, name, 0, 3)) {
                    return position + 3; // DuckDB reads a full-name specifier's abbreviation too
                }
            }
        }
        throw new MismatchException("Expected " + what + " at position " + (position + 1));
    }

    private static int monthIndex(String name) {
        for (int index = 0; index < MONTH_NAMES.length; index++) {
            if (MONTH_NAMES[index].regionMatches(true, 0, name, 0, 3)) {
                return index;
            }
        }
        throw new IllegalStateException("not a month: " + name);
    }

    /** {@code Z}, {@code ±HH}, {@code ±HHMM} or {@code ±HH:MM} at {@code position}: [seconds, end]. */
    private static int[] parseOffset(String value, int position) throws MismatchException {
        if (position < value.length() && (value.charAt(position) == 'Z' || value.charAt(position) == 'z')) {
            return new int[] {0, position + 1};
        }
        if (position >= value.length() || (value.charAt(position) != '+' && value.charAt(position) != '-')) {
            throw new MismatchException("Expected +HH[:MM] or Z at position " + (position + 1));
        }
        int sign = value.charAt(position) == '-' ? -1 : 1;
        int index = position + 1;
        int hours = twoDigits(value, index);
        index += 2;
        int minutes = 0;
        if (index < value.length() && value.charAt(index) == ':') {
            index++;
        }
        if (index + 1 < value.length() && isDigit(value.charAt(index)) && isDigit(value.charAt(index + 1))) {
            minutes = twoDigits(value, index);
            index += 2;
        }
        if (hours > 23 || minutes > 59) {
            throw new MismatchException("UTC offset out of range at position " + (position + 1));
        }
        return new int[] {sign * (hours * 3600 + minutes * 60), index};
    }

    private static int twoDigits(String value, int index) throws MismatchException {
        if (index + 1 >= value.length() || !isDigit(value.charAt(index)) || !isDigit(value.charAt(index + 1))) {
            throw new MismatchException("Expected two digits at position " + (index + 1));
        }
        return (value.charAt(index) - '0') * 10 + (value.charAt(index + 1) - '0');
    }

    private static boolean isDigit(char character) {
        return character >= '0' && character <= '9';
    }
}
