package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.AbsExpr;
import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.ConcatWsExpr;
import dev.quiver.engine.exec.expr.DateDiffExpr;
import dev.quiver.engine.exec.expr.DateFunctionExpr;
import dev.quiver.engine.exec.expr.DateTruncExpr;
import dev.quiver.engine.exec.expr.DoubleFunctionExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.ExtractExpr;
import dev.quiver.engine.exec.expr.GreatestExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.PositionExpr;
import dev.quiver.engine.exec.expr.RoundExpr;
import dev.quiver.engine.exec.expr.SignExpr;
import dev.quiver.engine.exec.expr.TextFunctionExpr;
import dev.quiver.engine.exec.expr.TrimExpr;
import dev.quiver.engine.type.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Translates calls of DuckDB's scalar functions ({@code function/DuckDbFunctions} and the math
 * functions of Calcite's standard table) into their kernels: which kernel, and the casts that give
 * each operand the type the kernel computes in. Null when the call is not one of them.
 */
final class FunctionCalls {
    private static final String NAME = "$expr";
    private static final Field DOUBLE = field(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    private static final Field VARCHAR = field(ArrowType.Utf8.INSTANCE);
    private static final Field TIMESTAMP = field(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));

    private FunctionCalls() {
    }

    static Expr translate(RexCall call, Function<RexNode, Expr> translator) {
        List<RexNode> rex = call.getOperands();
        List<Expr> operands = new ArrayList<>(rex.size());
        for (RexNode operand : rex) {
            operands.add(operand instanceof RexLiteral literal && isUnitArgument(call, operand) ? null
                    : translator.apply(operand));
        }
        Field result = TypeMapping.toField(NAME, call.getType());
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        return switch (name) {
            // numbers
            case "ABS" -> new AbsExpr(operands.getFirst(), result);
            case "SIGN" -> new SignExpr(operands.getFirst(), result);
            case "ROUND", "TRUNC", "FLOOR", "CEIL", "CEILING" -> new RoundExpr(roundMode(name),
                    // a DECIMAL is rounded by the kernel itself; a CAST to the result scale would round it first
                    result.getType() instanceof ArrowType.Decimal ? operands.getFirst()
                            : cast(operands.getFirst(), result), operands.size() > 1 ? constantInt(rex.get(1), name) : 0,
                    result);
            case "SQRT", "CBRT", "EXP", "LN", "LOG10", "LOG2" ->
                new DoubleFunctionExpr(DoubleFunctionExpr.Function.valueOf(name), doubles(operands), result);
            case "LOG" -> operands.size() == 1
                    ? new DoubleFunctionExpr(DoubleFunctionExpr.Function.LOG10, doubles(operands), result)
                    : new DoubleFunctionExpr(DoubleFunctionExpr.Function.LOG, doubles(operands), result);
            case "POWER", "POW" -> new DoubleFunctionExpr(DoubleFunctionExpr.Function.POWER, doubles(operands), result);
            case "PI" -> new LiteralExpr(result, Math.PI);
            case "GREATEST", "LEAST" -> new GreatestExpr(name.equals("GREATEST"), castAll(operands, result), result);
            // strings
            case "CONCAT" -> new ConcatWsExpr(null, text(operands), result);
            case "CONCAT_WS" -> new ConcatWsExpr(cast(operands.getFirst(), VARCHAR),
                    text(operands.subList(1, operands.size())), result);
            case "STRPOS", "INSTR" -> new PositionExpr(operands.get(1), operands.get(0), null, result);
            case "LTRIM", "RTRIM" -> new TrimExpr(name.equals("LTRIM") ? TrimExpr.Side.LEADING : TrimExpr.Side.TRAILING,
                    operands.size() > 1 ? operands.get(1) : new LiteralExpr(VARCHAR, " "), operands.getFirst(), result);
            case "REPLACE", "LPAD", "RPAD", "LEFT", "RIGHT", "REVERSE", "REPEAT", "SPLIT_PART", "CHR", "ASCII",
                    "STARTS_WITH", "ENDS_WITH", "CONTAINS", "REGEXP_MATCHES", "REGEXP_REPLACE" ->
                new TextFunctionExpr(TextFunctionExpr.Function.valueOf(name), operands, result);
            case "SUFFIX" -> new TextFunctionExpr(TextFunctionExpr.Function.ENDS_WITH, operands, result);
            // dates
            case "DATE_TRUNC" -> new DateTruncExpr(DateTruncExpr.Unit.parse(constantString(rex.get(0), name)),
                    operands.get(1), result);
            case "DATE_PART", "DATEPART" -> new ExtractExpr(extractUnit(constantString(rex.get(0), name)),
                    operands.get(1), result);
            case "DAY" -> new ExtractExpr(ExtractExpr.Unit.DAY, operands.getFirst(), result);
            case "DAYOFWEEK" -> new ExtractExpr(ExtractExpr.Unit.DOW, operands.getFirst(), result);
            case "DATE_DIFF", "DATEDIFF" -> new DateDiffExpr(DateTruncExpr.Unit.parse(constantString(rex.get(0), name)),
                    cast(operands.get(1), TIMESTAMP), cast(operands.get(2), TIMESTAMP), result);
            case "LAST_DAY" -> new DateFunctionExpr(DateFunctionExpr.Function.LAST_DAY,
                    List.of(cast(operands.getFirst(), TIMESTAMP)), result);
            case "MAKE_DATE" -> new DateFunctionExpr(DateFunctionExpr.Function.MAKE_DATE, operands, result);
            default -> null;
        };
    }

    /** The unit names of date_trunc, date_part and date_diff are read as constants, not evaluated. */
    private static boolean isUnitArgument(RexCall call, RexNode operand) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        return call.getOperands().getFirst() == operand && (name.equals("DATE_TRUNC") || name.equals("DATE_PART")
                || name.equals("DATEPART") || name.equals("DATE_DIFF") || name.equals("DATEDIFF"));
    }

    private static RoundExpr.Mode roundMode(String name) {
        return switch (name) {
            case "ROUND" -> RoundExpr.Mode.ROUND;
            case "TRUNC" -> RoundExpr.Mode.TRUNC;
            case "FLOOR" -> RoundExpr.Mode.FLOOR;
            default -> RoundExpr.Mode.CEIL;
        };
    }

    /** The EXTRACT field of a date_part unit name, as DuckDB spells them. */
    private static ExtractExpr.Unit extractUnit(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT).trim()) {
            case "dow", "dayofweek", "weekday" -> ExtractExpr.Unit.DOW;
            case "isodow" -> ExtractExpr.Unit.ISODOW;
            case "doy", "dayofyear" -> ExtractExpr.Unit.DOY;
            case "isoyear" -> ExtractExpr.Unit.ISOYEAR;
            case "epoch" -> ExtractExpr.Unit.EPOCH;
            case "week", "weeks", "w", "weekofyear" -> ExtractExpr.Unit.WEEK;
            default -> ExtractExpr.Unit.valueOf(DateTruncExpr.Unit.parse(unit).name());
        };
    }

    private static List<Expr> doubles(List<Expr> operands) {
        return castAll(operands, DOUBLE);
    }

    private static List<Expr> text(List<Expr> operands) {
        return castAll(operands, VARCHAR);
    }

    private static List<Expr> castAll(List<Expr> operands, Field target) {
        List<Expr> cast = new ArrayList<>(operands.size());
        for (Expr operand : operands) {
            cast.add(cast(operand, target));
        }
        return cast;
    }

    /** {@code operand} in {@code target}'s type (a NULL literal stays NULL-typed). */
    private static Expr cast(Expr operand, Field target) {
        if (operand.field().getType().equals(target.getType())
                || operand.field().getType() instanceof ArrowType.Null) {
            return operand;
        }
        return new CastExpr(operand, field(target.getType()));
    }

    private static Field field(ArrowType type) {
        return new Field(NAME, FieldType.nullable(type), null);
    }

    private static int constantInt(RexNode node, String function) {
        if (node instanceof RexLiteral literal && !literal.isNull()) {
            Integer value = literal.getValueAs(Integer.class);
            if (value != null) {
                return value;
            }
        }
        throw new QuiverException(ErrorCode.UNSUPPORTED, function.toLowerCase(Locale.ROOT)
                + " with a number of digits that is not a constant is not supported yet");
    }

    private static String constantString(RexNode node, String function) {
        if (node instanceof RexLiteral literal && !literal.isNull()) {
            String value = literal.getValueAs(String.class);
            if (value != null) {
                return value;
            }
        }
        throw new QuiverException(ErrorCode.UNSUPPORTED, function.toLowerCase(Locale.ROOT)
                + " with a unit that is not a constant is not supported yet");
    }
}
