package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code EXTRACT(field FROM date_or_timestamp)} with DuckDB's definitions: astronomical years
 * (1 BC is year 0), Sunday = 0 for DOW, ISO weeks for WEEK, MILLISECOND and MICROSECOND counting
 * from the start of the minute (seconds included), the time fields of a DATE are 0, and every field
 * of {@code infinity} or {@code -infinity} is NULL.
 */
public final class ExtractExpr extends FunctionExpr {
    /** The fields EXTRACT knows. */
    public enum Unit {
        YEAR,
        QUARTER,
        MONTH,
        WEEK,
        DAY,
        DOW,
        ISODOW,
        DOY,
        ISOYEAR,
        DECADE,
        CENTURY,
        MILLENNIUM,
        EPOCH,
        HOUR,
        MINUTE,
        SECOND,
        MILLISECOND,
        MICROSECOND,
        NANOSECOND,
        /** The Julian day number, with the time of day as a fraction (DOUBLE). */
        JULIAN,
        /** 1 for years AD, 0 for BC. */
        ERA,
        /** The ISO year times 100 plus (for years BC: minus) the ISO week. */
        YEARWEEK,
        /** The UTC offset in seconds: the session zone's for a TIMESTAMPTZ, else 0. */
        TIMEZONE,
        /** The hours of {@link #TIMEZONE}. */
        TIMEZONE_HOUR,
        /** The minutes of {@link #TIMEZONE} after its hours. */
        TIMEZONE_MINUTE;

        /** Whether the unit reads the instant itself rather than the wall clock (a TIMESTAMPTZ is not converted). */
        public boolean readsInstant() {
            return this == EPOCH || this == TIMEZONE || this == TIMEZONE_HOUR || this == TIMEZONE_MINUTE;
        }

        /** Whether DuckDB takes the unit from a TIME. */
        public boolean ofTime() {
            return switch (this) {
                case EPOCH, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, NANOSECOND -> true;
                case TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE -> true;
                default -> false;
            };
        }

        /** Whether the result is a DOUBLE. */
        public boolean isFractional() {
            return this == EPOCH || this == JULIAN;
        }
    }

    private final Unit unit;
    private final Expr operand;
    private final boolean timestamp;
    private final ZoneId zone;

    public ExtractExpr(Unit unit, Expr operand, Field field) {
        this(unit, operand, field, null);
    }

    /**
     * @param zone the session's zone when {@code operand} is a TIMESTAMPTZ and {@code unit}
     *     {@linkplain Unit#readsInstant reads the instant} (the TIMEZONE units need it), else null
     */
    public ExtractExpr(Unit unit, Expr operand, Field field, ZoneId zone) {
        super("EXTRACT", List.of(operand), field, false);
        ValueKind kind = ValueKind.of(operand.field().getType());
        boolean instant = kind == ValueKind.TIMESTAMP_TZ && unit.readsInstant();
        if (kind != ValueKind.DATE
                && kind != ValueKind.TIMESTAMP
                && kind != ValueKind.TIME
                && kind != ValueKind.NULL
                && !instant) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "EXTRACT(" + unit + " FROM ...) needs a DATE, TIME or " + "TIMESTAMP, got "
                            + KernelVectors.sqlName(operand.field()));
        }
        if (kind == ValueKind.TIME && !unit.ofTime()) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "\"time\" units \"" + unit.name().toLowerCase(Locale.ROOT) + "\" not recognized");
        }
        ValueKind resultKind = ValueKind.of(field.getType());
        if (!resultKind.isInteger() && resultKind != ValueKind.DOUBLE) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "EXTRACT returns an integer or DOUBLE, not " + KernelVectors.sqlName(field));
        }
        if (kind == ValueKind.DATE
                && (unit == Unit.TIMEZONE || unit == Unit.TIMEZONE_HOUR || unit == Unit.TIMEZONE_MINUTE)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "\"date\" units \"" + unit.name().toLowerCase(Locale.ROOT) + "\" not recognized");
        }
        this.unit = unit;
        this.operand = operand;
        // a TIME is read as a TIMESTAMP on day 0: its microseconds are the time of day
        this.timestamp = kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMP_TZ || kind == ValueKind.TIME;
        this.zone = zone;
    }

    @Override
    public String describe() {
        return "EXTRACT(" + unit + " FROM " + operand.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            if (ValueKind.of(values.getField().getType()) == ValueKind.NULL) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                KernelVectors.setValidity(result, Bits.validity(values, rowCount), rowCount);
                boolean toDouble = ValueKind.of(field().getType()) == ValueKind.DOUBLE;
                ValueKind resultKind = ValueKind.of(field().getType());
                Bits valid = Bits.of(result.getValidityBuffer(), rowCount);
                long[] raw = new long[Numbers.CHUNK];
                long[] days = timestamp ? new long[Numbers.CHUNK] : raw;
                long[] timeOfDay = new long[Numbers.CHUNK];
                long[] numbers = new long[Numbers.CHUNK];
                double[] doubles = toDouble ? new double[Numbers.CHUNK] : null;
                for (int from = 0; from < rowCount; from += Numbers.CHUNK) {
                    int count = Math.min(Numbers.CHUNK, rowCount - from);
                    Numbers.readLongs(values, from, count, raw);
                    nullInfinities(raw, from, count, result);
                    if (timestamp) {
                        for (int index = 0; index < count; index++) {
                            long day = Math.floorDiv(raw[index], DateTimes.MICROS_PER_DAY);
                            days[index] = day;
                            timeOfDay[index] = raw[index] - day * DateTimes.MICROS_PER_DAY;
                        }
                    }
                    if (toDouble) {
                        for (int index = 0; index < count; index++) {
                            doubles[index] = switch (unit) {
                                case EPOCH -> timestamp ? raw[index] / 1e6 : raw[index] * 86400.0;
                                case JULIAN ->
                                    days[index]
                                            + JULIAN_DAY_OF_EPOCH
                                            + timeOfDay[index] / (double) DateTimes.MICROS_PER_DAY;
                                default -> part(unit, days[index], timeOfDay[index], raw[index], zone);
                            };
                        }
                        Numbers.writeDoubles(doubles, result, from, count);
                        continue;
                    }
                    extract(days, timeOfDay, raw, numbers, count);
                    int bad = Numbers.firstOutOfRange(numbers, resultKind, valid, from, count);
                    if (bad >= 0) {
                        throw new QuiverException(
                                ErrorCode.NUMERIC_OVERFLOW,
                                "EXTRACT(" + unit + ") = " + numbers[bad - from] + " does not fit "
                                        + KernelVectors.sqlName(field()));
                    }
                    Numbers.writeLongs(numbers, result, from, count);
                }
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    /** As DuckDB, a part of {@code infinity} or {@code -infinity} is NULL; the raw value becomes 0 so no unit overflows. */
    private void nullInfinities(long[] raw, int from, int count, FieldVector result) {
        for (int index = 0; index < count; index++) {
            boolean finite = timestamp ? DateTimes.isFiniteTimestamp(raw[index]) : DateTimes.isFiniteDate(raw[index]);
            if (!finite) {
                Bits.clear(result.getValidityBuffer(), from + index);
                raw[index] = 0;
            }
        }
    }

    private static long offsetSeconds(long instant, ZoneId zone) {
        return zone == null ? 0 : ZonedTimes.offsetSeconds(instant, zone);
    }

    /**
     * One unit of one value as date_part with a unit that varies by row answers it (a DOUBLE): a
     * TIMESTAMP's or TIMESTAMPTZ's microseconds ({@code zone} given for a TIMESTAMPTZ, whose
     * wall clock there the calendar units read); null for an infinity.
     */
    public static Double fractionalPart(Unit unit, long micros, ZoneId zone) {
        if (!DateTimes.isFiniteTimestamp(micros)) {
            return null;
        }
        long local = unit.readsInstant() || zone == null ? micros : ZonedTimes.toLocal(micros, zone);
        long days = Math.floorDiv(local, DateTimes.MICROS_PER_DAY);
        long timeOfDay = local - days * DateTimes.MICROS_PER_DAY;
        return switch (unit) {
            case EPOCH -> micros / 1e6;
            case JULIAN -> days + JULIAN_DAY_OF_EPOCH + timeOfDay / (double) DateTimes.MICROS_PER_DAY;
            default -> (double) part(unit, days, timeOfDay, micros, zone);
        };
    }

    /** One loop per unit, so the unit is never tested per row. */
    private void extract(long[] days, long[] timeOfDay, long[] raw, long[] out, int rowCount) {
        switch (unit) {
            case YEAR -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = DateTimes.year(days[row]);
                }
            }
            case QUARTER -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = (DateTimes.month(days[row]) - 1) / 3 + 1;
                }
            }
            case MONTH -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = DateTimes.month(days[row]);
                }
            }
            case WEEK -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = DateTimes.isoWeek(days[row]);
                }
            }
            case DAY -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = DateTimes.dayOfMonth(days[row]);
                }
            }
            case DOW -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = DateTimes.dayOfWeek(days[row]);
                }
            }
            case ISODOW -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = DateTimes.isoDayOfWeek(days[row]);
                }
            }
            case DOY -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = DateTimes.dayOfYear(days[row]);
                }
            }
            case ISOYEAR -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = DateTimes.isoYear(days[row]);
                }
            }
            case EPOCH -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = timestamp ? Math.floorDiv(raw[row], DateTimes.MICROS_PER_SECOND) : raw[row] * 86400;
                }
            }
            case HOUR -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = timeOfDay[row] / DateTimes.MICROS_PER_HOUR;
                }
            }
            case MINUTE -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = timeOfDay[row] / DateTimes.MICROS_PER_MINUTE % 60;
                }
            }
            case SECOND -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = timeOfDay[row] / DateTimes.MICROS_PER_SECOND % 60;
                }
            }
            case MILLISECOND -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = timeOfDay[row] % DateTimes.MICROS_PER_MINUTE / 1000;
                }
            }
            case MICROSECOND -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = timeOfDay[row] % DateTimes.MICROS_PER_MINUTE;
                }
            }
            case NANOSECOND -> {
                for (int row = 0; row < rowCount; row++) {
                    out[row] = timeOfDay[row] % DateTimes.MICROS_PER_MINUTE * 1000;
                }
            }
            default -> {
                // DECADE, CENTURY, MILLENNIUM: rare, and one year computation dominates the switch
                for (int row = 0; row < rowCount; row++) {
                    out[row] = part(unit, days[row], timeOfDay[row], raw[row], zone);
                }
            }
        }
    }

    /** The Julian day number of 1970-01-01. */
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588;

    /** The ISO year times 100 plus its week (minus the week before year 1), as DuckDB's yearweek. */
    public static long yearWeek(long days) {
        long isoYear = DateTimes.isoYear(days);
        int week = DateTimes.isoWeek(days);
        return isoYear * 100 + (isoYear > 0 ? week : -week);
    }

    private static long part(Unit unit, long days, long timeOfDay, long raw, ZoneId zone) {
        return switch (unit) {
            case YEAR -> DateTimes.year(days);
            case QUARTER -> (DateTimes.month(days) - 1) / 3 + 1;
            case MONTH -> DateTimes.month(days);
            case WEEK -> DateTimes.isoWeek(days);
            case DAY -> DateTimes.dayOfMonth(days);
            case DOW -> DateTimes.dayOfWeek(days);
            case ISODOW -> DateTimes.isoDayOfWeek(days);
            case DOY -> DateTimes.dayOfYear(days);
            case ISOYEAR -> DateTimes.isoYear(days);
            case DECADE -> DateTimes.year(days) / 10;
            case CENTURY -> {
                long year = DateTimes.year(days);
                yield year > 0 ? (year - 1) / 100 + 1 : year / 100 - 1;
            }
            case MILLENNIUM -> {
                long year = DateTimes.year(days);
                yield year > 0 ? (year - 1) / 1000 + 1 : year / 1000 - 1;
            }
            case EPOCH -> days * 86400 + timeOfDay / DateTimes.MICROS_PER_SECOND;
            case HOUR -> timeOfDay / DateTimes.MICROS_PER_HOUR;
            case MINUTE -> timeOfDay / DateTimes.MICROS_PER_MINUTE % 60;
            case SECOND -> timeOfDay / DateTimes.MICROS_PER_SECOND % 60;
            case MILLISECOND -> timeOfDay % DateTimes.MICROS_PER_MINUTE / 1000;
            case MICROSECOND -> timeOfDay % DateTimes.MICROS_PER_MINUTE;
            case NANOSECOND -> timeOfDay % DateTimes.MICROS_PER_MINUTE * 1000;
            case JULIAN -> days + JULIAN_DAY_OF_EPOCH;
            case ERA -> DateTimes.year(days) > 0 ? 1 : 0;
            case YEARWEEK -> yearWeek(days);
            case TIMEZONE -> offsetSeconds(raw, zone);
            case TIMEZONE_HOUR -> offsetSeconds(raw, zone) / 3600;
            case TIMEZONE_MINUTE -> offsetSeconds(raw, zone) % 3600 / 60;
        };
    }
}
