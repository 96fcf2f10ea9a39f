package dev.quiver.engine.exec.vector;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Locale;
import org.apache.arrow.memory.ArrowBuf;

/**
 * One INTERVAL value as DuckDB holds it: months, days and microseconds, each with its own sign.
 *
 * <p>Vectors store it as Arrow's MONTH_DAY_NANO (int32 months, int32 days, int64 nanoseconds, 16
 * bytes per value); Quiver keeps whole microseconds in the nanosecond field, as DuckDB does.
 * Comparison and hashing use DuckDB's normalised form, where 30 days are a month and 24 hours a day:
 * {@code INTERVAL '30 days' = INTERVAL '1 month'}. {@link #toString()} is DuckDB's text.
 */
public record Interval(int months, int days, long micros) implements Comparable<Interval> {
    /** Bytes per value in a MONTH_DAY_NANO vector's data buffer. */
    public static final int WIDTH = 16;

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
    private static final long DAYS_PER_MONTH = 30;
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long NANOS_PER_MICRO = 1_000;

    /** The value in row {@code row} of a MONTH_DAY_NANO data buffer. */
    public static Interval read(ArrowBuf data, int row) {
        long offset = (long) row * WIDTH;
        return new Interval(data.getInt(offset), data.getInt(offset + 4), data.getLong(offset + 8) / NANOS_PER_MICRO);
    }

    /**
     * Writes this value into row {@code row} of a MONTH_DAY_NANO data buffer; NUMERIC_OVERFLOW when
     * its time part exceeds what 64 bits of nanoseconds hold (about 106,751 days; DuckDB's
     * microseconds reach 1000 times further).
     */
    public void write(ArrowBuf data, int row) {
        if (micros > Long.MAX_VALUE / NANOS_PER_MICRO || micros < Long.MIN_VALUE / NANOS_PER_MICRO) {
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW,
                    "interval " + this + " is out of range: its time part must stay within ±"
                            + Long.MAX_VALUE / NANOS_PER_MICRO / MICROS_PER_DAY + " days (write larger spans in days)");
        }
        long offset = (long) row * WIDTH;
        data.setInt(offset, months);
        data.setInt(offset + 4, days);
        data.setLong(offset + 8, micros * NANOS_PER_MICRO);
    }

    /** The interval of {@code micros} microseconds, carried into days (not months) as DuckDB's {@code to_microseconds}. */
    public static Interval ofMicros(long micros) {
        return new Interval(0, 0, micros);
    }

    /**
     * The normalised months: whole months of the value, its days and microseconds carried (30 days a
     * month, 24 hours a day) rounding down, as DuckDB 2.0 compares intervals: with the days in
     * {@code [0, 30)} and the microseconds in {@code [0, 24 h)}, the three normalised parts order as
     * the whole length does ({@code INTERVAL '1 month -1 day' = INTERVAL '29 days'}).
     */
    public long normalizedMonths() {
        return months + Math.floorDiv(carriedDays(), DAYS_PER_MONTH);
    }

    /** The normalised days below a month, in {@code [0, 30)}. */
    public long normalizedDays() {
        return Math.floorMod(carriedDays(), DAYS_PER_MONTH);
    }

    /** The normalised microseconds below a day, in {@code [0, 24 h)}. */
    public long normalizedMicros() {
        return Math.floorMod(micros, MICROS_PER_DAY);
    }

    private long carriedDays() {
        return days + Math.floorDiv(micros, MICROS_PER_DAY);
    }

    /**
     * The one value of this length that keys (GROUP BY, DISTINCT, joins) store: normalised as
     * {@link #normalizedMonths} with every part taking the sign of the whole, so equal intervals get
     * equal keys and a group reads naturally ({@code -3 days} stays {@code -3 days}, {@code 1 month
     * -1 day} is {@code 29 days}, {@code 48 hours} is {@code 2 days}). Null when the months leave INTEGER.
     */
    public Interval keyForm() {
        boolean negative = normalizedMonths() < 0; // the days and time below a month are never negative
        long sign = negative ? -1 : 1;
        long signedMicros = sign * micros;
        long carried = sign * (long) days + Math.floorDiv(signedMicros, MICROS_PER_DAY);
        long wholeMonths = sign * (long) months + Math.floorDiv(carried, DAYS_PER_MONTH);
        if (wholeMonths != (int) wholeMonths) {
            return null;
        }
        return new Interval(
                (int) (sign * wholeMonths),
                (int) (sign * Math.floorMod(carried, DAYS_PER_MONTH)),
                sign * Math.floorMod(signedMicros, MICROS_PER_DAY));
    }

    /** Whether two values are equal as DuckDB compares intervals (normalised). */
    public boolean sameAs(Interval other) {
        return compareTo(other) == 0;
    }

    @Override
    public int compareTo(Interval other) {
        int months = Long.compare(normalizedMonths(), other.normalizedMonths());
        if (months != 0) {
            return months;
        }
        int days = Long.compare(normalizedDays(), other.normalizedDays());
        return days != 0 ? days : Long.compare(normalizedMicros(), other.normalizedMicros());
    }

    /** This interval times {@code factor}, each part multiplied; overflow is NUMERIC_OVERFLOW. */
    public Interval times(long factor) {
        try {
            return new Interval(
                    Math.toIntExact(Math.multiplyExact(months, factor)),
                    Math.toIntExact(Math.multiplyExact(days, factor)),
                    Math.multiplyExact(micros, factor));
        } catch (ArithmeticException e) {
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW, "interval " + this + " * " + factor + " is out of range");
        }
    }

    /**
     * This interval times a fractional {@code factor}, as DuckDB (after PostgreSQL) scales one: each
     * part is multiplied and truncated, and the fractions cascade down — a month's fraction into days
     * of 30, a day's into seconds (rounded to the microsecond) — never up. NaN or a part out of range
     * is NUMERIC_OVERFLOW.
     */
    public Interval times(double factor) {
        double monthProduct = months * factor;
        double dayProduct = days * factor;
        if (!fitsInt(monthProduct) || !fitsInt(dayProduct)) {
            throw overflow(factor);
        }
        int wholeMonths = (int) monthProduct;
        int wholeDays = (int) dayProduct;
        double daysFromMonths = roundToMicros((monthProduct - wholeMonths) * DAYS_PER_MONTH);
        int wholeDaysFromMonths = (int) daysFromMonths;
        double seconds =
                roundToMicros((dayProduct - wholeDays + daysFromMonths - wholeDaysFromMonths) * SECONDS_PER_DAY);
        long carriedDays = (long) (seconds / SECONDS_PER_DAY); // rounding may reach a whole day
        seconds -= carriedDays * SECONDS_PER_DAY;
        double microsProduct = Math.rint(micros * factor + seconds * 1_000_000);
        if (Double.isNaN(microsProduct) || Math.abs(microsProduct) >= 0x1p63) {
            throw overflow(factor);
        }
        long resultDays = (long) wholeDays + carriedDays + wholeDaysFromMonths;
        if (resultDays != (int) resultDays) {
            throw overflow(factor);
        }
        return new Interval(wholeMonths, (int) resultDays, (long) microsProduct);
    }

    private static boolean fitsInt(double value) {
        return !Double.isNaN(value) && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
    }

    private static double roundToMicros(double seconds) {
        return Math.rint(seconds * 1_000_000) / 1_000_000;
    }

    private QuiverException overflow(double factor) {
        return new QuiverException(
                ErrorCode.NUMERIC_OVERFLOW, "interval " + this + " * " + factor + " is out of range");
    }

    /**
     * This interval with its time carried into days and its days into 30-day months, rounding down
     * (DuckDB's {@code normalized_interval}): the time ends up in {@code [0, 24 h)}, the days in
     * {@code [0, 30)}, and only the months keep a sign ({@code 1000 hours} is {@code 1 month 11 days
     * 16:00:00}, {@code -1000 hours} is {@code -2 months 18 days 08:00:00}).
     */
    public Interval normalized() {
        long carriedDays = Math.floorDiv(micros, MICROS_PER_DAY);
        long allDays = days + carriedDays;
        long carriedMonths = Math.floorDiv(allDays, DAYS_PER_MONTH);
        long allMonths = months + carriedMonths;
        if (allMonths != (int) allMonths) {
            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "interval " + this + " cannot be normalized");
        }
        return new Interval(
                (int) allMonths,
                (int) (allDays - carriedMonths * DAYS_PER_MONTH),
                micros - carriedDays * MICROS_PER_DAY);
    }

    /** The sum of two intervals, part by part; overflow is NUMERIC_OVERFLOW. */
    public Interval plus(Interval other) {
        try {
            return new Interval(
                    Math.addExact(months, other.months),
                    Math.addExact(days, other.days),
                    Math.addExact(micros, other.micros));
        } catch (ArithmeticException e) {
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW, "interval " + this + " + " + other + " is out of range");
        }
    }

    /** The interval with every part negated. */
    public Interval negate() {
        return times(-1);
    }

    /** DuckDB's text: {@code 1 year 2 months 3 days 04:05:06.5}, {@code 00:00:00} for zero. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        int years = months / 12;
        int monthsLeft = months % 12;
        unit(text, years, "year");
        unit(text, monthsLeft, "month");
        unit(text, days, "day");
        if (micros != 0) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            long magnitude = micros;
            if (magnitude < 0) {
                text.append('-');
                magnitude = -magnitude;
            }
            long hours = magnitude / MICROS_PER_HOUR;
            long minutes = magnitude / MICROS_PER_MINUTE % 60;
            long seconds = magnitude / MICROS_PER_SECOND % 60;
            long fraction = magnitude % MICROS_PER_SECOND;
            text.append(String.format(Locale.ROOT, "%02d:%02d:%02d", hours, minutes, seconds));
            if (fraction != 0) {
                text.append('.')
                        .append(String.format(Locale.ROOT, "%06d", fraction).replaceAll("0+$", ""));
            }
        } else if (text.isEmpty()) {
            text.append("00:00:00");
        }
        return text.toString();
    }

    private static void unit(StringBuilder text, int count, String unit) {
        if (count == 0) {
            return;
        }
        if (!text.isEmpty()) {
            text.append(' ');
        }
        text.append(count).append(' ').append(unit);
        if (count != 1 && count != -1) {
            text.append('s');
        }
    }

    /**
     * DuckDB's interval text: numbers with units ({@code 1 year 2 mons 3 days}, {@code 1.5 seconds},
     * {@code -2 hours}), an optional {@code hh:mm[:ss[.ffffff]]} part and a trailing {@code ago}.
     * Anything else is INVALID_CAST naming the text.
     */
    public static Interval parse(String text) {
        String[] words = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        long months = 0;
        long days = 0;
        long micros = 0;
        boolean ago = false;
        boolean any = false;
        try {
            for (int index = 0; index < words.length; index++) {
                String word = words[index];
                if (word.isEmpty()) {
                    continue;
                }
                if (word.equals("ago") && index == words.length - 1 && any) {
                    ago = true;
                    continue;
                }
                if (word.indexOf(':') >= 0) {
                    micros = Math.addExact(micros, clock(word, text));
                    any = true;
                    continue;
                }
                String number = word;
                String unit;
                int split = firstLetter(word);
                if (split > 0) {
                    number = word.substring(0, split);
                    unit = word.substring(split);
                } else if (index + 1 < words.length) {
                    unit = words[++index];
                } else {
                    throw invalid(text);
                }
                double amount = Double.parseDouble(number.startsWith("+") ? number.substring(1) : number);
                if (number.indexOf('.') < 0 && number.indexOf('e') < 0) {
                    long whole = Long.parseLong(number.startsWith("+") ? number.substring(1) : number);
                    switch (unitOf(unit, text)) {
                        case 'Y' -> months = Math.addExact(months, Math.multiplyExact(whole, 12));
                        case 'M' -> months = Math.addExact(months, whole);
                        case 'd' -> days = Math.addExact(days, whole);
                        case 'w' -> days = Math.addExact(days, Math.multiplyExact(whole, 7));
                        case 'D' -> months = Math.addExact(months, Math.multiplyExact(whole, 120));
                        case 'C' -> months = Math.addExact(months, Math.multiplyExact(whole, 1200));
                        case 'L' -> months = Math.addExact(months, Math.multiplyExact(whole, 12000));
                        default ->
                            micros = Math.addExact(micros, Math.multiplyExact(whole, microsOf(unitOf(unit, text))));
                    }
                } else {
                    char kind = unitOf(unit, text);
                    switch (kind) {
                        case 'Y', 'M', 'D', 'C', 'L' -> {
                            // DuckDB: fractional months become whole months plus days of 30
                            double inMonths = amount
                                    * switch (kind) {
                                        case 'Y' -> 12;
                                        case 'D' -> 120;
                                        case 'C' -> 1200;
                                        case 'L' -> 12000;
                                        default -> 1;
                                    };
                            long whole = (long) inMonths;
                            months = Math.addExact(months, whole);
                            double restDays = (inMonths - whole) * DAYS_PER_MONTH;
                            long wholeDays = (long) restDays;
                            days = Math.addExact(days, wholeDays);
                            micros = Math.addExact(micros, Math.round((restDays - wholeDays) * MICROS_PER_DAY));
                        }
                        case 'd', 'w' -> {
                            double inDays = amount * (kind == 'w' ? 7 : 1);
                            long whole = (long) inDays;
                            days = Math.addExact(days, whole);
                            micros = Math.addExact(micros, Math.round((inDays - whole) * MICROS_PER_DAY));
                        }
                        default -> micros = Math.addExact(micros, Math.round(amount * microsOf(kind)));
                    }
                }
                any = true;
            }
            if (!any) {
                throw invalid(text);
            }
            Interval value = new Interval(Math.toIntExact(months), Math.toIntExact(days), micros);
            return ago ? value.negate() : value;
        } catch (NumberFormatException e) {
            throw invalid(text);
        } catch (ArithmeticException e) {
            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "interval '" + text + "' is out of range");
        }
    }

    private static int firstLetter(String word) {
        for (int index = 0; index < word.length(); index++) {
            if (Character.isLetter(word.charAt(index)) && word.charAt(index) != 'e') {
                return index;
            }
        }
        return -1;
    }

    /** The unit of a word: Y years, M months, w weeks, d days, h, m minutes ('n'), s, u ms ('l'), D decades, C centuries, L millennia. */
    private static char unitOf(String unit, String text) {
        return switch (unit) {
            case "y", "yr", "yrs", "year", "years" -> 'Y';
            case "mon", "mons", "month", "months" -> 'M';
            case "w", "week", "weeks" -> 'w';
            case "d", "day", "days" -> 'd';
            case "h", "hr", "hrs", "hour", "hours" -> 'h';
            case "m", "min", "mins", "minute", "minutes" -> 'n';
            case "s", "sec", "secs", "second", "seconds" -> 's';
            case "ms", "msec", "msecs", "millisecond", "milliseconds" -> 'l';
            case "us", "usec", "usecs", "microsecond", "microseconds" -> 'u';
            case "decade", "decades" -> 'D';
            case "century", "centuries" -> 'C';
            case "millennium", "millennia", "millenniums" -> 'L';
            default -> throw invalid(text);
        };
    }

    private static long microsOf(char unit) {
        return switch (unit) {
            case 'h' -> MICROS_PER_HOUR;
            case 'n' -> MICROS_PER_MINUTE;
            case 's' -> MICROS_PER_SECOND;
            case 'l' -> 1_000;
            default -> 1;
        };
    }

    /** {@code [-]hh:mm[:ss[.ffffff]]} in microseconds. */
    private static long clock(String word, String text) {
        boolean negative = word.startsWith("-");
        String[] parts = (negative || word.startsWith("+") ? word.substring(1) : word).split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw invalid(text);
        }
        long hours = Long.parseLong(parts[0]);
        long minutes = Long.parseLong(parts[1]);
        long micros = 0;
        if (parts.length == 3) {
            String[] seconds = parts[2].split("\\.", -1);
            if (seconds.length > 2 || seconds[0].isEmpty()) {
                throw invalid(text);
            }
            micros = Long.parseLong(seconds[0]) * MICROS_PER_SECOND;
            if (seconds.length == 2) {
                String digits = (seconds[1] + "000000").substring(0, 6);
                micros += Long.parseLong(digits);
            }
        }
        if (minutes >= 60 || micros >= 60 * MICROS_PER_SECOND || parts[0].isEmpty()) {
            throw invalid(text);
        }
        long total = Math.addExact(Math.multiplyExact(hours, MICROS_PER_HOUR), minutes * MICROS_PER_MINUTE + micros);
        return negative ? -total : total;
    }

    private static QuiverException invalid(String text) {
        return new QuiverException(ErrorCode.INVALID_CAST, "Could not convert string '" + text + "' to INTERVAL");
    }
}
