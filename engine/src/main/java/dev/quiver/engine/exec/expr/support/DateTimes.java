package dev.quiver.engine.exec.expr.support;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Locale;

/**
 * The proleptic Gregorian calendar on DATE (days since 1970-01-01) and TIMESTAMP (microseconds
 * since 1970-01-01 00:00:00) values, with DuckDB's text forms.
 *
 * <p>Years are astronomical (year 0 is 1 BC), as DuckDB's EXTRACT reports them; text shows them as
 * DuckDB does, {@code 0045-03-15 (BC)}. Day/civil conversion is Howard Hinnant's branch-free
 * {@code days_from_civil}/{@code civil_from_days}, so EXTRACT loops stay free of calls and tables.
 */
public final class DateTimes {
    public static final long MICROS_PER_SECOND = 1_000_000L;
    public static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    public static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    public static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    /** DuckDB's DATE range, in years. */
    public static final long MIN_YEAR = -5_877_641;

    public static final long MAX_YEAR = 5_881_580;

    /**
     * DuckDB's {@code 'infinity'} and {@code '-infinity'} DATE: the int32 extremes (the minimum is
     * the negated maximum), one day past either end of the DATE range. As raw values they sort after
     * and before every finite date, so comparisons, ORDER BY, min/max and DuckDB's own storage and
     * Parquet files need nothing of their own.
     */
    public static final long DATE_INFINITY = Integer.MAX_VALUE;

    public static final long DATE_NEGATIVE_INFINITY = -DATE_INFINITY;

    /** DuckDB's {@code 'infinity'} and {@code '-infinity'} TIMESTAMP(TZ): the int64 extremes, as for DATE. */
    public static final long TIMESTAMP_INFINITY = Long.MAX_VALUE;

    public static final long TIMESTAMP_NEGATIVE_INFINITY = -TIMESTAMP_INFINITY;

    private DateTimes() {}

    /** Whether a DATE (days) is neither {@code infinity} nor {@code -infinity}. */
    public static boolean isFiniteDate(long days) {
        return days != DATE_INFINITY && days != DATE_NEGATIVE_INFINITY;
    }

    /** Whether a TIMESTAMP or TIMESTAMPTZ (microseconds) is neither {@code infinity} nor {@code -infinity}. */
    public static boolean isFiniteTimestamp(long micros) {
        return micros != TIMESTAMP_INFINITY && micros != TIMESTAMP_NEGATIVE_INFINITY;
    }

    /** The infinity of {@code value}'s sign as a TIMESTAMP (microseconds) or, when not {@code timestamp}, a DATE. */
    public static long infinityOf(long value, boolean timestamp) {
        if (timestamp) {
            return value > 0 ? TIMESTAMP_INFINITY : TIMESTAMP_NEGATIVE_INFINITY;
        }
        return value > 0 ? DATE_INFINITY : DATE_NEGATIVE_INFINITY;
    }

    /**
     * The TIMESTAMP of a DATE: its midnight, an infinite DATE the infinity of the same sign.
     *
     * @throws QuiverException INVALID_CAST for a DATE beyond TIMESTAMP's range (years past about
     *     ±292,000), as DuckDB refuses it, rather than a wrapped-around instant
     */
    public static long timestampOf(long days) {
        if (!isFiniteDate(days)) {
            return infinityOf(days, true);
        }
        if (days > MAX_TIMESTAMP_DAYS || days < -MAX_TIMESTAMP_DAYS) {
            throw new QuiverException(
                    ErrorCode.INVALID_CAST, "DATE " + formatDate(days) + " is out of range for TIMESTAMP");
        }
        return days * MICROS_PER_DAY;
    }

    /** The most days from 1970 whose midnight a TIMESTAMP (microseconds in a long) holds. */
    private static final long MAX_TIMESTAMP_DAYS = Long.MAX_VALUE / MICROS_PER_DAY - 1;

    /** Days since 1970-01-01 of a valid year/month/day. */
    public static long daysFromCivil(long year, int month, int day) {
        long adjustedYear = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(adjustedYear, 400);
        long yearOfEra = adjustedYear - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }

    /** Days from 1970-01-01 to January 1st of 1970 + i, for the 400-year cycle (and one more year). */
    private static final int[] YEAR_STARTS = new int[402];
    /** Month (1..12) of day-of-year 0..365, in a common year and in a leap year. */
    private static final byte[] MONTH_OF_DAY = new byte[366];

    private static final byte[] LEAP_MONTH_OF_DAY = new byte[366];
    /** Days before the first of each month (index 1..12), common and leap years. */
    private static final int[] DAYS_BEFORE_MONTH = new int[13];

    private static final int[] LEAP_DAYS_BEFORE_MONTH = new int[13];
    private static final int DAYS_PER_400_YEARS = 146097;

    static {
        int total = 0;
        for (int offset = 0; offset < YEAR_STARTS.length; offset++) {
            YEAR_STARTS[offset] = total;
            total += isLeapYear(1970 + offset) ? 366 : 365;
        }
        int common = 0;
        int leap = 0;
        for (int month = 1; month <= 12; month++) {
            DAYS_BEFORE_MONTH[month] = common;
            LEAP_DAYS_BEFORE_MONTH[month] = leap;
            for (int day = 0; day < daysInMonth(1970, month); day++) {
                MONTH_OF_DAY[common + day] = (byte) month;
            }
            for (int day = 0; day < daysInMonth(1972, month); day++) {
                LEAP_MONTH_OF_DAY[leap + day] = (byte) month;
            }
            common += daysInMonth(1970, month);
            leap += daysInMonth(1972, month);
        }
        MONTH_OF_DAY[365] = 12;
    }

    /**
     * Packs the position of a DATE in the 400-year cycle that starts on 1970-01-01: the year
     * offset (0..399) in the high 32 bits and the day of that year (0..365) in the low 32, plus
     * the cycle's first year via {@link #cycleStartYear}. DuckDB's interpolation: {@code n / 365}
     * overshoots the year by at most one.
     */
    private static long yearAndDay(long days) {
        long inCycle = days;
        if (inCycle < 0 || inCycle >= DAYS_PER_400_YEARS) {
            inCycle = Math.floorMod(days, (long) DAYS_PER_400_YEARS);
        }
        int day = (int) inCycle;
        int offset = day / 365;
        if (day < YEAR_STARTS[offset]) {
            offset--;
        }
        return ((long) offset << 32) | (day - YEAR_STARTS[offset]);
    }

    private static long cycleStartYear(long days) {
        return days >= 0 && days < DAYS_PER_400_YEARS
                ? 1970
                : 1970 + Math.floorDiv(days, (long) DAYS_PER_400_YEARS) * 400;
    }

    /** The year (astronomical) of a DATE. */
    public static long year(long days) {
        return cycleStartYear(days) + (yearAndDay(days) >>> 32);
    }

    /** The month (1..12) of a DATE. */
    public static int month(long days) {
        long packed = yearAndDay(days);
        int offset = (int) (packed >>> 32);
        int dayOfYear = (int) packed;
        return (YEAR_STARTS[offset + 1] - YEAR_STARTS[offset] == 366 ? LEAP_MONTH_OF_DAY : MONTH_OF_DAY)[dayOfYear];
    }

    /** The day of the month (1..31) of a DATE. */
    public static int dayOfMonth(long days) {
        long packed = yearAndDay(days);
        int offset = (int) (packed >>> 32);
        int dayOfYear = (int) packed;
        boolean leap = YEAR_STARTS[offset + 1] - YEAR_STARTS[offset] == 366;
        int month = (leap ? LEAP_MONTH_OF_DAY : MONTH_OF_DAY)[dayOfYear];
        return dayOfYear - (leap ? LEAP_DAYS_BEFORE_MONTH : DAYS_BEFORE_MONTH)[month] + 1;
    }

    /** Day of the year, 1..366. */
    public static int dayOfYear(long days) {
        return (int) yearAndDay(days) + 1;
    }

    /** Year, month and day of a DATE in one call: {@code [year, month, day]}. */
    public static long[] civil(long days) {
        return new long[] {year(days), month(days), dayOfMonth(days)};
    }

    public static boolean isLeapYear(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    public static int daysInMonth(long year, int month) {
        return switch (month) {
            case 2 -> isLeapYear(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Day of the week, Sunday = 0 .. Saturday = 6 (1970-01-01 was a Thursday). */
    public static int dayOfWeek(long days) {
        return (int) Math.floorMod(days + 4, 7L);
    }

    /** ISO day of the week, Monday = 1 .. Sunday = 7. */
    public static int isoDayOfWeek(long days) {
        return (int) Math.floorMod(days + 3, 7L) + 1;
    }

    /** The ISO-8601 year the ISO week of {@code days} belongs to. */
    public static long isoYear(long days) {
        long thursday = days - isoDayOfWeek(days) + 4;
        return year(thursday);
    }

    /** ISO-8601 week number, 1..53: weeks start on Monday, week 1 holds the year's first Thursday. */
    public static int isoWeek(long days) {
        long thursday = days - isoDayOfWeek(days) + 4;
        return (int) ((thursday - daysFromCivil(year(thursday), 1, 1)) / 7 + 1);
    }

    /** {@code days} plus {@code months}, the day clamped to the end of a shorter month (Jan 31 + 1 month = Feb 28/29). */
    public static long addMonths(long days, long months) {
        long year = year(days);
        int month = month(days);
        int day = dayOfMonth(days);
        long monthIndex = year * 12 + (month - 1) + months;
        long newYear = Math.floorDiv(monthIndex, 12);
        int newMonth = Math.floorMod(monthIndex, 12) + 1;
        return daysFromCivil(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
    }

    /** The DATE of a TIMESTAMP (the day it falls in), an infinite TIMESTAMP the infinity of the same sign. */
    public static long dateOf(long micros) {
        return isFiniteTimestamp(micros) ? Math.floorDiv(micros, MICROS_PER_DAY) : infinityOf(micros, false);
    }

    // ---------------------------------------------------------------- text

    /** {@code 1992-01-05}, {@code 0045-03-15 (BC)}, {@code 10000-01-01}. */
    public static String formatDate(long days) {
        if (!isFiniteDate(days)) {
            return days > 0 ? "infinity" : "-infinity";
        }
        StringBuilder text = new StringBuilder(16);
        appendDate(text, days);
        if (year(days) <= 0) {
            text.append(" (BC)");
        }
        return text.toString();
    }

    /** {@code 1992-01-05 01:02:03}, with the fraction of a second only when non-zero and without trailing zeros. */
    public static String formatTimestamp(long micros) {
        if (!isFiniteTimestamp(micros)) {
            return micros > 0 ? "infinity" : "-infinity";
        }
        long days = dateOf(micros);
        long timeOfDay = micros - days * MICROS_PER_DAY;
        StringBuilder text = new StringBuilder(32);
        appendDate(text, days);
        if (year(days) <= 0) {
            text.append(" (BC)");
        }
        text.append(' ');
        appendTwoDigits(text, (int) (timeOfDay / MICROS_PER_HOUR));
        text.append(':');
        appendTwoDigits(text, (int) (timeOfDay / MICROS_PER_MINUTE % 60));
        text.append(':');
        appendTwoDigits(text, (int) (timeOfDay / MICROS_PER_SECOND % 60));
        int fraction = (int) (timeOfDay % MICROS_PER_SECOND);
        if (fraction != 0) {
            String digits = Integer.toString(fraction + 1_000_000).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(digits, 0, end);
        }
        return text.toString();
    }

    private static void appendDate(StringBuilder text, long days) {
        long year = year(days);
        long shownYear = year <= 0 ? 1 - year : year;
        String yearDigits = Long.toString(shownYear);
        for (int padding = yearDigits.length(); padding < 4; padding++) {
            text.append('0');
        }
        text.append(yearDigits).append('-');
        appendTwoDigits(text, month(days));
        text.append('-');
        appendTwoDigits(text, dayOfMonth(days));
    }

    private static void appendTwoDigits(StringBuilder text, int value) {
        text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** Thrown by the parsers; the caller turns it into an INVALID_CAST naming the text. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;
        public final boolean outOfRange;

        ParseException(boolean outOfRange) {
            super(null, null, false, false);
            this.outOfRange = outOfRange;
        }
    }

    private static final ParseException BAD_FORMAT = new ParseException(false);
    private static final ParseException OUT_OF_RANGE = new ParseException(true);

    /**
     * Parses a DATE as DuckDB's cast does: optional spaces, {@code [-]Y+ sep M[M] sep D[D]} with one
     * separator among {@code - / \} and space, an optional {@code  (BC)}, optional spaces. A valid
     * time after the date is accepted and ignored, as in DuckDB.
     */
    public static long parseDate(CharSequence text) throws ParseException {
        long special = special(text);
        if (special != NOT_SPECIAL) {
            return special == 0 ? 0 : special > 0 ? DATE_INFINITY : DATE_NEGATIVE_INFINITY;
        }
        int[] position = {0};
        long days = parseDatePart(text, position);
        int end = skipSpaces(text, position[0]);
        if (end != text.length()) {
            // what follows must be a valid time, which is then ignored (even 24:00:00)
            parseTimestamp(text);
        }
        return days;
    }

    /**
     * Parses a TIMESTAMP as DuckDB's cast does: a date as in {@link #parseDate}, then optionally
     * {@code T} or spaces and {@code H[H]:M[M][:S[S][.fraction]]} (digits past microseconds are
     * dropped; 24:00:00 is the next midnight), then optionally {@code Z}, an offset or a zone name,
     * which DuckDB's TIMESTAMP (without time zone) ignores.
     */
    public static long parseTimestamp(CharSequence text) throws ParseException {
        long special = special(text);
        if (special != NOT_SPECIAL) {
            return special == 0 ? 0 : special > 0 ? TIMESTAMP_INFINITY : TIMESTAMP_NEGATIVE_INFINITY;
        }
        int[] position = {0};
        long days = parseDatePart(text, position);
        int pos = position[0];
        int length = text.length();
        if (pos == length) {
            return finiteMicros(days, 0);
        }
        // as in DuckDB, a date alone may not be followed by spaces: what follows the date is a time
        if (text.charAt(pos) == 'T') {
            pos++;
        } else if (text.charAt(pos) == ' ') {
            pos = skipSpaces(text, pos);
        } else {
            throw BAD_FORMAT;
        }
        int hourStart = pos;
        pos = digits(text, pos, 2);
        if (pos == hourStart || pos >= length || text.charAt(pos) != ':') {
            throw BAD_FORMAT;
        }
        int hour = Integer.parseInt(text, hourStart, pos, 10);
        int minuteStart = ++pos;
        pos = digits(text, pos, 2);
        if (pos == minuteStart) {
            throw BAD_FORMAT;
        }
        int minute = Integer.parseInt(text, minuteStart, pos, 10);
        int second = 0;
        long fraction = 0;
        if (pos < length && text.charAt(pos) == ':') {
            int secondStart = ++pos;
            pos = digits(text, pos, 2);
            if (pos == secondStart) {
                throw BAD_FORMAT;
            }
            second = Integer.parseInt(text, secondStart, pos, 10);
            if (pos < length && text.charAt(pos) == '.') {
                pos++;
                int fractionStart = pos;
                long scale = 100_000;
                while (pos < length && isDigit(text.charAt(pos))) {
                    fraction += (text.charAt(pos) - '0') * scale;
                    scale /= 10;
                    pos++;
                }
                if (pos == fractionStart) {
                    throw BAD_FORMAT;
                }
            }
        }
        if (minute > 59 || second > 59 || hour > 24 || (hour == 24 && (minute != 0 || second != 0 || fraction != 0))) {
            throw second > 59 ? BAD_FORMAT : OUT_OF_RANGE;
        }
        pos = skipZone(text, pos);
        if (skipSpaces(text, pos) != length) {
            throw BAD_FORMAT;
        }
        return finiteMicros(
                days, hour * MICROS_PER_HOUR + minute * MICROS_PER_MINUTE + second * MICROS_PER_SECOND + fraction);
    }

    /**
     * Microseconds since 1970 of a day and a time of day; OUT_OF_RANGE past 64 bits or on the values
     * that stand for the infinities ('294247-01-10 04:00:54.775807' is no timestamp, as in DuckDB).
     */
    private static long finiteMicros(long days, long timeOfDay) throws ParseException {
        try {
            long micros = Math.addExact(Math.multiplyExact(days, MICROS_PER_DAY), timeOfDay);
            if (micros == TIMESTAMP_INFINITY || micros == TIMESTAMP_NEGATIVE_INFINITY) {
                throw OUT_OF_RANGE;
            }
            return micros;
        } catch (ArithmeticException e) {
            throw OUT_OF_RANGE;
        }
    }

    private static final long NOT_SPECIAL = Long.MIN_VALUE;

    /** Whether the text is one of DuckDB's special DATE/TIMESTAMP words: {@code infinity}, {@code -infinity}, {@code epoch}. */
    public static boolean isSpecialWord(CharSequence text) {
        return special(text) != NOT_SPECIAL;
    }

    /**
     * DuckDB's special words, in any case and between spaces: {@code infinity} (1), {@code -infinity}
     * (-1) and {@code epoch} (0, 1970-01-01 at midnight); {@link #NOT_SPECIAL} for any other text.
     */
    private static long special(CharSequence text) {
        int start = skipSpaces(text, 0);
        int end = text.length();
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        if (end - start < 5 || isDigit(text.charAt(end - 1))) {
            return NOT_SPECIAL; // the common case, a date, leaves at once
        }
        String word = text.subSequence(start, end).toString().toLowerCase(Locale.ROOT);
        return switch (word) {
            case "infinity" -> 1;
            case "-infinity" -> -1;
            case "epoch" -> 0;
            default -> NOT_SPECIAL;
        };
    }

    private static long parseDatePart(CharSequence text, int[] position) throws ParseException {
        int length = text.length();
        int pos = skipSpaces(text, 0);
        boolean negative = false;
        if (pos < length && text.charAt(pos) == '-') {
            negative = true;
            pos++;
        }
        int yearStart = pos;
        long year = 0;
        while (pos < length && isDigit(text.charAt(pos))) {
            if (year >= 100_000_000) {
                throw OUT_OF_RANGE;
            }
            year = year * 10 + (text.charAt(pos) - '0');
            pos++;
        }
        if (pos == yearStart || pos >= length) {
            throw BAD_FORMAT;
        }
        if (negative) {
            year = -year;
        }
        char separator = text.charAt(pos++);
        if (separator != '-' && separator != '/' && separator != '\\' && separator != ' ') {
            throw BAD_FORMAT;
        }
        int monthStart = pos;
        pos = digits(text, pos, 2);
        if (pos == monthStart || pos >= length || text.charAt(pos) != separator) {
            throw BAD_FORMAT;
        }
        int month = Integer.parseInt(text, monthStart, pos, 10);
        int dayStart = ++pos;
        pos = digits(text, pos, 2);
        if (pos == dayStart) {
            throw BAD_FORMAT;
        }
        int day = Integer.parseInt(text, dayStart, pos, 10);
        if (pos < length && isDigit(text.charAt(pos))) {
            throw BAD_FORMAT;
        }
        if (length - pos >= 5
                && text.charAt(pos) == ' '
                && text.charAt(pos + 1) == '('
                && Character.toLowerCase(text.charAt(pos + 2)) == 'b'
                && Character.toLowerCase(text.charAt(pos + 3)) == 'c'
                && text.charAt(pos + 4) == ')') {
            if (negative || year == 0) {
                throw BAD_FORMAT;
            }
            year = 1 - year;
            pos += 5;
        }
        if (month < 1
                || month > 12
                || day < 1
                || day > daysInMonth(year, month)
                || year < MIN_YEAR
                || year > MAX_YEAR) {
            throw OUT_OF_RANGE;
        }
        position[0] = pos;
        return daysFromCivil(year, month, day);
    }

    private static int skipZone(CharSequence text, int start) {
        int length = text.length();
        int pos = skipSpaces(text, start);
        if (pos >= length) {
            return pos;
        }
        char first = text.charAt(pos);
        if (first == '+' || first == '-') {
            pos++;
            while (pos < length && (isDigit(text.charAt(pos)) || text.charAt(pos) == ':')) {
                pos++;
            }
            return pos;
        }
        while (pos < length
                && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '/' || text.charAt(pos) == '_')) {
            pos++;
        }
        return pos;
    }

    private static int digits(CharSequence text, int start, int maximum) {
        int pos = start;
        while (pos < text.length() && pos - start < maximum && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static boolean isDigit(char character) {
        return character >= '0' && character <= '9';
    }

    private static int skipSpaces(CharSequence text, int start) {
        int pos = start;
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /** DuckDB's {@code CharacterIsSpace}: space, tab, newline, vertical tab, form feed, carriage return. */
    public static boolean isSpace(char character) {
        return character == ' ' || (character >= '\t' && character <= '\r');
    }
}
