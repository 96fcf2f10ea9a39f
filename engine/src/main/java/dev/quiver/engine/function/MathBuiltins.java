package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.AbsExpr;
import dev.quiver.engine.exec.expr.DoubleKernelExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.GreatestExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.LongKernelExpr;
import dev.quiver.engine.exec.expr.MathFunctions;
import dev.quiver.engine.exec.expr.RandomExpr;
import dev.quiver.engine.exec.expr.RandomSource;
import dev.quiver.engine.exec.expr.RandomUuidExpr;
import dev.quiver.engine.exec.expr.RoundExpr;
import dev.quiver.engine.exec.expr.RowKernelExpr;
import dev.quiver.engine.exec.expr.SetSeedExpr;
import dev.quiver.engine.exec.expr.SignExpr;
import dev.quiver.engine.exec.expr.StringFunctions;
import dev.quiver.engine.exec.expr.support.DateTimes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;

/** The numeric built-ins, typed and computed as DuckDB does (checked in {@code sql/functions/math.test}). */
final class MathBuiltins {
    static final BuiltinFunction FLOOR = BuiltinFunction.scalar("floor")
            .signature("floor(x) -> DOUBLE | DECIMAL(p, 0)")
            .describe("Largest integral value not greater than x.", "floor(-1.5) = -2.0")
            .typed(DuckDbReturnTypes::floor, OperandTypes.NUMERIC)
            .replaces(SqlStdOperatorTable.FLOOR)
            .kernel(call -> round(call, RoundExpr.Mode.FLOOR))
            .build();
    static final BuiltinFunction CEIL = BuiltinFunction.scalar("ceil", "ceiling")
            .signature("ceil(x) -> DOUBLE | DECIMAL(p, 0)")
            .describe("Smallest integral value not less than x.", "ceil(1.2) = 2.0")
            .typed(DuckDbReturnTypes::floor, OperandTypes.NUMERIC)
            .replaces(SqlStdOperatorTable.CEIL)
            .kernel(call -> round(call, RoundExpr.Mode.CEIL))
            .build();

    private MathBuiltins() {}

    /** {@code bit_count}: the operand's bits masked to its type's width (a negative TINYINT has 8). */
    private static Expr bitCount(KernelCall call) {
        Expr operand = call.operand(0);
        long mask = operand.field().getType() instanceof ArrowType.Int integer && integer.getBitWidth() < 64
                ? (1L << integer.getBitWidth()) - 1
                : -1L;
        return new RowKernelExpr(
                call.name(),
                List.of(RowKernelExpr.Operand.INTEGER),
                row -> Long.bitCount(row.integer(0) & mask),
                false,
                List.of(operand),
                call.result());
    }

    static List<BuiltinFunction> definitions() {
        return List.of(
                BuiltinFunction.scalar("gen_random_uuid", "uuid", "uuidv4")
                        .signature("gen_random_uuid() -> UUID")
                        .describe(
                                "A new random (version 4) UUID, different in every row.",
                                "gen_random_uuid() <> gen_random_uuid()")
                        .typed(ReturnTypes.explicit(SqlTypeName.UUID), OperandTypes.NILADIC)
                        .random()
                        .kernel(call -> new RandomUuidExpr(call.result()))
                        .build(),
                BuiltinFunction.scalar("uuidv7")
                        .signature("uuidv7() -> UUID")
                        .describe(
                                "A new version 7 UUID, different in every row: the current Unix time in milliseconds,"
                                        + " then random bits.",
                                "uuid_extract_version(uuidv7()) = 7")
                        .typed(ReturnTypes.explicit(SqlTypeName.UUID), OperandTypes.NILADIC)
                        .random()
                        .kernel(call -> new RandomUuidExpr(call.result(), 7))
                        .build(),
                BuiltinFunction.scalar("uuid_extract_version")
                        .signature("uuid_extract_version(uuid) -> INTEGER")
                        .describe(
                                "The version of a UUID (INTEGER where DuckDB has UINTEGER).",
                                "uuid_extract_version(uuidv7()) = 7")
                        .typed(ReturnTypes.INTEGER_NULLABLE, OperandTypes.typeName(SqlTypeName.UUID))
                        .kernel(call -> uuidKernel(call, row -> StringFunctions.uuidVersion(row.text(0)), false))
                        .build(),
                BuiltinFunction.scalar("uuid_extract_timestamp")
                        .signature("uuid_extract_timestamp(uuid) -> TIMESTAMPTZ")
                        .describe(
                                "The time in a version 7 UUID; another version is an error.",
                                "uuid_extract_timestamp(uuidv7()) <= current_timestamp + INTERVAL 1 SECOND")
                        .typed(
                                ReturnTypes.explicit(factory ->
                                                factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6))
                                        .andThen(SqlTypeTransforms.TO_NULLABLE),
                                OperandTypes.typeName(SqlTypeName.UUID))
                        .kernel(call -> uuidKernel(call, row -> StringFunctions.uuidTimestamp(row.text(0)), true))
                        .build(),
                BuiltinFunction.scalar("abs")
                        .signature("abs(x) -> type of x")
                        .describe("Absolute value; overflow is an error.", "abs(-3) = 3")
                        .standard(SqlStdOperatorTable.ABS)
                        .kernel(call -> new AbsExpr(call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("sign")
                        .signature("sign(x) -> TINYINT")
                        .describe("-1, 0 or 1 by the sign of x (NaN gives 0).", "sign(-2.5) = -1")
                        .typed(DuckDbReturnTypes.TINYINT, OperandTypes.NUMERIC)
                        .replaces(SqlStdOperatorTable.SIGN)
                        .kernel(call -> new SignExpr(call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("round")
                        .signature("round(x[, digits]) -> type of x")
                        .describe(
                                "x rounded half away from zero to digits decimal places (default 0).",
                                "round(2.345, 2) = 2.35")
                        .typed(DuckDbReturnTypes::round, OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_INTEGER))
                        .replaces(SqlStdOperatorTable.ROUND)
                        .kernel(call -> round(call, RoundExpr.Mode.ROUND))
                        .build(),
                BuiltinFunction.scalar("trunc")
                        .signature("trunc(x[, digits]) -> type of x")
                        .describe(
                                "x truncated toward zero to digits decimal places (default 0).",
                                "trunc(-2.789, 1) = -2.7")
                        .typed(DuckDbReturnTypes::round, OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_INTEGER))
                        .kernel(call -> round(call, RoundExpr.Mode.TRUNC))
                        .build(),
                FLOOR,
                CEIL,
                BuiltinFunction.scalar("sqrt")
                        .signature("sqrt(x) -> DOUBLE")
                        .describe(
                                "Square root (NaN for negative x; an error with ieee_floating_point_ops off).",
                                "sqrt(16) = 4.0")
                        .standard(SqlStdOperatorTable.SQRT)
                        .doubleKernel(Math::sqrt, MathFunctions::checkSquareRoot)
                        .build(),
                BuiltinFunction.scalar("cbrt")
                        .signature("cbrt(x) -> DOUBLE")
                        .describe("Cube root.", "cbrt(27) = 3.0")
                        .standard(SqlStdOperatorTable.CBRT)
                        .doubleKernel(Math::cbrt)
                        .build(),
                BuiltinFunction.scalar("power")
                        .signature("power(base, exponent) -> DOUBLE")
                        .describe("base raised to exponent.", "power(2, 10) = 1024.0")
                        .standard(SqlStdOperatorTable.POWER)
                        .doubleKernel(Math::pow, MathFunctions::checkPower)
                        .build(),
                BuiltinFunction.scalar("pow")
                        .signature("pow(base, exponent) -> DOUBLE")
                        .describe("Same as power.", "pow(2, 3) = 8.0")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC_NUMERIC)
                        .doubleKernel(Math::pow, MathFunctions::checkPower)
                        .build(),
                BuiltinFunction.scalar("exp")
                        .signature("exp(x) -> DOUBLE")
                        .describe("e raised to x.", "exp(0) = 1.0")
                        .standard(SqlStdOperatorTable.EXP)
                        .doubleKernel(Math::exp)
                        .build(),
                BuiltinFunction.scalar("ln")
                        .signature("ln(x) -> DOUBLE")
                        .describe(
                                "Natural logarithm (-inf for 0, NaN below; errors with ieee_floating_point_ops off).",
                                "ln(1) = 0.0")
                        .standard(SqlStdOperatorTable.LN)
                        .doubleKernel(Math::log, MathFunctions::checkLogarithm)
                        .build(),
                BuiltinFunction.scalar("log10")
                        .signature("log10(x) -> DOUBLE")
                        .describe("Base-10 logarithm.", "log10(1000) = 3.0")
                        .standard(SqlStdOperatorTable.LOG10)
                        .doubleKernel(Math::log10, MathFunctions::checkLogarithm)
                        .build(),
                BuiltinFunction.scalar("log2")
                        .signature("log2(x) -> DOUBLE")
                        .describe("Base-2 logarithm, exact for powers of two.", "log2(8) = 3.0")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC)
                        .doubleKernel(MathFunctions::log2, MathFunctions::checkLogarithm)
                        .build(),
                BuiltinFunction.scalar("log")
                        .signature("log(x) -> DOUBLE, log(base, x) -> DOUBLE")
                        .describe(
                                "Base-10 logarithm of x, or its base-b logarithm (with ieee_floating_point_ops off,"
                                        + " an error for 0 and below, and for base 1).",
                                "log(2, 8) = 3.0")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_NUMERIC))
                        .kernel(MathBuiltins::log)
                        .build(),
                BuiltinFunction.scalar("pi")
                        .signature("pi() -> DOUBLE")
                        .describe("The constant pi.", "pi() = 3.141592653589793")
                        .standard(SqlStdOperatorTable.PI)
                        .kernel(call -> new LiteralExpr(call.result(), Math.PI))
                        .build(),
                BuiltinFunction.scalar("sin")
                        .signature("sin(x) -> DOUBLE")
                        .describe("Sine of x radians.", "sin(0) = 0.0")
                        .standard(SqlStdOperatorTable.SIN)
                        .doubleKernel(Math::sin)
                        .build(),
                BuiltinFunction.scalar("cos")
                        .signature("cos(x) -> DOUBLE")
                        .describe("Cosine of x radians.", "cos(0) = 1.0")
                        .standard(SqlStdOperatorTable.COS)
                        .doubleKernel(Math::cos)
                        .build(),
                BuiltinFunction.scalar("tan")
                        .signature("tan(x) -> DOUBLE")
                        .describe("Tangent of x radians.", "tan(0) = 0.0")
                        .standard(SqlStdOperatorTable.TAN)
                        .doubleKernel(Math::tan)
                        .build(),
                BuiltinFunction.scalar("asin")
                        .signature("asin(x) -> DOUBLE")
                        .describe(
                                "Arcsine of x, in radians (NaN outside [-1, 1]; an error with ieee_floating_point_ops off).",
                                "asin(1) = 1.5707963267948966")
                        .standard(SqlStdOperatorTable.ASIN)
                        .doubleKernel(Math::asin, (value, unused) -> MathFunctions.checkUnitRange("ASIN", value))
                        .build(),
                BuiltinFunction.scalar("acos")
                        .signature("acos(x) -> DOUBLE")
                        .describe(
                                "Arccosine of x, in radians (NaN outside [-1, 1]; an error with ieee_floating_point_ops off).",
                                "acos(1) = 0.0")
                        .standard(SqlStdOperatorTable.ACOS)
                        .doubleKernel(Math::acos, (value, unused) -> MathFunctions.checkUnitRange("ACOS", value))
                        .build(),
                BuiltinFunction.scalar("cot")
                        .signature("cot(x) -> DOUBLE")
                        .describe(
                                "Cotangent of x radians (inf at 0; an error with ieee_floating_point_ops off).",
                                "cot(1) = 0.6420926159343306")
                        .standard(SqlStdOperatorTable.COT)
                        .doubleKernel(value -> 1 / Math.tan(value), MathFunctions::checkCotangent)
                        .build(),
                BuiltinFunction.scalar("atan")
                        .signature("atan(x) -> DOUBLE")
                        .describe("Arctangent of x, in radians.", "atan(0) = 0.0")
                        .standard(SqlStdOperatorTable.ATAN)
                        .doubleKernel(Math::atan)
                        .build(),
                BuiltinFunction.scalar("atan2")
                        .signature("atan2(y, x) -> DOUBLE")
                        .describe(
                                "Angle of the point (x, y) from the x axis, in radians.",
                                "atan2(0, -1) = 3.141592653589793")
                        .standard(SqlStdOperatorTable.ATAN2)
                        .doubleKernel(Math::atan2)
                        .build(),
                BuiltinFunction.scalar("degrees")
                        .signature("degrees(x) -> DOUBLE")
                        .describe("x radians in degrees.", "degrees(pi()) = 180.0")
                        .standard(SqlStdOperatorTable.DEGREES)
                        .doubleKernel(Math::toDegrees)
                        .build(),
                BuiltinFunction.scalar("radians")
                        .signature("radians(x) -> DOUBLE")
                        .describe("x degrees in radians.", "radians(180) = 3.141592653589793")
                        .standard(SqlStdOperatorTable.RADIANS)
                        .doubleKernel(Math::toRadians)
                        .build(),
                BuiltinFunction.scalar("gcd", "greatest_common_divisor")
                        .signature("gcd(a, b) -> BIGINT | HUGEINT")
                        .describe(
                                "Greatest common divisor of two integers; HUGEINT when either is one.",
                                "gcd(12, 18) = 6")
                        .typed(MathBuiltins::bigintOrHugeint, INTEGERS_OR_HUGEINTS)
                        .kernel(call -> integerPair(call, MathFunctions::gcd, BigInteger::gcd))
                        .build(),
                BuiltinFunction.scalar("bit_count")
                        .signature("bit_count(x integer) -> TINYINT")
                        .describe(
                                "Number of bits set in x, in its own width (bit_count(-1) is 32 for an INTEGER).",
                                "bit_count(7) = 3")
                        .typed(DuckDbReturnTypes.TINYINT, OperandTypes.family(SqlTypeFamily.INTEGER))
                        .kernel(MathBuiltins::bitCount)
                        .build(),
                BuiltinFunction.scalar("lcm", "least_common_multiple")
                        .signature("lcm(a, b) -> BIGINT | HUGEINT")
                        .describe(
                                "Least common multiple of two integers (HUGEINT when either is one); overflow is"
                                        + " an error.",
                                "lcm(4, 6) = 12")
                        .typed(MathBuiltins::bigintOrHugeint, INTEGERS_OR_HUGEINTS)
                        .kernel(call -> integerPair(call, MathFunctions::lcm, MathBuiltins::lcm))
                        .build(),
                BuiltinFunction.scalar("round_even", "roundbankers")
                        .signature("round_even(x, digits) -> type of x")
                        .describe(
                                "x rounded to digits decimal places, a tie to the even neighbour.",
                                "round_even(2.5, 0) = 2")
                        .typed(DuckDbReturnTypes::round, OperandTypes.NUMERIC_INTEGER)
                        .kernel(call -> round(call, RoundExpr.Mode.EVEN))
                        .build(),
                BuiltinFunction.scalar("fmod")
                        .signature("fmod(x DOUBLE, y DOUBLE) -> DOUBLE")
                        .describe(
                                "x minus y times the floor of x / y (the remainder takes y's sign); NaN for y = 0.",
                                "fmod(-7, 2) = 1.0")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC_NUMERIC)
                        .doubleKernel((x, y) -> x - y * Math.floor(x / y), MathFunctions::checkDivisor)
                        .build(),
                BuiltinFunction.scalar("fdiv")
                        .signature("fdiv(x DOUBLE, y DOUBLE) -> DOUBLE")
                        .describe("The floor of x / y; infinite for y = 0.", "fdiv(-7, 2) = -4.0")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC_NUMERIC)
                        .doubleKernel((x, y) -> Math.floor(x / y), MathFunctions::checkDivisor)
                        .build(),
                BuiltinFunction.scalar("even")
                        .signature("even(x) -> DOUBLE")
                        .describe("x rounded away from zero to the next even integer.", "even(2.5) = 4.0")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC)
                        .doubleKernel(MathFunctions::even)
                        .build(),
                BuiltinFunction.scalar("nextafter")
                        .signature("nextafter(x, y) -> DOUBLE | FLOAT")
                        .describe(
                                "The next number after x in the direction of y: a FLOAT when an argument is REAL"
                                        + " and none DOUBLE, else a DOUBLE.",
                                "nextafter(1::DOUBLE, 2::DOUBLE) = 1.0000000000000002")
                        .typed(MathBuiltins::nextAfterType, OperandTypes.NUMERIC_NUMERIC)
                        .kernel(MathBuiltins::nextAfter)
                        .build(),
                BuiltinFunction.scalar("gamma")
                        .signature("gamma(x) -> DOUBLE")
                        .describe("The gamma function: gamma(n) = (n - 1)!.", "gamma(5) = 24.0")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC)
                        .doubleKernel(MathFunctions::gamma, MathFunctions::checkGamma)
                        .build(),
                BuiltinFunction.scalar("lgamma")
                        .signature("lgamma(x) -> DOUBLE")
                        .describe(
                                "The natural logarithm of the gamma function's absolute value.",
                                "lgamma(5) = 3.1780538303479458")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC)
                        .doubleKernel(MathFunctions::logGamma, MathFunctions::checkLogGamma)
                        .build(),
                hyperbolic("sinh", "Hyperbolic sine.", "sinh(0) = 0.0", Math::sinh),
                hyperbolic("cosh", "Hyperbolic cosine.", "cosh(0) = 1.0", Math::cosh),
                hyperbolic("tanh", "Hyperbolic tangent.", "tanh(0) = 0.0", Math::tanh),
                hyperbolic("asinh", "Inverse hyperbolic sine.", "asinh(0) = 0.0", MathFunctions::asinh),
                hyperbolic("acosh", "Inverse hyperbolic cosine (NaN below 1).", "acosh(1) = 0.0", MathFunctions::acosh),
                BuiltinFunction.scalar("atanh")
                        .signature("atanh(x) -> DOUBLE")
                        .describe(
                                "Inverse hyperbolic tangent (NaN outside [-1, 1]; an error with"
                                        + " ieee_floating_point_ops off).",
                                "atanh(0) = 0.0")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC)
                        .doubleKernel(
                                MathFunctions::atanh, (value, unused) -> MathFunctions.checkUnitRange("ATANH", value))
                        .build(),
                doubleTest(
                        "signbit",
                        "Whether x's sign bit is set (true for -0.0 and negative numbers).",
                        "signbit(-0.0::DOUBLE) = true",
                        value -> Double.doubleToRawLongBits(value) < 0),
                doubleTest(
                        "isnan",
                        "Whether x is NaN (never for an integer).",
                        "isnan('NaN'::DOUBLE) = true",
                        Double::isNaN),
                infinityTest(
                        "isinf",
                        "Whether x is +Infinity or -Infinity, or a date or timestamp 'infinity' or '-infinity'.",
                        "isinf('-Infinity'::DOUBLE) = true",
                        Double::isInfinite,
                        micros -> !DateTimes.isFiniteTimestamp(micros)),
                infinityTest(
                        "isfinite",
                        "Whether x is neither NaN nor infinite (a date or timestamp: not 'infinity' or '-infinity').",
                        "isfinite(1.5) = true",
                        Double::isFinite,
                        DateTimes::isFiniteTimestamp),
                BuiltinFunction.scalar("factorial")
                        .signature("factorial(n integer), n! -> HUGEINT")
                        .describe(
                                "n! for n from 0 to 33 (HUGEINT is DECIMAL(38,0) in Quiver).",
                                "factorial(5) = 5! = 120")
                        .typed(DuckDbReturnTypes.HUGEINT, OperandTypes.family(SqlTypeFamily.INTEGER))
                        .standard(DuckDbOperators.FACTORIAL)
                        .rowKernel(
                                List.of(RowKernelExpr.Operand.INTEGER),
                                true,
                                row -> MathFunctions.factorial(row.integer(0)))
                        .build(),
                BuiltinFunction.scalar("binom")
                        .signature("binom(n integer, k integer) -> HUGEINT")
                        .describe(
                                "The binomial coefficient: ways to choose k of n (0 when k > n); past 38 digits an"
                                        + " error.",
                                "binom(5, 2) = 10")
                        .typed(
                                DuckDbReturnTypes.HUGEINT,
                                OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER))
                        .rowKernel(
                                List.of(RowKernelExpr.Operand.INTEGER, RowKernelExpr.Operand.INTEGER),
                                true,
                                row -> MathFunctions.binomial(row.integer(0), row.integer(1)))
                        .build(),
                BuiltinFunction.scalar("xor")
                        .signature("xor(a integer, b integer) -> common type")
                        .describe("Bitwise exclusive or.", "xor(5, 3) = 6")
                        .typed(
                                ReturnTypes.LEAST_RESTRICTIVE.andThen(SqlTypeTransforms.TO_NULLABLE),
                                OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER))
                        .kernel(call -> new RowKernelExpr(
                                call.name(),
                                List.of(RowKernelExpr.Operand.INTEGER, RowKernelExpr.Operand.INTEGER),
                                row -> row.integer(0) ^ row.integer(1),
                                false,
                                call.operandsAs(0, call.result().getType()),
                                call.result()))
                        .build(),
                BuiltinFunction.scalar("random")
                        .signature("random() -> DOUBLE")
                        .describe(
                                "A new random number in [0, 1), different in every row.",
                                "random() BETWEEN 0 AND 1 = true")
                        .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NILADIC)
                        .random()
                        .kernel(call -> new RandomExpr(call.result(), RandomSource.current()))
                        .build(),
                BuiltinFunction.scalar("setseed")
                        .signature("setseed(x DOUBLE) -> NULL")
                        .describe(
                                "Seeds this session's random(), x from -1 to 1: the same seed gives the same"
                                        + " numbers again (in a single-threaded query).",
                                "setseed(0.42)")
                        .typed(ReturnTypes.explicit(SqlTypeName.NULL), OperandTypes.NUMERIC)
                        .random()
                        .kernel(call -> new SetSeedExpr(
                                call.operandAs(0, KernelCall.DOUBLE), call.result(), RandomSource.current()))
                        .build(),
                BuiltinFunction.scalar("greatest")
                        .signature("greatest(a, b, ...) -> common type")
                        .describe("The largest non-NULL argument; NULL only when all are.", "greatest(1, 5, 3) = 5")
                        .typed(DuckDbReturnTypes::comparableCommonType, OperandTypes.VARIADIC)
                        .kernel(call -> greatest(call, true))
                        .build(),
                BuiltinFunction.scalar("least")
                        .signature("least(a, b, ...) -> common type")
                        .describe("The smallest non-NULL argument; NULL only when all are.", "least(1, 5, 3) = 1")
                        .typed(DuckDbReturnTypes::comparableCommonType, OperandTypes.VARIADIC)
                        .kernel(call -> greatest(call, false))
                        .build());
    }

    /** A function of a UUID's text ({@code 01234567-89ab-...}). */
    private static Expr uuidKernel(KernelCall call, RowKernelExpr.RowFunction function, boolean mayFail) {
        return new RowKernelExpr(
                call.name(),
                List.of(RowKernelExpr.Operand.TEXT),
                function,
                mayFail,
                List.of(call.operandAs(0, KernelCall.VARCHAR)),
                call.result());
    }

    /** A DOUBLE function of x that never fails. */
    private static BuiltinFunction hyperbolic(
            String name, String sentence, String example, java.util.function.DoubleUnaryOperator function) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(x) -> DOUBLE")
                .describe(sentence, example)
                .typed(DuckDbReturnTypes.DOUBLE, OperandTypes.NUMERIC)
                .doubleKernel(function)
                .build();
    }

    /** A BOOLEAN test of x as a DOUBLE. */
    private static BuiltinFunction doubleTest(
            String name, String sentence, String example, java.util.function.DoublePredicate test) {
        return infinityTest(name, sentence, example, test, null);
    }

    /** {@link #doubleTest} that, given a {@code temporalTest}, also takes a DATE or TIMESTAMP(TZ), tested as microseconds. */
    private static BuiltinFunction infinityTest(
            String name,
            String sentence,
            String example,
            java.util.function.DoublePredicate test,
            java.util.function.LongPredicate temporalTest) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(x) -> BOOLEAN")
                .describe(sentence, example)
                .typed(
                        DuckDbReturnTypes.BOOLEAN,
                        temporalTest == null ? OperandTypes.NUMERIC : OperandTypes.NUMERIC.or(OperandTypes.DATETIME))
                .kernel(call -> {
                    ArrowType type = call.operand(0).field().getType();
                    boolean temporal = type instanceof ArrowType.Date || type instanceof ArrowType.Timestamp;
                    return new RowKernelExpr(
                            call.name(),
                            List.of(temporal ? RowKernelExpr.Operand.TIMESTAMP : RowKernelExpr.Operand.DOUBLE),
                            temporal ? row -> temporalTest.test(row.integer(0)) : row -> test.test(row.real(0)),
                            false,
                            List.of(
                                    temporal
                                            ? type instanceof ArrowType.Date
                                                    ? KernelCall.cast(call.operand(0), KernelCall.TIMESTAMP)
                                                    : call.operand(0)
                                            : call.operandAs(0, KernelCall.DOUBLE)),
                            call.result());
                })
                .build();
    }

    private static Expr round(KernelCall call, RoundExpr.Mode mode) {
        Field result = call.result();
        if (call.operandCount() > 1 && call.operand(1) instanceof LiteralExpr digits && digits.isNull()) {
            return LiteralExpr.nullOf(result); // round(x, NULL) is NULL, as in DuckDB
        }
        // a DECIMAL is rounded by the kernel itself; a CAST to the result scale would round it first
        Expr value =
                result.getType() instanceof ArrowType.Decimal ? call.operand(0) : call.operandAs(0, result.getType());
        return new RoundExpr(mode, value, call.operandCount() > 1 ? call.constantInt(1) : 0, result);
    }

    /** Two integers of any width, HUGEINT (Quiver's DECIMAL(38,0)) included, as gcd and lcm take. */
    private static final SqlOperandTypeChecker INTEGERS_OR_HUGEINTS = OperandTypes.family(
                    SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER)
            .or(OperandTypes.family(SqlTypeFamily.EXACT_NUMERIC, SqlTypeFamily.EXACT_NUMERIC)
                    .and(new SqlOperandTypeChecker() {
                        @Override
                        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
                            boolean integers = binding.collectOperandTypes().stream()
                                    .allMatch(type -> SqlTypeUtil.isIntType(type) || DuckDbReturnTypes.isHugeint(type));
                            if (!integers && throwOnFailure) {
                                throw binding.newValidationSignatureError();
                            }
                            return integers;
                        }

                        @Override
                        public SqlOperandCountRange getOperandCountRange() {
                            return SqlOperandCountRanges.of(2);
                        }

                        @Override
                        public String getAllowedSignatures(SqlOperator operator, String name) {
                            return name + "(<INTEGER>, <INTEGER>)";
                        }
                    }));

    /** BIGINT, or HUGEINT when an operand is one (DuckDB's two overloads). */
    private static RelDataType bigintOrHugeint(SqlOperatorBinding binding) {
        boolean hugeint = binding.collectOperandTypes().stream().anyMatch(DuckDbReturnTypes::isHugeint);
        return (hugeint ? DuckDbReturnTypes.HUGEINT : DuckDbReturnTypes.BIGINT).inferReturnType(binding);
    }

    /** A function of two integers: on longs for BIGINT, on BigIntegers (read from their digits) for HUGEINT. */
    private static Expr integerPair(KernelCall call, LongBinaryOperator longs, BinaryOperator<BigInteger> wide) {
        if (!(call.result().getType() instanceof ArrowType.Decimal)) {
            return new LongKernelExpr(call.name(), longs, true, call.operand(0), call.operand(1), call.result());
        }
        return new RowKernelExpr(
                call.name(),
                List.of(RowKernelExpr.Operand.TEXT, RowKernelExpr.Operand.TEXT),
                row -> {
                    BigInteger value = wide.apply(new BigInteger(row.text(0)), new BigInteger(row.text(1)));
                    if (!MathFunctions.fitsHugeint(value)) {
                        throw new QuiverException(
                                ErrorCode.NUMERIC_OVERFLOW,
                                call.name() + "(" + row.text(0) + ", " + row.text(1) + ") is out of range for HUGEINT");
                    }
                    return new BigDecimal(value);
                },
                true,
                List.of(
                        KernelCall.cast(call.operand(0), KernelCall.VARCHAR),
                        KernelCall.cast(call.operand(1), KernelCall.VARCHAR)),
                call.result());
    }

    private static BigInteger lcm(BigInteger a, BigInteger b) {
        return a.signum() == 0 || b.signum() == 0
                ? BigInteger.ZERO
                : a.multiply(b).abs().divide(a.gcd(b));
    }

    /** nextafter's type: FLOAT when an argument is REAL and none DOUBLE, as DuckDB's overloads resolve. */
    private static RelDataType nextAfterType(SqlOperatorBinding binding) {
        boolean real = false;
        for (RelDataType operand : binding.collectOperandTypes()) {
            SqlTypeName type = operand.getSqlTypeName();
            if (type == SqlTypeName.DOUBLE || type == SqlTypeName.FLOAT) {
                return DuckDbReturnTypes.DOUBLE.inferReturnType(binding);
            }
            real |= type == SqlTypeName.REAL;
        }
        if (!real) {
            return DuckDbReturnTypes.DOUBLE.inferReturnType(binding);
        }
        RelDataTypeFactory factory = binding.getTypeFactory();
        boolean nullable = binding.collectOperandTypes().stream().anyMatch(RelDataType::isNullable);
        return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.REAL), nullable);
    }

    /** nextafter in the result's precision: a FLOAT steps by a FLOAT's ulp. */
    private static Expr nextAfter(KernelCall call) {
        Field result = call.result();
        if (result.getType() instanceof ArrowType.FloatingPoint floating
                && floating.getPrecision() == FloatingPointPrecision.SINGLE) {
            // computed as a DOUBLE holding the FLOAT's exact value, then narrowed without rounding
            Field wide = new Field(result.getName(), FieldType.nullable(KernelCall.DOUBLE), null);
            return KernelCall.cast(
                    DoubleKernelExpr.binary(
                            "nextafter",
                            (x, y) -> Math.nextAfter((float) x, y),
                            call.operandAs(0, KernelCall.DOUBLE),
                            call.operandAs(1, KernelCall.DOUBLE),
                            wide),
                    result.getType());
        }
        return DoubleKernelExpr.binary(
                "nextafter",
                Math::nextAfter,
                call.operandAs(0, KernelCall.DOUBLE),
                call.operandAs(1, KernelCall.DOUBLE),
                result);
    }

    private static Expr log(KernelCall call) {
        return call.operandCount() == 1
                ? DoubleKernelExpr.unary(
                        "log",
                        Math::log10,
                        FloatingPointMode.ieee() ? null : MathFunctions::checkLogarithm,
                        call.operandAs(0, KernelCall.DOUBLE),
                        call.result())
                : DoubleKernelExpr.binary(
                        "log",
                        MathFunctions::log,
                        FloatingPointMode.ieee() ? null : MathFunctions::checkBasedLogarithm,
                        call.operandAs(0, KernelCall.DOUBLE),
                        call.operandAs(1, KernelCall.DOUBLE),
                        call.result());
    }

    private static Expr greatest(KernelCall call, boolean greatest) {
        Field result = call.result();
        return new GreatestExpr(greatest, call.operandsAs(0, result.getType()), result);
    }
}
