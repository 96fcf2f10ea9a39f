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
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code date_trunc('unit', d)}: the start of the unit (ISO week: Monday) that a DATE or TIMESTAMP
 * falls in, as a TIMESTAMP (DuckDB 2.0 returns TIMESTAMP for DATE arguments too).
 */
public final class DateTruncExpr extends FunctionExpr {
    /** The units, from the largest. */
    public enum Unit {
        MILLENNIUM,
        CENTURY,
        DECADE,
        YEAR,
        /** The ISO-8601 year: from the Monday of the week holding its first Thursday. */
        ISOYEAR,
        QUARTER,
        MONTH,
        WEEK,
        DAY,
        HOUR,
        MINUTE,
        SECOND,
        MILLISECOND,
        MICROSECOND;

        /** DuckDB's spellings of a unit (singular, plural and abbreviations), or INVALID_ARGUMENT. */
        public static Unit parse(String text) {
            String unit = text.toLowerCase(Locale.ROOT).trim();
            return switch (unit) {
                case "millennium", "millennia", "mil", "mils", "millenium" -> MILLENNIUM;
                case "century", "centuries", "c", "cent" -> CENTURY;
                case "decade", "decades", "dec", "decs" -> DECADE;
                case "year", "years", "y", "yr", "yrs" -> YEAR;
                case "isoyear" -> ISOYEAR;
                case "quarter", "quarters" -> QUARTER;
                case "month", "months", "mon", "mons" -> MONTH;
                case "week", "weeks", "w" -> WEEK;
                case "day", "days", "d" -> DAY;
                case "hour", "hours", "h", "hr", "hrs" -> HOUR;
                case "minute", "minutes", "m", "min", "mins" -> MINUTE;
                case "second", "seconds", "s", "sec", "secs" -> SECOND;
                case "millisecond", "milliseconds", "ms", "msec", "msecs", "millisecon" -> MILLISECOND;
                case "microsecond", "microseconds", "us", "usec", "usecs" -> MICROSECOND;
                default ->
                    throw new QuiverException(
                            ErrorCode.INVALID_ARGUMENT, "extract specifier \"" + text + "\" not recognized");
            };
        }
    }

    private final Unit unit;
    private final Expr operand;

    public DateTruncExpr(Unit unit, Expr operand, Field field) {
        super("date_trunc", List.of(operand), field, false);
        ValueKind kind = ValueKind.of(operand.field().getType());
        if (kind != ValueKind.DATE && kind != ValueKind.TIMESTAMP && kind != ValueKind.NULL
                || ValueKind.of(field.getType()) != ValueKind.TIMESTAMP) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "date_trunc needs a DATE or TIMESTAMP, got " + KernelVectors.sqlName(operand.field()));
        }
        this.unit = unit;
        this.operand = operand;
    }

    @Override
    public String describe() {
        return "date_trunc('" + unit.name().toLowerCase(Locale.ROOT) + "', " + operand.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            ValueKind kind = ValueKind.of(values.getField().getType());
            if (kind == ValueKind.NULL) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                KernelVectors.setValidity(result, Bits.validity(values, rowCount), rowCount);
                long[] micros = Numbers.readLongs(values, rowCount);
                if (kind == ValueKind.DATE) {
                    for (int row = 0; row < rowCount; row++) {
                        micros[row] = DateTimes.timestampOf(micros[row]);
                    }
                }
                long[] original = micros.clone();
                truncate(micros, rowCount);
                for (int row = 0; row < rowCount; row++) {
                    if (!DateTimes.isFiniteTimestamp(original[row])) {
                        micros[row] = original[row]; // as DuckDB: an infinity truncates to itself
                    }
                }
                Numbers.writeLongs(micros, result, rowCount);
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    private void truncate(long[] micros, int rowCount) {
        switch (unit) {
            case MICROSECOND -> {}
            case MILLISECOND -> floorTo(micros, rowCount, 1000);
            case SECOND -> floorTo(micros, rowCount, DateTimes.MICROS_PER_SECOND);
            case MINUTE -> floorTo(micros, rowCount, DateTimes.MICROS_PER_MINUTE);
            case HOUR -> floorTo(micros, rowCount, DateTimes.MICROS_PER_HOUR);
            case DAY -> floorTo(micros, rowCount, DateTimes.MICROS_PER_DAY);
            case WEEK -> {
                for (int row = 0; row < rowCount; row++) {
                    long days = Math.floorDiv(micros[row], DateTimes.MICROS_PER_DAY);
                    micros[row] = (days - (DateTimes.isoDayOfWeek(days) - 1)) * DateTimes.MICROS_PER_DAY;
                }
            }
            case ISOYEAR -> {
                for (int row = 0; row < rowCount; row++) {
                    long days = Math.floorDiv(micros[row], DateTimes.MICROS_PER_DAY);
                    long monday = days - (DateTimes.isoDayOfWeek(days) - 1);
                    micros[row] = (monday - (DateTimes.isoWeek(monday) - 1) * 7L) * DateTimes.MICROS_PER_DAY;
                }
            }
            default -> {
                for (int row = 0; row < rowCount; row++) {
                    long days = Math.floorDiv(micros[row], DateTimes.MICROS_PER_DAY);
                    long year = DateTimes.year(days);
                    int month = DateTimes.month(days);
                    long start = switch (unit) {
                        case MILLENNIUM -> DateTimes.daysFromCivil(Math.floorDiv(year, 1000) * 1000, 1, 1);
                        case CENTURY -> DateTimes.daysFromCivil(Math.floorDiv(year, 100) * 100, 1, 1);
                        case DECADE -> DateTimes.daysFromCivil(Math.floorDiv(year, 10) * 10, 1, 1);
                        case YEAR -> DateTimes.daysFromCivil(year, 1, 1);
                        case QUARTER -> DateTimes.daysFromCivil(year, (month - 1) / 3 * 3 + 1, 1);
                        default -> DateTimes.daysFromCivil(year, month, 1);
                    };
                    micros[row] = start * DateTimes.MICROS_PER_DAY;
                }
            }
        }
    }

    private static void floorTo(long[] micros, int rowCount, long unit) {
        for (int row = 0; row < rowCount; row++) {
            micros[row] = Math.floorDiv(micros[row], unit) * unit;
        }
    }
}
