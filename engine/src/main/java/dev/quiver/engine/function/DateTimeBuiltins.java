package dev.quiver.engine.function;

import static dev.quiver.engine.exec.expr.RowKernelExpr.Operand.DOUBLE;
import static dev.quiver.engine.exec.expr.RowKernelExpr.Operand.FINITE_TIMESTAMP;
import static dev.quiver.engine.exec.expr.RowKernelExpr.Operand.INTEGER;
import static dev.quiver.engine.exec.expr.RowKernelExpr.Operand.TEXT;
import static dev.quiver.engine.exec.expr.RowKernelExpr.Operand.TIMESTAMP;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.DateTruncExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.IntervalArithmeticExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.RowKernelExpr;
import dev.quiver.engine.exec.expr.support.DateTimeFormat;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import dev.quiver.engine.exec.vector.Interval;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * DuckDB's date and time functions beyond EXTRACT's parts ({@code sql/dates/*.test}): formatting
 * and parsing with % formats, epoch conversions, constructors and named parts.
 */
final class DateTimeBuiltins {
    /** make_timestamp(tz)'s operands: microseconds, or year, month, day, hour, minute, seconds. */
    private static final SqlOperandTypeChecker MICROS_OR_PARTS = OperandTypes.family(SqlTypeFamily.INTEGER)
            .or(OperandTypes.family(
                    SqlTypeFamily.INTEGER,
                    SqlTypeFamily.INTEGER,
                    SqlTypeFamily.INTEGER,
                    SqlTypeFamily.INTEGER,
                    SqlTypeFamily.INTEGER,
                    SqlTypeFamily.NUMERIC));

    /** make_timestamptz's: as {@link #MICROS_OR_PARTS}, or the parts and a time zone's name. */
    private static final SqlOperandTypeChecker MICROS_OR_PARTS_IN_ZONE = MICROS_OR_PARTS.or(OperandTypes.family(
            SqlTypeFamily.INTEGER,
            SqlTypeFamily.INTEGER,
            SqlTypeFamily.INTEGER,
            SqlTypeFamily.INTEGER,
            SqlTypeFamily.INTEGER,
            SqlTypeFamily.NUMERIC,
            SqlTypeFamily.CHARACTER));

    private static final SqlReturnTypeInference TIMESTAMP_RESULT =
            ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 6).andThen(SqlTypeTransforms.TO_NULLABLE);
    private static final SqlReturnTypeInference TIMESTAMPTZ_RESULT =
            ReturnTypes.explicit(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6).andThen(SqlTypeTransforms.TO_NULLABLE);
    private static final String[] DAY_NAMES = {
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
    };

    private DateTimeBuiltins() {}

    static List<BuiltinFunction> definitions() {
        return List.of(
                BuiltinFunction.scalar("strftime")
                        .signature("strftime(date_or_timestamp, format) -> VARCHAR")
                        .describe(
                                "The value written in a % format (%Y %m %d %H %M %S %f %j %a %b %p %z ...);"
                                        + " the arguments may come in either order.",
                                "strftime(DATE '2024-05-17', '%d/%m/%Y') = '17/05/2024'")
                        .typed(
                                DuckDbReturnTypes.VARCHAR,
                                OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.CHARACTER)
                                        .or(OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME)))
                        .kernel(DateTimeBuiltins::strftime)
                        .build(),
                strptime("strptime", false),
                strptime("try_strptime", true),
                namedPart("dayname", "The English name of the weekday.", "dayname(DATE '2024-05-17') = 'Friday'", true),
                namedPart("monthname", "The English name of the month.", "monthname(DATE '2024-05-17') = 'May'", false),
                BuiltinFunction.scalar("epoch_ms")
                        .signature("epoch_ms(date_or_timestamp) -> BIGINT, epoch_ms(bigint) -> TIMESTAMP")
                        .describe(
                                "Milliseconds since 1970-01-01 of a date or timestamp; of a BIGINT, the"
                                        + " TIMESTAMP that many milliseconds after 1970-01-01.",
                                "epoch_ms(1000) = 1970-01-01 00:00:01")
                        .typed(
                                DateTimeBuiltins::epochMsType,
                                OperandTypes.DATETIME.or(OperandTypes.family(SqlTypeFamily.INTEGER)))
                        .kernel(call -> isInteger(call, 0)
                                ? rowKernel(
                                        call,
                                        List.of(INTEGER),
                                        row -> Math.multiplyExact(row.integer(0), 1000L),
                                        true,
                                        List.of(call.operand(0)))
                                : epochPart(call, 1000))
                        .build(),
                epochOf("epoch_us", 1, "Microseconds", "epoch_us(TIMESTAMP '1970-01-01 00:00:01') = 1000000"),
                epochOf("epoch_ns", -1000, "Nanoseconds", "epoch_ns(TIMESTAMP '1970-01-01 00:00:01') = 1000000000"),
                BuiltinFunction.scalar("make_timestamp")
                        .signature("make_timestamp(year, month, day, hour, minute, seconds) -> TIMESTAMP,"
                                + " make_timestamp(micros) -> TIMESTAMP")
                        .describe(
                                "The timestamp with these parts (seconds may have a fraction), or the one"
                                        + " that many microseconds after 1970-01-01.",
                                "make_timestamp(2024, 5, 17, 10, 30, 0.5) = 2024-05-17 10:30:00.5")
                        .typed(TIMESTAMP_RESULT, MICROS_OR_PARTS)
                        .kernel(call -> makeTimestamp(call, null))
                        .build(),
                BuiltinFunction.scalar("make_timestamptz")
                        .signature("make_timestamptz(year, month, day, hour, minute, seconds[, zone]) -> TIMESTAMPTZ,"
                                + " make_timestamptz(micros) -> TIMESTAMPTZ")
                        .describe(
                                "The instant the time zone (default: the session's) shows as these parts, or the"
                                        + " one that many microseconds after 1970-01-01 00:00:00 UTC.",
                                "make_timestamptz(2024, 5, 17, 10, 30, 0) = 2024-05-17 10:30:00+00")
                        .typed(TIMESTAMPTZ_RESULT, MICROS_OR_PARTS_IN_ZONE)
                        .kernel(call ->
                                makeTimestamp(call, StatementTime.current().zone()))
                        .build(),
                BuiltinFunction.scalar("make_timestamp_ms")
                        .signature("make_timestamp_ms(millis) -> TIMESTAMP")
                        .describe(
                                "The timestamp that many milliseconds after 1970-01-01.",
                                "make_timestamp_ms(1000) = 1970-01-01 00:00:01")
                        .typed(TIMESTAMP_RESULT, OperandTypes.family(SqlTypeFamily.INTEGER))
                        .kernel(call -> rowKernel(
                                call,
                                List.of(INTEGER),
                                row -> Math.multiplyExact(row.integer(0), 1000L),
                                true,
                                List.of(call.operand(0))))
                        .build(),
                BuiltinFunction.scalar("make_time")
                        .signature("make_time(hour, minute, seconds) -> TIME")
                        .describe(
                                "The time of day with these parts (seconds may have a fraction).",
                                "make_time(13, 30, 15.5) = 13:30:15.5")
                        .typed(
                                ReturnTypes.explicit(SqlTypeName.TIME, 6).andThen(SqlTypeTransforms.TO_NULLABLE),
                                OperandTypes.family(
                                        SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER, SqlTypeFamily.NUMERIC))
                        .kernel(call -> rowKernel(
                                call,
                                List.of(INTEGER, INTEGER, DOUBLE),
                                row -> timeOfDay(row.integer(0), row.integer(1), row.real(2)),
                                true,
                                List.of(call.operand(0), call.operand(1), call.operandAs(2, KernelCall.DOUBLE))))
                        .build(),
                BuiltinFunction.scalar("to_timestamp")
                        .signature("to_timestamp(seconds) -> TIMESTAMPTZ")
                        .describe(
                                "The instant that many seconds (with a fraction) after 1970-01-01 00:00:00 UTC.",
                                "to_timestamp(0) = 1970-01-01 00:00:00+00")
                        .typed(TIMESTAMPTZ_RESULT, OperandTypes.NUMERIC)
                        .kernel(call -> rowKernel(
                                call,
                                List.of(DOUBLE),
                                row -> secondsToMicros(row.real(0)),
                                true,
                                List.of(call.operandAs(0, KernelCall.DOUBLE))))
                        .build(),
                BuiltinFunction.scalar("today", "current_localdate")
                        .signature("today() -> DATE")
                        .describe(
                                "The date the statement started on, in the session's time zone.",
                                "today() = current_date")
                        .typed(ReturnTypes.DATE, OperandTypes.NILADIC)
                        .kernel(call -> new LiteralExpr(call.result(), localMicros() / DateTimes.MICROS_PER_DAY))
                        .build(),
                BuiltinFunction.scalar("current_localtimestamp")
                        .signature("current_localtimestamp() -> TIMESTAMP")
                        .describe(
                                "The wall-clock time the statement started at, in the session's time zone.",
                                "current_localtimestamp()::DATE = today()")
                        .typed(ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 6), OperandTypes.NILADIC)
                        .kernel(call -> new LiteralExpr(call.result(), localMicros()))
                        .build(),
                BuiltinFunction.scalar("current_localtime", "get_current_time")
                        .signature("current_localtime() -> TIME")
                        .describe(
                                "The time of day the statement started at, in the session's time zone.",
                                "current_localtime() <= TIME '23:59:59.999999'")
                        .typed(ReturnTypes.explicit(SqlTypeName.TIME, 6), OperandTypes.NILADIC)
                        .kernel(call ->
                                new LiteralExpr(call.result(), Math.floorMod(localMicros(), DateTimes.MICROS_PER_DAY)))
                        .build(),
                BuiltinFunction.scalar("date_add")
                        .signature("date_add(date_or_timestamp, interval) -> TIMESTAMP")
                        .describe(
                                "The date or timestamp plus the interval (months first, then days, then time).",
                                "date_add(DATE '2024-01-31', INTERVAL 1 MONTH) = 2024-02-29 00:00:00")
                        .typed(
                                DateTimeBuiltins::dateAddType,
                                OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME_INTERVAL))
                        .kernel(DateTimeBuiltins::dateAdd)
                        .build(),
                BuiltinFunction.scalar("datesub", "date_sub")
                        .signature("date_sub(unit, start, end) -> BIGINT")
                        .describe(
                                "The number of whole units from start to end (a month ends on the end's last"
                                        + " day); negative when end is earlier.",
                                "date_sub('month', DATE '2024-01-31', DATE '2024-02-29') = 1")
                        .typed(
                                DuckDbReturnTypes.BIGINT,
                                OperandTypes.family(
                                        SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME))
                        .kernel(DateTimeBuiltins::dateSub)
                        .build(),
                BuiltinFunction.scalar("time_bucket")
                        .signature(
                                "time_bucket(width, date_or_timestamp [, offset_or_origin_or_zone]) -> type of the value")
                        .describe(
                                "The start of the width-long bucket the value falls in, buckets counted from"
                                        + " 2000-01-03 (2000-01-01 for widths in months), moved by an INTERVAL"
                                        + " offset or started at a TIMESTAMP origin; a TIMESTAMPTZ is bucketed in"
                                        + " UTC, or in the time zone a third VARCHAR argument names.",
                                "time_bucket(INTERVAL 15 MINUTE, TIMESTAMP '2024-01-05 03:07:00') = 2024-01-05 03:00:00")
                        .typed(
                                DateTimeBuiltins::timeBucketType,
                                OperandTypes.family(SqlTypeFamily.DATETIME_INTERVAL, SqlTypeFamily.DATETIME)
                                        .or(OperandTypes.family(
                                                SqlTypeFamily.DATETIME_INTERVAL,
                                                SqlTypeFamily.DATETIME,
                                                SqlTypeFamily.DATETIME_INTERVAL))
                                        .or(OperandTypes.family(
                                                SqlTypeFamily.DATETIME_INTERVAL,
                                                SqlTypeFamily.DATETIME,
                                                SqlTypeFamily.DATETIME))
                                        .or(OperandTypes.family(
                                                SqlTypeFamily.DATETIME_INTERVAL,
                                                SqlTypeFamily.TIMESTAMP,
                                                SqlTypeFamily.CHARACTER)))
                        .kernel(DateTimeBuiltins::timeBucket)
                        .build(),
                BuiltinFunction.scalar("age")
                        .signature("age(end [, start]) -> INTERVAL")
                        .describe(
                                "The years, months, days and time from start (today's midnight when absent)"
                                        + " to end, borrowing days from start's month; negative when end is earlier.",
                                "age(TIMESTAMP '2024-03-01', TIMESTAMP '2024-01-31') = 1 month 1 day")
                        .typed(
                                DuckDbReturnTypes.INTERVAL,
                                OperandTypes.DATETIME.or(
                                        OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME)))
                        .kernel(DateTimeBuiltins::age)
                        .build());
    }

    private static Expr dateSub(KernelCall call) {
        DateTruncExpr.Unit unit = DateTruncExpr.Unit.parse(call.constantString(0));
        long monthsPerUnit = switch (unit) {
            case MILLENNIUM -> 12_000;
            case CENTURY -> 1_200;
            case DECADE -> 120;
            case YEAR, ISOYEAR -> 12;
            case QUARTER -> 3;
            case MONTH -> 1;
            default -> 0;
        };
        long microsPerUnit = switch (unit) {
            case WEEK -> 7 * DateTimes.MICROS_PER_DAY;
            case DAY -> DateTimes.MICROS_PER_DAY;
            case HOUR -> DateTimes.MICROS_PER_HOUR;
            case MINUTE -> DateTimes.MICROS_PER_MINUTE;
            case SECOND -> DateTimes.MICROS_PER_SECOND;
            case MILLISECOND -> 1_000;
            default -> 1;
        };
        return rowKernel(
                call,
                List.of(FINITE_TIMESTAMP, FINITE_TIMESTAMP),
                row -> monthsPerUnit > 0
                        ? wholeMonths(row.integer(0), row.integer(1)) / monthsPerUnit
                        : Math.subtractExact(row.integer(1), row.integer(0)) / microsPerUnit,
                true,
                List.of(localTimestamp(call, 1), localTimestamp(call, 2)));
    }

    /**
     * Whole months from {@code start} to {@code end} as DuckDB's date_sub counts them: a month is
     * complete when the end reaches the start's day and time of day, or the last day of its month.
     */
    private static long wholeMonths(long start, long end) {
        if (end < start) {
            return -wholeMonths(end, start);
        }
        long startDays = Math.floorDiv(start, DateTimes.MICROS_PER_DAY);
        long endDays = Math.floorDiv(end, DateTimes.MICROS_PER_DAY);
        long[] from = DateTimes.civil(startDays);
        long[] to = DateTimes.civil(endDays);
        long months = (to[0] - from[0]) * 12 + to[1] - from[1];
        long endDay = to[2];
        if (endDay == DateTimes.daysInMonth(to[0], (int) to[1]) && from[2] > endDay) {
            endDay = from[2];
        }
        long startTime = start - startDays * DateTimes.MICROS_PER_DAY;
        long endTime = end - endDays * DateTimes.MICROS_PER_DAY;
        if (endDay < from[2] || endDay == from[2] && endTime < startTime) {
            months--;
        }
        return months;
    }

    private static Expr age(KernelCall call) {
        if (call.operandCount() == 1) {
            long midnight = Math.floorDiv(localMicros(), DateTimes.MICROS_PER_DAY) * DateTimes.MICROS_PER_DAY;
            return rowKernel(
                    call,
                    List.of(FINITE_TIMESTAMP),
                    row -> age(midnight, row.integer(0)),
                    true,
                    List.of(localTimestamp(call, 0)));
        }
        return rowKernel(
                call,
                List.of(FINITE_TIMESTAMP, FINITE_TIMESTAMP),
                row -> age(row.integer(0), row.integer(1)),
                true,
                List.of(localTimestamp(call, 0), localTimestamp(call, 1)));
    }

    /** DuckDB's age: field-wise differences of later and earlier, borrowing from the next larger field. */
    private static Interval age(long end, long start) {
        if (end < start) {
            Interval forward = age(start, end);
            return new Interval(-forward.months(), -forward.days(), -forward.micros());
        }
        long startDays = Math.floorDiv(start, DateTimes.MICROS_PER_DAY);
        long endDays = Math.floorDiv(end, DateTimes.MICROS_PER_DAY);
        long[] from = DateTimes.civil(startDays);
        long[] to = DateTimes.civil(endDays);
        long micros = (end - endDays * DateTimes.MICROS_PER_DAY) - (start - startDays * DateTimes.MICROS_PER_DAY);
        long days = to[2] - from[2];
        long months = (to[0] - from[0]) * 12 + to[1] - from[1];
        if (micros < 0) {
            micros += DateTimes.MICROS_PER_DAY;
            days--;
        }
        if (days < 0) {
            days += DateTimes.daysInMonth(from[0], (int) from[1]);
            months--;
        }
        return new Interval(Math.toIntExact(months), (int) days, micros);
    }

    /** The value's own type: DATE gives DATE, TIMESTAMP TIMESTAMP. */
    private static RelDataType timeBucketType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType value = binding.getOperandType(1);
        boolean nullable = false;
        for (int index = 0; index < binding.getOperandCount(); index++) {
            nullable |= binding.getOperandType(index).isNullable();
        }
        RelDataType type = value.getSqlTypeName() == SqlTypeName.DATE
                ? factory.createSqlType(SqlTypeName.DATE)
                : factory.createSqlType(value.getSqlTypeName(), 6);
        return factory.createTypeWithNullability(type, nullable);
    }

    /** 2000-01-03 00:00:00, a Monday: DuckDB's origin for buckets of days and time. */
    private static final long DAY_ORIGIN = DateTimes.daysFromCivil(2000, 1, 3) * DateTimes.MICROS_PER_DAY;

    /** 2000-01-01: DuckDB's origin for buckets of months. */
    private static final long MONTH_ORIGIN = DateTimes.daysFromCivil(2000, 1, 1) * DateTimes.MICROS_PER_DAY;

    /**
     * A valid time_bucket width: whole months, or days and time (as microseconds) but not both, and
     * more than zero — INVALID_ARGUMENT otherwise, as DuckDB refuses it.
     */
    private record BucketWidth(int months, long micros, boolean timeOnly) {
        static BucketWidth of(Interval width) {
            if (width.months() != 0 && (width.days() != 0 || width.micros() != 0)) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "time_bucket: a bucket width in months cannot have a day or time part: " + width);
            }
            long micros = width.months() != 0
                    ? 0
                    : Math.addExact(Math.multiplyExact((long) width.days(), DateTimes.MICROS_PER_DAY), width.micros());
            if (width.months() < 0 || width.months() == 0 && micros <= 0) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "time_bucket: the bucket width must be greater than 0, got " + width);
            }
            return new BucketWidth(width.months(), micros, width.months() == 0 && width.days() == 0);
        }
    }

    private static Expr timeBucket(KernelCall call) {
        // a constant width is checked once, when the statement is planned; one that varies by row, per row
        BucketWidth constantWidth =
                call.operand(0) instanceof LiteralExpr literal && literal.value() instanceof Interval interval
                        ? BucketWidth.of(interval)
                        : null;
        long shift = 0;
        boolean fromOrigin = false;
        ZoneId zone = null;
        List<Expr> operands = new ArrayList<>(List.of(timestamp(call, 1)));
        List<RowKernelExpr.Operand> kinds = new ArrayList<>(List.of(TIMESTAMP));
        if (call.operandCount() == 3) {
            if (isText(call, 2)) {
                if (!(call.result().getType() instanceof ArrowType.Timestamp zoned) || zoned.getTimezone() == null) {
                    throw new QuiverException(
                            ErrorCode.TYPE_MISMATCH, "time_bucket with a time zone needs a TIMESTAMPTZ value");
                }
                String name = call.constantString(2);
                try {
                    zone = ZonedTimes.zone(name);
                } catch (DateTimeException e) {
                    throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "time_bucket: " + e.getMessage());
                }
            } else if (call.operand(2).field().getType() instanceof ArrowType.Interval) {
                Interval offset = constantInterval(call, 2, "time_bucket's offset");
                if (offset.months() != 0) {
                    throw new QuiverException(
                            ErrorCode.UNSUPPORTED, "time_bucket with an offset in months is not supported yet");
                }
                shift = Math.addExact(
                        Math.multiplyExact((long) offset.days(), DateTimes.MICROS_PER_DAY), offset.micros());
            } else {
                operands.add(timestamp(call, 2));
                kinds.add(TIMESTAMP);
                fromOrigin = true;
            }
        }
        int widthOperand = operands.size();
        if (constantWidth == null) {
            operands.add(call.operand(0));
            kinds.add(RowKernelExpr.Operand.INTERVAL);
        }
        boolean origin = fromOrigin;
        long offsetMicros = shift;
        ZoneId bucketZone = zone; // buckets of this zone's wall clock, the instants of their starts
        // as DuckDB (ICU): widths of pure time count from the origin's instant in the zone, not its wall clock
        Long zonedOrigin = zone != null ? ZonedTimes.toInstant(DAY_ORIGIN, zone) : null;
        boolean date = call.result().getType() instanceof ArrowType.Date;
        return rowKernel(
                call,
                kinds,
                row -> {
                    BucketWidth width =
                            constantWidth != null ? constantWidth : BucketWidth.of(row.interval(widthOperand));
                    if (!DateTimes.isFiniteTimestamp(row.integer(0))) {
                        // as DuckDB: the bucket of an infinity is that infinity
                        return date ? DateTimes.dateOf(row.integer(0)) : row.integer(0);
                    }
                    if (zonedOrigin != null && width.timeOnly()) {
                        long instant = row.integer(0);
                        return zonedOrigin
                                + Math.floorDiv(Math.subtractExact(instant, zonedOrigin), width.micros())
                                        * width.micros();
                    }
                    long value = (bucketZone == null ? row.integer(0) : ZonedTimes.toLocal(row.integer(0), bucketZone))
                            - offsetMicros;
                    long start;
                    if (width.months() > 0) {
                        long base = origin ? row.integer(1) : MONTH_ORIGIN;
                        long baseDays = Math.floorDiv(base, DateTimes.MICROS_PER_DAY);
                        long valueDays = Math.floorDiv(value, DateTimes.MICROS_PER_DAY);
                        long between = (DateTimes.year(valueDays) - DateTimes.year(baseDays)) * 12
                                + DateTimes.month(valueDays)
                                - DateTimes.month(baseDays);
                        long firstOfMonth = baseDays - DateTimes.dayOfMonth(baseDays) + 1;
                        start = DateTimes.addMonths(
                                        firstOfMonth, Math.floorDiv(between, width.months()) * width.months())
                                * DateTimes.MICROS_PER_DAY;
                    } else {
                        long base = origin ? row.integer(1) : DAY_ORIGIN;
                        start = base + Math.floorDiv(Math.subtractExact(value, base), width.micros()) * width.micros();
                    }
                    start += offsetMicros;
                    if (bucketZone != null) {
                        return ZonedTimes.toInstant(start, bucketZone);
                    }
                    return date ? Math.floorDiv(start, DateTimes.MICROS_PER_DAY) : start;
                },
                true,
                operands);
    }

    /** Operand {@code index} as a constant INTERVAL; UNSUPPORTED naming {@code what} when it varies by row. */
    private static Interval constantInterval(KernelCall call, int index, String what) {
        if (call.operand(index) instanceof LiteralExpr literal && literal.value() instanceof Interval interval) {
            return interval;
        }
        throw new QuiverException(ErrorCode.UNSUPPORTED, what + " must be a constant INTERVAL (for now)");
    }

    private static BuiltinFunction strptime(String name, boolean orNull) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(text, format | [formats]) -> TIMESTAMP (TIMESTAMPTZ when a format has %z or %Z)")
                .describe(
                        orNull
                                ? "As strptime, but NULL where the text does not match the format."
                                : "The timestamp the text spells in a % format; text that does not match is"
                                        + " an error naming both.",
                        name + "('17/05/2024', '%d/%m/%Y') = 2024-05-17 00:00:00")
                .typed(
                        DateTimeBuiltins::strptimeType,
                        OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER)
                                .or(OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.ARRAY)))
                .kernel(call -> strptimeKernel(call, orNull))
                .build();
    }

    /** date_add's type: TIMESTAMPTZ for a TIMESTAMPTZ, else TIMESTAMP (a DATE too, as in DuckDB). */
    private static RelDataType dateAddType(SqlOperatorBinding binding) {
        SqlTypeName start = binding.getOperandType(0).getSqlTypeName();
        RelDataTypeFactory factory = binding.getTypeFactory();
        return factory.createTypeWithNullability(
                factory.createSqlType(
                        start == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE ? start : SqlTypeName.TIMESTAMP, 6),
                true);
    }

    private static Expr dateAdd(KernelCall call) {
        if (!(call.result().getType() instanceof ArrowType.Timestamp timestamp) || timestamp.getTimezone() != null) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED, "date_add of a TIMESTAMPTZ is not supported yet; use + INTERVAL");
        }
        if (call.operand(0).field().getType() instanceof ArrowType.Time) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, "date_add needs a DATE or TIMESTAMP, got TIME");
        }
        return new IntervalArithmeticExpr(
                IntervalArithmeticExpr.Operator.PLUS, call.operand(0), call.operand(1), call.result());
    }

    /** TIMESTAMPTZ when a constant format reads an offset or zone, as DuckDB types it; else TIMESTAMP. */
    private static RelDataType strptimeType(SqlOperatorBinding binding) {
        boolean zoned = false;
        if (binding.isOperandLiteral(1, false)) {
            String format = binding.getOperandLiteralValue(1, String.class);
            zoned = format != null && DateTimeFormat.compile(format).hasZone();
        } else if (binding instanceof SqlCallBinding call && call.operand(1) instanceof SqlCall list) {
            for (SqlNode element : list.getOperandList()) {
                if (element instanceof SqlLiteral literal
                        && literal.getValueAs(String.class) instanceof String format) {
                    zoned |= DateTimeFormat.compile(format).hasZone();
                }
            }
        }
        RelDataTypeFactory factory = binding.getTypeFactory();
        return factory.createTypeWithNullability(
                factory.createSqlType(zoned ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE : SqlTypeName.TIMESTAMP, 6),
                true);
    }

    private static Expr strftime(KernelCall call) {
        int valueIndex = isText(call, 0) ? 1 : 0;
        int formatIndex = 1 - valueIndex;
        Expr value = timestamp(call, valueIndex);
        ZoneId zone =
                value.field().getType() instanceof ArrowType.Timestamp timestamp && timestamp.getTimezone() != null
                        ? StatementTime.current().zone()
                        : null;
        DateTimeFormat constant = constantFormat(call, formatIndex);
        RowKernelExpr.RowFunction function = constant != null
                ? row -> constant.format(row.integer(0), zone)
                : row -> DateTimeFormat.compile(row.text(1)).format(row.integer(0), zone);
        return rowKernel(
                call, List.of(TIMESTAMP, TEXT), function, constant == null, List.of(value, call.operand(formatIndex)));
    }

    private static Expr strptimeKernel(KernelCall call, boolean orNull) {
        if (call.operand(1).field().getType() instanceof ArrowType.List) {
            return strptimeFirstMatch(call, orNull);
        }
        DateTimeFormat constant = constantFormat(call, 1);
        RowKernelExpr.RowFunction function = row -> {
            DateTimeFormat format = constant != null ? constant : DateTimeFormat.compile(row.text(1));
            try {
                return format.parse(row.text(0));
            } catch (DateTimeFormat.MismatchException e) {
                if (orNull) {
                    return null;
                }
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "Could not parse string \"" + row.text(0) + "\" according to format specifier \""
                                + format.text() + "\": " + e.getMessage());
            }
        };
        return rowKernel(call, List.of(TEXT, TEXT), function, true, List.of(call.operand(0), call.operand(1)));
    }

    /** strptime(text, [formats]): the first format the text matches; an error (or NULL) when none does. */
    private static Expr strptimeFirstMatch(KernelCall call, boolean orNull) {
        List<String> texts = call.constantStringList(1);
        if (texts == null || texts.isEmpty()) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED, call.name() + " takes a list of constant, non-NULL formats only");
        }
        List<DateTimeFormat> formats =
                texts.stream().map(DateTimeFormat::compile).toList();
        // a TIMESTAMPTZ result (some format reads a zone) reads the others' local times in the session's zone
        ZoneId sessionZone =
                call.result().getType() instanceof ArrowType.Timestamp timestamp && timestamp.getTimezone() != null
                        ? StatementTime.current().zone()
                        : null;
        RowKernelExpr.RowFunction function = row -> {
            String reasons = "";
            for (DateTimeFormat format : formats) {
                try {
                    long parsed = format.parse(row.text(0));
                    return sessionZone != null && !format.hasZone()
                            ? ZonedTimes.toInstant(parsed, sessionZone)
                            : parsed;
                } catch (DateTimeFormat.MismatchException e) {
                    reasons += (reasons.isEmpty() ? "" : "; ") + "\"" + format.text() + "\": " + e.getMessage();
                }
            }
            if (orNull) {
                return null;
            }
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Could not parse string \"" + row.text(0) + "\" according to any format specifier (" + reasons
                            + ")");
        };
        return rowKernel(call, List.of(TEXT), function, true, List.of(call.operand(0)));
    }

    /** The compiled format of a constant operand (its errors come at plan time), or null when it varies. */
    private static DateTimeFormat constantFormat(KernelCall call, int index) {
        String text;
        try {
            text = call.constantString(index);
        } catch (QuiverException notConstant) {
            return null;
        }
        return DateTimeFormat.compile(text);
    }

    /** A VARCHAR-valued part of a date or timestamp: the weekday's or month's English name. */
    private static BuiltinFunction namedPart(String name, String sentence, String example, boolean weekday) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(date_or_timestamp) -> VARCHAR")
                .describe(sentence, example)
                .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.DATETIME)
                .kernel(call -> rowKernel(
                        call,
                        List.of(FINITE_TIMESTAMP),
                        row -> {
                            long days = Math.floorDiv(row.integer(0), DateTimes.MICROS_PER_DAY);
                            return weekday
                                    ? DAY_NAMES[DateTimes.dayOfWeek(days)]
                                    : Month.of(DateTimes.month(days)).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                        },
                        false,
                        List.of(localTimestamp(call, 0))))
                .build();
    }

    /** {@code name(date_or_timestamp) -> BIGINT}: units since 1970 ({@code perMicro} units a µs, or µs a unit if negative). */
    private static BuiltinFunction epochOf(String name, long scale, String units, String example) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(date_or_timestamp) -> BIGINT")
                .describe(units + " since 1970-01-01 00:00:00 (UTC for a TIMESTAMPTZ).", example)
                .typed(DuckDbReturnTypes.BIGINT, OperandTypes.DATETIME)
                .kernel(call -> epochPart(call, scale))
                .build();
    }

    /** Microseconds divided by {@code scale} (floored), or multiplied by {@code -scale} when negative. */
    private static Expr epochPart(KernelCall call, long scale) {
        return rowKernel(
                call,
                List.of(FINITE_TIMESTAMP),
                row -> scale > 0 ? Math.floorDiv(row.integer(0), scale) : Math.multiplyExact(row.integer(0), -scale),
                scale < 0,
                List.of(timestamp(call, 0)));
    }

    private static RelDataType epochMsType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType operand = binding.getOperandType(0);
        SqlTypeName result = SqlTypeFamily.INTEGER.getTypeNames().contains(operand.getSqlTypeName())
                ? SqlTypeName.TIMESTAMP
                : SqlTypeName.BIGINT;
        RelDataType type =
                result == SqlTypeName.TIMESTAMP ? factory.createSqlType(result, 6) : factory.createSqlType(result);
        return factory.createTypeWithNullability(type, operand.isNullable());
    }

    /** make_timestamp, or with a {@code zone} make_timestamptz (the parts read as that zone's wall clock). */
    private static Expr makeTimestamp(KernelCall call, ZoneId zone) {
        if (call.operandCount() == 1) {
            return rowKernel(call, List.of(INTEGER), row -> row.integer(0), false, List.of(call.operand(0)));
        }
        List<Expr> operands = new ArrayList<>(List.of(
                call.operand(0),
                call.operand(1),
                call.operand(2),
                call.operand(3),
                call.operand(4),
                call.operandAs(5, KernelCall.DOUBLE)));
        List<RowKernelExpr.Operand> kinds =
                new ArrayList<>(List.of(INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE));
        if (call.operandCount() > 6) {
            operands.add(call.operand(6)); // make_timestamptz's zone, by name
            kinds.add(RowKernelExpr.Operand.TEXT);
        }
        return rowKernel(
                call,
                kinds,
                row -> {
                    long year = row.integer(0);
                    long month = row.integer(1);
                    long day = row.integer(2);
                    if (year < DateTimes.MIN_YEAR
                            || year > DateTimes.MAX_YEAR
                            || month < 1
                            || month > 12
                            || day < 1
                            || day > DateTimes.daysInMonth(year, (int) month)) {
                        throw new QuiverException(
                                ErrorCode.INVALID_ARGUMENT, "Date out of range: " + year + "-" + month + "-" + day);
                    }
                    long days = DateTimes.daysFromCivil(year, (int) month, (int) day);
                    long local = Math.addExact(
                            Math.multiplyExact(days, DateTimes.MICROS_PER_DAY),
                            timeOfDay(row.integer(3), row.integer(4), row.real(5)));
                    if (zone == null) {
                        return local;
                    }
                    ZoneId in = row.operandCount() > 6 ? namedZone(row.text(6)) : zone;
                    LocalDateTime wallClock = LocalDateTime.ofEpochSecond(
                            Math.floorDiv(local, DateTimes.MICROS_PER_SECOND), 0, ZoneOffset.UTC);
                    long offset = in.getRules().getOffset(wallClock).getTotalSeconds();
                    return local - offset * DateTimes.MICROS_PER_SECOND;
                },
                true,
                operands);
    }

    /** The time zone a make_timestamptz argument names, or INVALID_ARGUMENT naming it. */
    private static ZoneId namedZone(String name) {
        try {
            return ZonedTimes.zone(name);
        } catch (DateTimeException e) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "make_timestamptz: " + e.getMessage());
        }
    }

    /** Microseconds into the day of hour:minute:seconds; INVALID_ARGUMENT naming them when out of range. */
    private static long timeOfDay(long hour, long minute, double seconds) {
        if (hour < 0
                || hour > 24
                || minute < 0
                || minute > 59
                || !(seconds >= 0 && seconds < 60)
                || hour == 24 && (minute != 0 || seconds != 0)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "Time out of range: " + hour + ":" + minute + ":" + seconds);
        }
        return hour * DateTimes.MICROS_PER_HOUR
                + minute * DateTimes.MICROS_PER_MINUTE
                + Math.round(seconds * DateTimes.MICROS_PER_SECOND);
    }

    private static long secondsToMicros(double seconds) {
        double micros = Math.rint(seconds * DateTimes.MICROS_PER_SECOND);
        if (!(Math.abs(micros) < 9.2e18)) {
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW, "to_timestamp(" + seconds + ") is out of the TIMESTAMP range");
        }
        return (long) micros;
    }

    /** The session's wall clock when the statement started, as microseconds since 1970 there. */
    private static long localMicros() {
        StatementTime time = StatementTime.current();
        long seconds = Math.floorDiv(time.startMicros(), DateTimes.MICROS_PER_SECOND);
        int offset =
                time.zone().getRules().getOffset(Instant.ofEpochSecond(seconds)).getTotalSeconds();
        return time.startMicros() + offset * DateTimes.MICROS_PER_SECOND;
    }

    /** Operand {@code index} as a TIMESTAMP (a DATE cast); a TIMESTAMPTZ stays one. */
    private static Expr timestamp(KernelCall call, int index) {
        Expr operand = call.operand(index);
        if (operand.field().getType() instanceof ArrowType.Timestamp) {
            return operand;
        }
        return KernelCall.cast(operand, KernelCall.TIMESTAMP);
    }

    /** Operand {@code index} as a TIMESTAMP, a TIMESTAMPTZ read on the session zone's wall clock. */
    private static Expr localTimestamp(KernelCall call, int index) {
        return KernelCall.cast(DateBuiltins.localWallClock(call.operand(index)), KernelCall.TIMESTAMP);
    }

    private static boolean isText(KernelCall call, int index) {
        return call.operand(index).field().getType() instanceof ArrowType.Utf8;
    }

    private static boolean isInteger(KernelCall call, int index) {
        return call.operand(index).field().getType() instanceof ArrowType.Int;
    }

    private static Expr rowKernel(
            KernelCall call,
            List<RowKernelExpr.Operand> kinds,
            RowKernelExpr.RowFunction function,
            boolean mayFail,
            List<Expr> operands) {
        return new RowKernelExpr(call.name(), kinds, function, mayFail, operands, call.result());
    }
}
