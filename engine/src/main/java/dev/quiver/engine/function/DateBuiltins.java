package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.CaseExpr;
import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.DateDiffExpr;
import dev.quiver.engine.exec.expr.DateFunctionExpr;
import dev.quiver.engine.exec.expr.DateTruncExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.ExtractExpr;
import dev.quiver.engine.exec.expr.IntervalArithmeticExpr;
import dev.quiver.engine.exec.expr.IntervalExtractExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.NestedConstructorExpr;
import dev.quiver.engine.exec.expr.NullTestExpr;
import dev.quiver.engine.exec.expr.RowKernelExpr;
import dev.quiver.engine.exec.expr.TimeZoneExpr;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import dev.quiver.engine.exec.vector.Interval;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/** The date and time built-ins ({@code sql/functions/dates.test}). */
final class DateBuiltins {
    static final BuiltinFunction DATE_TRUNC = BuiltinFunction.scalar("date_trunc", "datetrunc")
            .signature("date_trunc(unit, date_or_timestamp) -> TIMESTAMP (TIMESTAMPTZ for a TIMESTAMPTZ)")
            .describe(
                    "The value truncated to the start of its unit ('year', 'month', 'day', 'hour', ...); a"
                            + " TIMESTAMPTZ on the session time zone's calendar.",
                    "date_trunc('month', DATE '2024-05-17') = 2024-05-01 00:00:00")
            .typed(DateBuiltins::dateTruncType, OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME))
            .kernel(DateBuiltins::dateTrunc)
            .build();

    /** TIMESTAMP, or TIMESTAMPTZ for a TIMESTAMPTZ, as DuckDB (ICU) types date_trunc. */
    private static RelDataType dateTruncType(SqlOperatorBinding binding) {
        RelDataType value = binding.getOperandType(1);
        if (value.getSqlTypeName() != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
            return DuckDbReturnTypes.TIMESTAMP.inferReturnType(binding);
        }
        RelDataTypeFactory factory = binding.getTypeFactory();
        return factory.createTypeWithNullability(
                factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6),
                value.isNullable() || binding.getOperandType(0).isNullable());
    }

    /** date_diff; two DATEs are counted in days, as DuckDB does, so dates beyond TIMESTAMP's range work. */
    private static Expr dateDiff(KernelCall call) {
        DateTruncExpr.Unit unit = DateTruncExpr.Unit.parse(call.constantString(0));
        if (call.operand(1).field().getType() instanceof ArrowType.Date
                && call.operand(2).field().getType() instanceof ArrowType.Date) {
            return new DateDiffExpr(unit, call.operand(1), call.operand(2), call.result());
        }
        return new DateDiffExpr(
                unit, call.operandAs(1, KernelCall.TIMESTAMP), call.operandAs(2, KernelCall.TIMESTAMP), call.result());
    }

    /** date_trunc; a TIMESTAMPTZ is truncated on the session zone's wall clock and turned back into an instant. */
    private static Expr dateTrunc(KernelCall call) {
        DateTruncExpr.Unit unit = DateTruncExpr.Unit.parse(call.constantString(0));
        Expr operand = call.operand(1);
        Expr local = localWallClock(operand);
        if (local == operand) {
            return new DateTruncExpr(unit, operand, call.result());
        }
        Expr truncated = new DateTruncExpr(unit, local, local.field());
        return new CastExpr(truncated, call.result(), StatementTime.current().zone());
    }

    private DateBuiltins() {}

    /** The zone a time zone function names, or INVALID_ARGUMENT naming it. */
    private static ZoneId zone(String name) {
        try {
            return ZonedTimes.zone(name);
        } catch (DateTimeException e) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    static List<BuiltinFunction> definitions() {
        return List.of(
                BuiltinFunction.scalar("extract")
                        .signature("extract(unit FROM date_or_timestamp) -> BIGINT")
                        .describe(
                                "One field of the value: year, quarter, month, week, day, dow, doy, hour, epoch...",
                                "extract(year FROM DATE '2024-05-17') = 2024")
                        .standard(SqlStdOperatorTable.EXTRACT)
                        .kernel(call -> extract(extractUnit(call.symbol(0, TimeUnitRange.class)), call, 1))
                        .build(),
                part("year", SqlStdOperatorTable.YEAR, ExtractExpr.Unit.YEAR, "The year.", "2024"),
                part("quarter", SqlStdOperatorTable.QUARTER, ExtractExpr.Unit.QUARTER, "The quarter, 1 to 4.", "2"),
                part("month", SqlStdOperatorTable.MONTH, ExtractExpr.Unit.MONTH, "The month, 1 to 12.", "5"),
                part("week", SqlStdOperatorTable.WEEK, ExtractExpr.Unit.WEEK, "The ISO week number.", "20"),
                part("dayofmonth", SqlStdOperatorTable.DAYOFMONTH, ExtractExpr.Unit.DAY, "The day of the month.", "17"),
                part("dayofyear", SqlStdOperatorTable.DAYOFYEAR, ExtractExpr.Unit.DOY, "The day of the year.", "138"),
                BuiltinFunction.scalar("day")
                        .signature("day(date_or_timestamp) -> BIGINT")
                        .describe("The day of the month.", "day(DATE '2024-05-17') = 17")
                        .typed(DuckDbReturnTypes.BIGINT, OperandTypes.DATETIME)
                        .kernel(call -> extract(ExtractExpr.Unit.DAY, call, 0))
                        .build(),
                BuiltinFunction.scalar("dayofweek")
                        .signature("dayofweek(date_or_timestamp) -> BIGINT")
                        .describe("The day of the week, Sunday = 0.", "dayofweek(DATE '2024-05-17') = 5")
                        .typed(DuckDbReturnTypes.BIGINT, OperandTypes.DATETIME)
                        .replaces(SqlStdOperatorTable.DAYOFWEEK)
                        .kernel(call -> extract(ExtractExpr.Unit.DOW, call, 0))
                        .build(),
                DATE_TRUNC,
                typedPart(
                        "isodow",
                        ExtractExpr.Unit.ISODOW,
                        "The ISO day of the week, Monday = 1 to Sunday = 7.",
                        "isodow(DATE '2024-05-19') = 7"),
                typedPart(
                        "weekday",
                        ExtractExpr.Unit.DOW,
                        "The day of the week, Sunday = 0 (as dayofweek).",
                        "weekday(DATE '2024-05-17') = 5"),
                typedPart(
                        "isoyear",
                        ExtractExpr.Unit.ISOYEAR,
                        "The ISO 8601 year (of the ISO week).",
                        "isoyear(DATE '2024-12-30') = 2025"),
                typedPart(
                        "weekofyear",
                        ExtractExpr.Unit.WEEK,
                        "The ISO week number (as week).",
                        "weekofyear(DATE '2024-12-30') = 1"),
                typedPart(
                        "decade",
                        ExtractExpr.Unit.DECADE,
                        "The year divided by 10.",
                        "decade(DATE '2024-05-17') = 202"),
                typedPart(
                        "century",
                        ExtractExpr.Unit.CENTURY,
                        "The century: 2001 to 2100 is the 21st.",
                        "century(DATE '2024-05-17') = 21"),
                typedPart(
                        "millennium",
                        ExtractExpr.Unit.MILLENNIUM,
                        "The millennium: 2001 to 3000 is the 3rd.",
                        "millennium(DATE '2024-05-17') = 3"),
                typedPart(
                        "millisecond",
                        ExtractExpr.Unit.MILLISECOND,
                        "Milliseconds into the minute, the seconds included.",
                        "millisecond(TIMESTAMP '2024-05-17 10:00:05.123') = 5123"),
                typedPart(
                        "microsecond",
                        ExtractExpr.Unit.MICROSECOND,
                        "Microseconds into the minute, the seconds included.",
                        "microsecond(TIMESTAMP '2024-05-17 10:00:05.123') = 5123000"),
                typedPart(
                        "yearweek",
                        ExtractExpr.Unit.YEARWEEK,
                        "The ISO year times 100 plus the ISO week (minus the week before year 1).",
                        "yearweek(DATE '2024-12-30') = 202501"),
                typedPart("era", ExtractExpr.Unit.ERA, "1 for years AD (CE), 0 for BC.", "era(DATE '2024-05-17') = 1"),
                typedPart(
                        "timezone_hour",
                        ExtractExpr.Unit.TIMEZONE_HOUR,
                        "The hours of the UTC offset: of the session's zone for a TIMESTAMPTZ, else 0.",
                        "timezone_hour(TIMESTAMP '2024-05-17 10:00:00') = 0"),
                typedPart(
                        "timezone_minute",
                        ExtractExpr.Unit.TIMEZONE_MINUTE,
                        "The minutes of the UTC offset (after its hours): of the session's zone for a"
                                + " TIMESTAMPTZ, else 0.",
                        "timezone_minute(TIMESTAMP '2024-05-17 10:00:00') = 0"),
                BuiltinFunction.scalar("julian")
                        .signature("julian(date_or_timestamp) -> DOUBLE")
                        .describe(
                                "The Julian day number, with the time of day as a fraction.",
                                "julian(DATE '2024-01-01') = 2460311.0")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.DATETIME)
                        .kernel(call -> extract(ExtractExpr.Unit.JULIAN, call, 0))
                        .build(),
                typedPart(
                        "nanosecond",
                        ExtractExpr.Unit.NANOSECOND,
                        "Nanoseconds into the minute, the seconds included.",
                        "nanosecond(TIMESTAMP '2024-05-17 10:00:05.123') = 5123000000"),
                BuiltinFunction.scalar("timezone")
                        .signature("timezone(zone, timestamp_or_timestamptz) -> TIMESTAMPTZ or TIMESTAMP")
                        .describe(
                                "A TIMESTAMP read as wall-clock time in the zone (a TIMESTAMPTZ), or the wall-clock"
                                        + " TIMESTAMP a TIMESTAMPTZ shows in the zone.",
                                "timezone('UTC', TIMESTAMPTZ '2024-01-02 03:04:05+02') = 2024-01-02 01:04:05")
                        .typed(
                                DuckDbReturnTypes::timezone,
                                OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.TIMESTAMP))
                        .kernel(call -> new TimeZoneExpr(zone(call.constantString(0)), call.operand(1), call.result()))
                        .build(),
                BuiltinFunction.scalar("now", "get_current_timestamp", "transaction_timestamp")
                        .signature("now() -> TIMESTAMP WITH TIME ZONE")
                        .describe(
                                "The instant the statement started, the same in every row and call of it.",
                                "now()::DATE = current_date")
                        .typed(
                                ReturnTypes.explicit(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6),
                                OperandTypes.NILADIC)
                        .kernel(call -> new LiteralExpr(
                                call.result(), StatementTime.current().startMicros()))
                        .build(),
                BuiltinFunction.scalar("current_timestamp")
                        .signature("current_timestamp -> TIMESTAMP WITH TIME ZONE")
                        .describe("The instant the statement started, as now().", "current_timestamp = now()")
                        .standard(DuckDbOperators.CURRENT_TIMESTAMP)
                        .replaces(SqlStdOperatorTable.CURRENT_TIMESTAMP)
                        .kernel(call -> new LiteralExpr(
                                call.result(), StatementTime.current().startMicros()))
                        .build(),
                BuiltinFunction.scalar("date_part", "datepart")
                        .signature("date_part(unit | [units], date_timestamp_or_interval) -> BIGINT (DOUBLE for"
                                + " 'epoch'), a STRUCT of them for a list")
                        .describe(
                                "One field of the value, named by a string, as EXTRACT.",
                                "date_part('month', DATE '2024-05-17') = 5")
                        .typed(
                                DuckDbReturnTypes::datePart,
                                OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME)
                                        .or(OperandTypes.family(SqlTypeFamily.ARRAY, SqlTypeFamily.DATETIME))
                                        .or(OperandTypes.family(
                                                SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME_INTERVAL)))
                        .kernel(DateBuiltins::datePart)
                        .build(),
                BuiltinFunction.scalar("epoch")
                        .signature("epoch(date_timestamp_or_interval) -> DOUBLE")
                        .describe(
                                "Seconds since 1970-01-01 00:00:00, with the fraction: date_part('epoch', x); of an INTERVAL,"
                                        + " its length (a month 30 days, a year 365.25).",
                                "epoch(TIMESTAMP '1970-01-01 00:01:00.5') = 60.5")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.DATETIME.or(OperandTypes.INTERVAL))
                        .kernel(call -> extract(ExtractExpr.Unit.EPOCH, call, 0))
                        .build(),
                BuiltinFunction.scalar("date_diff", "datediff")
                        .signature("date_diff(unit, start, end) -> BIGINT")
                        .describe(
                                "The number of unit boundaries crossed from start to end.",
                                "date_diff('month', DATE '2024-01-31', DATE '2024-02-01') = 1")
                        .typed(
                                DuckDbReturnTypes.BIGINT,
                                OperandTypes.family(
                                        SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME))
                        .kernel(DateBuiltins::dateDiff)
                        .build(),
                BuiltinFunction.scalar("last_day")
                        .signature("last_day(date_or_timestamp) -> DATE")
                        .describe("The last day of the value's month.", "last_day(DATE '2024-02-10') = 2024-02-29")
                        .standard(SqlStdOperatorTable.LAST_DAY)
                        .kernel(call -> new DateFunctionExpr(
                                DateFunctionExpr.Function.LAST_DAY,
                                List.of(call.operandAs(0, KernelCall.TIMESTAMP)),
                                call.result()))
                        .build(),
                BuiltinFunction.scalar("make_date")
                        .signature("make_date(year, month, day) -> DATE")
                        .describe(
                                "The date with these parts; an invalid date is an error.",
                                "make_date(2024, 5, 17) = 2024-05-17")
                        .typed(
                                ReturnTypes.DATE_NULLABLE,
                                OperandTypes.family(
                                        SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER))
                        .kernel(call -> new DateFunctionExpr(
                                DateFunctionExpr.Function.MAKE_DATE, call.operands(), call.result()))
                        .build(),
                NORMALIZED_INTERVAL,
                toInterval("to_millennia", new Interval(12_000, 0, 0), "millennia", "to_millennia(1) = 1000 years"),
                toInterval("to_centuries", new Interval(1_200, 0, 0), "centuries", "to_centuries(2) = 200 years"),
                toInterval("to_decades", new Interval(120, 0, 0), "decades", "to_decades(2) = 20 years"),
                toInterval("to_years", new Interval(12, 0, 0), "years", "to_years(2) = 2 years"),
                toInterval("to_quarters", new Interval(3, 0, 0), "quarters", "to_quarters(5) = 1 year 3 months"),
                toInterval("to_months", new Interval(1, 0, 0), "months", "to_months(14) = 1 year 2 months"),
                toInterval("to_weeks", new Interval(0, 7, 0), "weeks (of 7 days)", "to_weeks(2) = 14 days"),
                toInterval("to_days", new Interval(0, 1, 0), "days", "to_days(3) = 3 days"),
                toInterval("to_hours", Interval.ofMicros(3_600_000_000L), "hours", "to_hours(36) = 36:00:00"),
                toInterval("to_minutes", Interval.ofMicros(60_000_000L), "minutes", "to_minutes(90) = 01:30:00"),
                toInterval("to_seconds", Interval.ofMicros(1_000_000L), "whole seconds", "to_seconds(5) = 00:00:05"),
                toInterval(
                        "to_milliseconds",
                        Interval.ofMicros(1_000L),
                        "whole milliseconds",
                        "to_milliseconds(1500) = 00:00:01.5"),
                toInterval(
                        "to_microseconds",
                        Interval.ofMicros(1L),
                        "microseconds",
                        "to_microseconds(1) = 00:00:00.000001"));
    }

    /** normalized_interval(interval): its time carried into days and its days into 30-day months. */
    private static final BuiltinFunction NORMALIZED_INTERVAL = BuiltinFunction.scalar("normalized_interval")
            .signature("normalized_interval(interval) -> INTERVAL")
            .describe(
                    "The interval with its time carried into days and its days into 30-day months, rounding"
                            + " down: the time below 24 hours, the days below 30, only the months negative.",
                    "normalized_interval(INTERVAL '1000 hours') = 1 month 11 days 16:00:00")
            .typed(DuckDbReturnTypes.INTERVAL, OperandTypes.family(SqlTypeFamily.DATETIME_INTERVAL))
            .kernel(call -> new IntervalArithmeticExpr(
                    IntervalArithmeticExpr.Operator.NORMALIZE, call.operand(0), null, call.result()))
            .build();

    /** {@code name(n)}: the INTERVAL of n times {@code unit} (NULL for NULL; overflow is an error). */
    private static BuiltinFunction toInterval(String name, Interval unit, String units, String example) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(integer) -> INTERVAL")
                .describe("The interval of that many " + units + ".", example)
                .typed(DuckDbReturnTypes.INTERVAL, OperandTypes.family(SqlTypeFamily.INTEGER))
                .kernel(call -> new IntervalArithmeticExpr(
                        IntervalArithmeticExpr.Operator.TIMES,
                        new LiteralExpr(call.result(), unit),
                        call.operand(0),
                        call.result()))
                .build();
    }

    /** {@code name(d)}: Calcite's grammar turns these into EXTRACT; defined here so they are documented. */
    private static BuiltinFunction part(
            String name, SqlOperator operator, ExtractExpr.Unit unit, String sentence, String exampleResult) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(date_or_timestamp) -> BIGINT")
                .describe(sentence, name + "(DATE '2024-05-17') = " + exampleResult)
                .standard(operator)
                .kernel(call -> extract(unit, call, 0))
                .build();
    }

    /**
     * EXTRACT of operand {@code index}; a TIMESTAMPTZ is read on the session zone's wall clock (its
     * epoch stays the instant's), as DuckDB's ICU functions do. An INTERVAL's parts are read as they are.
     */
    private static Expr extract(ExtractExpr.Unit unit, KernelCall call, int index) {
        Expr operand = call.operand(index);
        if (operand.field().getType() instanceof ArrowType.Interval) {
            return new IntervalExtractExpr(unit, operand, call.result());
        }
        return extract(unit, operand, call.result());
    }

    /** EXTRACT of a date or timestamp into {@code field}; see {@link #extract(ExtractExpr.Unit, KernelCall, int)}. */
    private static Expr extract(ExtractExpr.Unit unit, Expr operand, Field field) {
        boolean zoned =
                operand.field().getType() instanceof ArrowType.Timestamp timestamp && timestamp.getTimezone() != null;
        if (unit.readsInstant()) {
            return new ExtractExpr(
                    unit, operand, field, zoned ? StatementTime.current().zone() : null);
        }
        return new ExtractExpr(unit, localWallClock(operand), field);
    }

    /** A TIMESTAMPTZ operand as the TIMESTAMP the session zone's wall clock shows; others as they are. */
    static Expr localWallClock(Expr operand) {
        if (operand.field().getType() instanceof ArrowType.Timestamp timestamp && timestamp.getTimezone() != null) {
            Field local =
                    new Field("local", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)), null);
            return new CastExpr(operand, local, StatementTime.current().zone());
        }
        return operand;
    }

    /** date_part of one unit, or of a list of units: a STRUCT with one member per unit, named by it. */
    private static Expr datePart(KernelCall call) {
        if (!(call.result().getType() instanceof ArrowType.Struct)) {
            boolean constantUnit = call.operand(0) instanceof LiteralExpr literal && literal.value() != null;
            if (!constantUnit && !(call.operand(1).field().getType() instanceof ArrowType.Interval)) {
                return datePartByRow(call);
            }
            return extract(extractUnit(call.constantString(0)), call, 1);
        }
        List<String> units = call.constantStringList(0);
        if (units == null) {
            throw new QuiverException(ErrorCode.UNSUPPORTED, "date_part takes a list of constant units only");
        }
        Expr operand = call.operand(1);
        List<Expr> members = new ArrayList<>();
        for (int index = 0; index < units.size(); index++) {
            ExtractExpr.Unit unit = extractUnit(units.get(index));
            Field member = call.result().getChildren().get(index);
            members.add(extract(unit, operand, member));
        }
        Expr struct = new NestedConstructorExpr(NestedConstructorExpr.Shape.STRUCT, members, call.result());
        // as DuckDB: the parts of NULL are NULL, not a struct of NULLs (an infinity's are the latter)
        Field known = new Field("known", FieldType.notNullable(ArrowType.Bool.INSTANCE), null);
        return new CaseExpr(
                List.of(new NullTestExpr(NullTestExpr.Test.IS_NOT_NULL, operand, known)),
                List.of(struct),
                LiteralExpr.nullOf(call.result()),
                call.result());
    }

    /** date_part with a unit that varies by row: a DOUBLE, as DuckDB types it then. */
    private static Expr datePartByRow(KernelCall call) {
        Expr value = call.operand(1);
        boolean date = value.field().getType() instanceof ArrowType.Date;
        ZoneId zone =
                value.field().getType() instanceof ArrowType.Timestamp timestamp && timestamp.getTimezone() != null
                        ? StatementTime.current().zone()
                        : null;
        return new RowKernelExpr(
                call.name(),
                List.of(RowKernelExpr.Operand.TEXT, RowKernelExpr.Operand.TIMESTAMP),
                row -> {
                    ExtractExpr.Unit unit = extractUnit(row.text(0));
                    if (date && unit.readsInstant() && unit != ExtractExpr.Unit.EPOCH) {
                        throw new QuiverException(
                                ErrorCode.INVALID_ARGUMENT, "\"date\" units \"" + row.text(0) + "\" not recognized");
                    }
                    return ExtractExpr.fractionalPart(unit, row.integer(1), zone);
                },
                true,
                List.of(call.operand(0), date ? KernelCall.cast(value, KernelCall.TIMESTAMP) : value),
                call.result());
    }

    /** {@code name(d) -> BIGINT}: one EXTRACT field under DuckDB's function name. */
    private static BuiltinFunction typedPart(String name, ExtractExpr.Unit unit, String sentence, String example) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(date_or_timestamp) -> BIGINT")
                .describe(sentence, example)
                .typed(DuckDbReturnTypes.BIGINT, OperandTypes.DATETIME)
                .kernel(call -> extract(unit, call, 0))
                .build();
    }

    /** The EXTRACT field of a date_part unit name, as DuckDB spells them. */
    private static ExtractExpr.Unit extractUnit(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT).trim()) {
            case "dow", "dayofweek", "weekday" -> ExtractExpr.Unit.DOW;
            case "isodow" -> ExtractExpr.Unit.ISODOW;
            case "doy", "dayofyear" -> ExtractExpr.Unit.DOY;
            case "isoyear" -> ExtractExpr.Unit.ISOYEAR;
            case "epoch" -> ExtractExpr.Unit.EPOCH;
            case "julian" -> ExtractExpr.Unit.JULIAN;
            case "era" -> ExtractExpr.Unit.ERA;
            case "yearweek" -> ExtractExpr.Unit.YEARWEEK;
            case "timezone" -> ExtractExpr.Unit.TIMEZONE;
            case "timezone_hour" -> ExtractExpr.Unit.TIMEZONE_HOUR;
            case "timezone_minute" -> ExtractExpr.Unit.TIMEZONE_MINUTE;
            case "week", "weeks", "w", "weekofyear" -> ExtractExpr.Unit.WEEK;
            default -> ExtractExpr.Unit.valueOf(DateTruncExpr.Unit.parse(unit).name());
        };
    }

    private static ExtractExpr.Unit extractUnit(TimeUnitRange unit) {
        return switch (unit) {
            case YEAR -> ExtractExpr.Unit.YEAR;
            case QUARTER -> ExtractExpr.Unit.QUARTER;
            case MONTH -> ExtractExpr.Unit.MONTH;
            case WEEK -> ExtractExpr.Unit.WEEK;
            case DAY -> ExtractExpr.Unit.DAY;
            case DOW -> ExtractExpr.Unit.DOW;
            case ISODOW -> ExtractExpr.Unit.ISODOW;
            case DOY -> ExtractExpr.Unit.DOY;
            case ISOYEAR -> ExtractExpr.Unit.ISOYEAR;
            case DECADE -> ExtractExpr.Unit.DECADE;
            case CENTURY -> ExtractExpr.Unit.CENTURY;
            case MILLENNIUM -> ExtractExpr.Unit.MILLENNIUM;
            case EPOCH -> ExtractExpr.Unit.EPOCH;
            case HOUR -> ExtractExpr.Unit.HOUR;
            case MINUTE -> ExtractExpr.Unit.MINUTE;
            case SECOND -> ExtractExpr.Unit.SECOND;
            case MILLISECOND -> ExtractExpr.Unit.MILLISECOND;
            case MICROSECOND -> ExtractExpr.Unit.MICROSECOND;
            case NANOSECOND -> ExtractExpr.Unit.NANOSECOND;
            default -> throw new QuiverException(ErrorCode.UNSUPPORTED, "EXTRACT(" + unit + ") is not supported yet");
        };
    }
}
