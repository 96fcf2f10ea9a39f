package dev.quiver.engine.plan;

import dev.quiver.engine.exec.vector.Interval;
import dev.quiver.engine.function.InfixCast;
import dev.quiver.engine.sql.parser.IntervalTypeNameSpec;
import java.math.BigDecimal;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * DuckDB's one INTERVAL type at validation. Calcite types {@code INTERVAL '1' MONTH} as a
 * year-month interval and {@code INTERVAL '2' DAY} as a day-time one, two families that never meet
 * in one expression (no {@code +}, comparison, CASE, UNION or VALUES of both), while Quiver's
 * INTERVAL (day-time to Calcite, months, days and microseconds at run time) holds both. So, before
 * validation, every year-month interval becomes an expression of Quiver's type: a literal DuckDB's
 * constructor ({@code INTERVAL '14' MONTH} is {@code to_months(14)}, as DuckDB plans it too), DuckDB's
 * {@code INTERVAL (e) MONTH} its {@code to_months(CAST(trunc(e) AS BIGINT))}, DuckDB's {@code INTERVAL
 * '1 month 2 days'} {@code to_months(1) + to_days(2)}. Calcite's day-time literals stay
 * Calcite's: they already meet Quiver's type, and constant folding sees them as before (TPC-H's
 * {@code DATE '1998-12-01' - INTERVAL '90' DAY}).
 *
 * <p>{@code INTERVAL (e) unit} with a number that is not an integer literal counts whole units, as
 * DuckDB ({@code INTERVAL (1.7) DAY} is 1 day); only SECOND keeps the fraction.
 */
final class DuckDbIntervals {
    private DuckDbIntervals() {}

    /** {@code node} in Quiver's INTERVAL type if it is a year-month interval or an interval of a fraction, else null. */
    static SqlNode rewrite(SqlNode node) {
        if (node instanceof SqlIntervalLiteral literal
                && literal.getTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
            Long months = literal.getValueAs(Long.class);
            return months == null ? null : months(months, literal.getParserPosition());
        }
        if (node instanceof SqlCall call && call.getOperator() == SqlStdOperatorTable.INTERVAL) {
            return intervalOf(call);
        }
        if (node instanceof SqlCall cast
                && (cast.getKind() == SqlKind.CAST || cast.getOperator() == InfixCast.INSTANCE)
                && cast.operand(0) instanceof SqlCharStringLiteral text
                && cast.operand(1) instanceof SqlDataTypeSpec type
                && type.getTypeNameSpec() instanceof IntervalTypeNameSpec) {
            return ofText(text.getValueAs(String.class), cast.getParserPosition());
        }
        return null;
    }

    /**
     * DuckDB's {@code INTERVAL '1 month 2 days'} (a cast of the text) as the sum of its parts'
     * constructors, {@code to_months(1) + to_days(2)}, which constant folding evaluates: Calcite's
     * monotonicity check reads a cast string beside {@code *} as a number ({@code k * INTERVAL '1
     * month'}) and fails.
     */
    private static SqlNode ofText(String text, SqlParserPos pos) {
        Interval interval = Interval.parse(text); // text that is no interval fails here, as in DuckDB's binder
        if (interval.micros() == Long.MIN_VALUE) {
            return null; // no literal of its magnitude
        }
        SqlNode sum = null;
        if (interval.months() != 0) {
            sum = months(interval.months(), pos);
        }
        if (interval.days() != 0) {
            sum = plus(sum, function("to_days", pos).createCall(pos, count(interval.days(), pos)), pos);
        }
        if (interval.micros() != 0 || sum == null) {
            sum = plus(sum, function("to_microseconds", pos).createCall(pos, count(interval.micros(), pos)), pos);
        }
        return sum;
    }

    private static SqlNode plus(SqlNode left, SqlNode right, SqlParserPos pos) {
        return left == null ? right : SqlStdOperatorTable.PLUS.createCall(pos, left, right);
    }

    /**
     * {@code INTERVAL (e) unit}: an integer literal of a year-month unit as a constant; any other
     * number as DuckDB's {@code to_<units>(CAST(trunc(e) AS BIGINT))}; an integer literal of a
     * day-time unit and any number of seconds stay Calcite's {@code e * INTERVAL '1' unit}.
     */
    private static SqlNode intervalOf(SqlCall call) {
        SqlNode amount = call.operand(0);
        SqlIntervalQualifier qualifier = call.operand(1);
        SqlParserPos pos = call.getParserPosition();
        TimeUnit unit = qualifier.getStartUnit();
        BigDecimal whole = integer(amount);
        if (qualifier.isYearMonth() && whole != null) {
            long monthsPerUnit = unit.multiplier.longValueExact(); // Calcite counts year-month units in months
            return months(Math.multiplyExact(whole.longValueExact(), monthsPerUnit), pos);
        }
        String constructor = switch (unit) {
            case YEAR -> "to_years";
            case QUARTER -> "to_quarters";
            case MONTH -> "to_months";
            case WEEK -> "to_weeks";
            case DAY -> "to_days";
            case HOUR -> "to_hours";
            case MINUTE -> "to_minutes";
            default -> null;
        };
        if (constructor == null || whole != null || qualifier.timeFrameName != null) {
            return null;
        }
        return function(constructor, pos).createCall(pos, wholeUnits(amount, pos));
    }

    /** The value of an integer literal, possibly negated, else null. */
    private static BigDecimal integer(SqlNode amount) {
        if (amount instanceof SqlNumericLiteral number && number.isInteger()) {
            return number.getValueAs(BigDecimal.class);
        }
        if (amount instanceof SqlCall minus
                && minus.getOperator() == SqlStdOperatorTable.UNARY_MINUS
                && integer(minus.operand(0)) instanceof BigDecimal negated) {
            return negated.negate();
        }
        return null;
    }

    /** {@code CAST(trunc(amount) AS BIGINT)}: DuckDB's whole units of {@code INTERVAL (amount) unit}. */
    private static SqlNode wholeUnits(SqlNode amount, SqlParserPos pos) {
        SqlNode truncated = new SqlUnresolvedFunction(
                        new SqlIdentifier("trunc", pos),
                        null,
                        null,
                        null,
                        null,
                        SqlFunctionCategory.USER_DEFINED_FUNCTION)
                .createCall(pos, amount);
        return SqlStdOperatorTable.CAST.createCall(
                pos, truncated, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos), pos));
    }

    /** The built-in function {@code name}, resolved by the validator. */
    private static SqlUnresolvedFunction function(String name, SqlParserPos pos) {
        return new SqlUnresolvedFunction(
                new SqlIdentifier(name, pos), null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }

    /**
     * {@code to_months(n)}: a constant of Quiver's INTERVAL type holding months only, which constant
     * folding evaluates. Not {@code CAST('n months' AS INTERVAL)}: Calcite's monotonicity check reads
     * a cast string beside {@code *} as a number ({@code d + k * INTERVAL 1 MONTH}) and fails.
     */
    private static SqlNode months(long months, SqlParserPos pos) {
        return function("to_months", pos).createCall(pos, count(months, pos));
    }

    /** An integer literal of {@code value}, negated when below zero. */
    private static SqlNode count(long value, SqlParserPos pos) {
        SqlNumericLiteral count = SqlLiteral.createExactNumeric(Long.toString(Math.abs(value)), pos);
        return value < 0 ? SqlLiteral.createNegative(count, pos) : count;
    }
}
