package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.DecimalMath;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Binary arithmetic ({@code + - * / %}) computed in the result type the planner inferred.
 *
 * <p>Three domains, chosen from the result type at construction:
 * <ul>
 *   <li>integers: operands widened to {@code long}, overflow detected without branches and
 *       reported as NUMERIC_OVERFLOW; integer division truncates; {@code x / 0} and {@code x % 0}
 *       are DIVISION_BY_ZERO (DuckDB 1.x: {@code //} and {@code %} raise, they do not return NULL);
 *   <li>REAL/DOUBLE: IEEE arithmetic, so {@code 1.0 / 0} is Infinity and nothing raises, as in DuckDB;
 *   <li>DECIMAL: exact. Integer operands count as scale 0. A batch whose values fit 64 bits runs on
 *       unscaled {@code long}s; otherwise (or when an intermediate overflows) the batch is recomputed
 *       with {@link BigDecimal}. The result is rounded half away from zero to the result scale;
 *       a result with more digits than the result precision is NUMERIC_OVERFLOW.
 * </ul>
 * # Performance: 1024 rows at a time, each operand is read into a primitive array that stays in
 * the L1 cache, computed on by a branch-free loop and written back; error checks rescan a chunk
 * only when a flag was raised.
 */
public final class ArithmeticExpr implements KernelExpr {
    /** The arithmetic operators. */
    public enum Operator {
        ADD("+", "addition"),
        SUBTRACT("-", "subtraction"),
        MULTIPLY("*", "multiplication"),
        DIVIDE("/", "division"),
        MODULO("%", "modulo");

        final String symbol;
        final String noun;

        Operator(String symbol, String noun) {
            this.symbol = symbol;
            this.noun = noun;
        }
    }

    private enum Domain {
        INTEGER,
        FLOATING,
        DECIMAL
    }

    private final Operator operator;
    private final Expr left;
    private final Expr right;
    private final Field field;
    private final ValueKind resultKind;
    private final Domain domain;
    private final boolean floatingZeroDivisorIsError;

    public ArithmeticExpr(Operator operator, Expr left, Expr right, Field field) {
        this(operator, left, right, field, false);
    }

    /**
     * @param floatingZeroDivisorIsError whether a REAL or DOUBLE {@code /} or {@code %} by zero is
     *     DIVISION_BY_ZERO (DuckDB with {@code ieee_floating_point_ops} off) rather than IEEE's inf or NaN
     */
    public ArithmeticExpr(Operator operator, Expr left, Expr right, Field field, boolean floatingZeroDivisorIsError) {
        this.floatingZeroDivisorIsError = floatingZeroDivisorIsError;
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.field = field;
        this.resultKind = ValueKind.of(field.getType());
        ValueKind leftKind = ValueKind.of(left.field().getType());
        ValueKind rightKind = ValueKind.of(right.field().getType());
        this.domain = switch (resultKind) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> Domain.INTEGER;
            case REAL, DOUBLE -> Domain.FLOATING;
            case DECIMAL -> Domain.DECIMAL;
            default ->
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "arithmetic " + operator.symbol + " with a result of type " + KernelVectors.sqlName(field)
                                + " is not supported");
        };
        for (ValueKind operand : List.of(leftKind, rightKind)) {
            boolean accepted = switch (domain) {
                case INTEGER -> operand.isInteger() || operand == ValueKind.NULL;
                case FLOATING -> operand.isNumeric() || operand == ValueKind.NULL;
                case DECIMAL -> operand.isInteger() || operand == ValueKind.DECIMAL || operand == ValueKind.NULL;
            };
            if (!accepted) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        "cannot compute " + KernelVectors.sqlName(left.field())
                                + " " + operator.symbol + " " + KernelVectors.sqlName(right.field()) + " as "
                                + KernelVectors.sqlName(field));
            }
        }
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return List.of(left, right);
    }

    @Override
    public boolean mayFail() {
        return domain != Domain.FLOATING || checksZeroDivisor();
    }

    private boolean checksZeroDivisor() {
        return floatingZeroDivisorIsError && (operator == Operator.DIVIDE || operator == Operator.MODULO);
    }

    /**
     * Whether a DECIMAL parent kernel reads this expression a chunk at a time through {@link
     * DecimalChunks} rather than evaluating it to a vector: DECIMAL {@code + - *}, whose 64-bit path
     * cannot fail on the zeros Arrow keeps in NULL slots ({@code /} and {@code %} by a NULL row's 0
     * would send every chunk to the exact path).
     */
    boolean fusesIntoDecimalParent() {
        return domain == Domain.DECIMAL
                && (operator == Operator.ADD || operator == Operator.SUBTRACT || operator == Operator.MULTIPLY);
    }

    @Override
    public String describe() {
        return "(" + left.describe() + " " + operator.symbol + " " + right.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        boolean decimal = domain == Domain.DECIMAL;
        try (NumericOperand leftValues = NumericOperand.of(left, input, context, decimal);
                NumericOperand rightValues = NumericOperand.of(right, input, context, decimal)) {
            // every row's value and every validity word is written below
            FieldVector result = KernelVectors.allocateFixedUnzeroed(field, rowCount, context.allocator());
            try {
                KernelVectors.setValidity(
                        result, leftValues.validity(rowCount), rightValues.validity(rowCount), rowCount);
                Bits valid = Bits.of(result.getValidityBuffer(), rowCount);
                switch (domain) {
                    case INTEGER -> integer(leftValues, rightValues, result, valid, rowCount);
                    case FLOATING -> floating(leftValues, rightValues, result, valid, rowCount);
                    case DECIMAL -> decimal(leftValues, rightValues, result, valid, rowCount);
                }
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    // ------------------------------------------------------------------ integers

    private void integer(
            NumericOperand leftValues, NumericOperand rightValues, FieldVector result, Bits valid, int rowCount) {
        long[] a = new long[Numbers.CHUNK];
        long[] b = new long[Numbers.CHUNK];
        long[] values = new long[Numbers.CHUNK];
        long minimum = Numbers.minimum(resultKind);
        for (int from = 0; from < rowCount; from += Numbers.CHUNK) {
            int count = Math.min(Numbers.CHUNK, rowCount - from);
            leftValues.readLongs(from, count, a);
            rightValues.readLongs(from, count, b);
            boolean flagged = switch (operator) {
                case ADD -> add(a, b, values, count);
                case SUBTRACT -> subtract(a, b, values, count);
                case MULTIPLY -> multiply(a, b, values, count);
                case DIVIDE -> divide(a, b, values, count);
                case MODULO -> modulo(a, b, values, count, minimum);
            };
            if (flagged) {
                for (int index = 0; index < count; index++) {
                    if (valid.get(from + index)) {
                        checkIntegerRow(a[index], b[index]);
                    }
                }
            }
            int outOfRange = Numbers.firstOutOfRange(values, resultKind, valid, from, count);
            if (outOfRange >= 0) {
                throw overflow(Long.toString(a[outOfRange - from]), Long.toString(b[outOfRange - from]));
            }
            Numbers.writeLongs(values, result, from, count);
        }
    }

    private static boolean add(long[] a, long[] b, long[] values, int rowCount) {
        long overflow = 0;
        for (int row = 0; row < rowCount; row++) {
            long x = a[row];
            long y = b[row];
            long sum = x + y;
            values[row] = sum;
            overflow |= (x ^ sum) & (y ^ sum);
        }
        return overflow < 0;
    }

    private static boolean subtract(long[] a, long[] b, long[] values, int rowCount) {
        long overflow = 0;
        for (int row = 0; row < rowCount; row++) {
            long x = a[row];
            long y = b[row];
            long difference = x - y;
            values[row] = difference;
            overflow |= (x ^ y) & (x ^ difference);
        }
        return overflow < 0;
    }

    private static boolean multiply(long[] a, long[] b, long[] values, int rowCount) {
        long overflow = 0;
        for (int row = 0; row < rowCount; row++) {
            long x = a[row];
            long y = b[row];
            long product = x * y;
            values[row] = product;
            overflow |= Math.multiplyHigh(x, y) ^ (product >> 63);
        }
        return overflow != 0;
    }

    private static boolean divide(long[] a, long[] b, long[] values, int rowCount) {
        boolean flagged = false;
        for (int row = 0; row < rowCount; row++) {
            long x = a[row];
            long y = b[row];
            if (y == 0 || (y == -1 && x == Long.MIN_VALUE)) {
                flagged = true;
                values[row] = 0;
            } else {
                values[row] = x / y;
            }
        }
        return flagged;
    }

    private static boolean modulo(long[] a, long[] b, long[] values, int rowCount, long minimum) {
        boolean flagged = false;
        for (int row = 0; row < rowCount; row++) {
            long x = a[row];
            long y = b[row];
            if (y == 0 || (y == -1 && x == minimum)) {
                flagged = true;
                values[row] = 0;
            } else {
                values[row] = x % y;
            }
        }
        return flagged;
    }

    /** Throws the error row {@code (x, y)} raises, if any; runs only when a loop raised a flag. */
    private void checkIntegerRow(long x, long y) {
        boolean overflow = switch (operator) {
            case ADD -> ((x ^ (x + y)) & (y ^ (x + y))) < 0;
            case SUBTRACT -> ((x ^ y) & (x ^ (x - y))) < 0;
            case MULTIPLY -> Math.multiplyHigh(x, y) != ((x * y) >> 63);
            case DIVIDE, MODULO -> {
                if (y == 0) {
                    throw divisionByZero(Long.toString(x), Long.toString(y));
                }
                yield y == -1 && x == Numbers.minimum(resultKind);
            }
        };
        if (overflow) {
            throw overflow(Long.toString(x), Long.toString(y));
        }
    }

    // ------------------------------------------------------------------ REAL / DOUBLE

    private void floating(
            NumericOperand leftValues, NumericOperand rightValues, FieldVector result, Bits valid, int rowCount) {
        double[] a = new double[Numbers.CHUNK];
        double[] b = new double[Numbers.CHUNK];
        boolean checkDivisor = checksZeroDivisor();
        for (int from = 0; from < rowCount; from += Numbers.CHUNK) {
            int count = Math.min(Numbers.CHUNK, rowCount - from);
            leftValues.readDoubles(from, count, a);
            rightValues.readDoubles(from, count, b);
            for (int index = 0; checkDivisor && index < count; index++) {
                if (b[index] == 0 && valid.get(from + index)) {
                    throw divisionByZero(Double.toString(a[index]), Double.toString(b[index]));
                }
            }
            // +, -, *, / computed in double and rounded once to float give the correctly rounded REAL result
            switch (operator) {
                case ADD -> {
                    for (int index = 0; index < count; index++) {
                        a[index] += b[index];
                    }
                }
                case SUBTRACT -> {
                    for (int index = 0; index < count; index++) {
                        a[index] -= b[index];
                    }
                }
                case MULTIPLY -> {
                    for (int index = 0; index < count; index++) {
                        a[index] *= b[index];
                    }
                }
                case DIVIDE -> {
                    for (int index = 0; index < count; index++) {
                        a[index] /= b[index];
                    }
                }
                case MODULO -> {
                    for (int index = 0; index < count; index++) {
                        a[index] %= b[index];
                    }
                }
            }
            Numbers.writeDoubles(a, result, from, count);
        }
    }

    // ------------------------------------------------------------------ DECIMAL

    private void decimal(
            NumericOperand leftValues, NumericOperand rightValues, FieldVector result, Bits valid, int rowCount) {
        int leftScale = Numbers.scale(leftValues.type());
        int rightScale = Numbers.scale(rightValues.type());
        int resultScale = Numbers.scale(field.getType());
        int resultPrecision = Numbers.precision(field.getType());
        long[] a = new long[Numbers.CHUNK];
        long[] b = new long[Numbers.CHUNK];
        long[] values = new long[Numbers.CHUNK];
        for (int from = 0; from < rowCount; from += Numbers.CHUNK) {
            int count = Math.min(Numbers.CHUNK, rowCount - from);
            // the choice is made per chunk: 64-bit when every value and result fits, else exact;
            // both operands are read even when the first does not fit, so a fused operand
            // (DecimalChunks) raises its own errors for every chunk, as an evaluated one would
            boolean leftFits = leftValues.readUnscaled(from, count, a);
            boolean rightFits = rightValues.readUnscaled(from, count, b);
            if (leftFits
                    && rightFits
                    && decimalFast(a, b, leftScale, rightScale, resultScale, resultPrecision, values, count)) {
                Numbers.writeLongs(values, result, from, count);
            } else {
                decimalExact(
                        leftValues,
                        rightValues,
                        leftScale,
                        rightScale,
                        resultScale,
                        resultPrecision,
                        result,
                        valid,
                        from,
                        count);
            }
        }
    }

    /**
     * The 64-bit path; false when some row (possibly a NULL one) overflowed, divided by zero or
     * exceeded the precision, and the batch must take {@link #decimalExact}.
     */
    boolean decimalFast(
            long[] a,
            long[] b,
            int leftScale,
            int rightScale,
            int resultScale,
            int resultPrecision,
            long[] values,
            int rowCount) {
        int scale;
        switch (operator) {
            case ADD, SUBTRACT, MODULO -> {
                scale = Math.max(leftScale, rightScale);
                if (!align(a, scale - leftScale, rowCount) || !align(b, scale - rightScale, rowCount)) {
                    return false;
                }
                boolean flagged = switch (operator) {
                    case ADD -> add(a, b, values, rowCount);
                    case SUBTRACT -> subtract(a, b, values, rowCount);
                    default -> modulo(a, b, values, rowCount, Long.MIN_VALUE);
                };
                if (flagged) {
                    return false;
                }
            }
            case MULTIPLY -> {
                scale = leftScale + rightScale;
                if (multiply(a, b, values, rowCount)) {
                    return false;
                }
            }
            case DIVIDE -> {
                scale = resultScale;
                int shift = resultScale - leftScale + rightScale;
                if (shift < 0 || shift > 18 || !align(a, shift, rowCount)) {
                    return false;
                }
                for (int row = 0; row < rowCount; row++) {
                    long x = a[row];
                    long y = b[row];
                    if (y == 0 || x == Long.MIN_VALUE) {
                        return false;
                    }
                    values[row] = DecimalMath.divideRoundedSigned(x, y);
                }
            }
            default -> throw new IllegalStateException();
        }
        if (scale > resultScale) {
            if (scale - resultScale > 18) {
                return false;
            }
            long divisor = DecimalMath.longPower(scale - resultScale);
            for (int row = 0; row < rowCount; row++) {
                values[row] = DecimalMath.divideRounded(values[row], divisor);
            }
        } else if (scale < resultScale && !align(values, resultScale - scale, rowCount)) {
            return false;
        }
        if (resultPrecision < 19) {
            long limit = DecimalMath.longPower(resultPrecision);
            boolean tooWide = false;
            for (int row = 0; row < rowCount; row++) {
                long value = values[row];
                tooWide |= value >= limit | value <= -limit;
            }
            return !tooWide;
        }
        return true;
    }

    /** Multiplies every value by {@code 10^digits} in place; false on overflow. */
    private static boolean align(long[] values, int digits, int rowCount) {
        if (digits == 0) {
            return true;
        }
        if (digits > 18) {
            return false;
        }
        long factor = DecimalMath.longPower(digits);
        long overflow = 0;
        for (int row = 0; row < rowCount; row++) {
            long value = values[row];
            long product = value * factor;
            values[row] = product;
            overflow |= Math.multiplyHigh(value, factor) ^ (product >> 63);
        }
        return overflow == 0;
    }

    /** The exact path: rows {@code [from, from + count)} through {@link BigDecimal}; raises their errors. */
    private void decimalExact(
            NumericOperand leftValues,
            NumericOperand rightValues,
            int leftScale,
            int rightScale,
            int resultScale,
            int resultPrecision,
            FieldVector result,
            Bits valid,
            int from,
            int count) {
        ArrowBuf data = result.getDataBuffer();
        for (int row = from; row < from + count; row++) {
            if (!valid.get(row)) {
                DecimalMath.write(data, row, 0L);
                continue;
            }
            DecimalMath.write(
                    data,
                    row,
                    decimalExactRow(
                            leftValues.unscaledAt(row),
                            rightValues.unscaledAt(row),
                            leftScale,
                            rightScale,
                            resultScale,
                            resultPrecision));
        }
    }

    /** The unscaled result of one non-NULL row computed exactly; raises the row's error, if any. */
    BigInteger decimalExactRow(
            BigInteger leftUnscaled,
            BigInteger rightUnscaled,
            int leftScale,
            int rightScale,
            int resultScale,
            int resultPrecision) {
        BigDecimal x = new BigDecimal(leftUnscaled, leftScale);
        BigDecimal y = new BigDecimal(rightUnscaled, rightScale);
        BigDecimal value = switch (operator) {
            case ADD -> x.add(y);
            case SUBTRACT -> x.subtract(y);
            case MULTIPLY -> x.multiply(y);
            case DIVIDE -> {
                if (y.signum() == 0) {
                    throw divisionByZero(x.toPlainString(), y.toPlainString());
                }
                yield x.divide(y, resultScale, RoundingMode.HALF_UP);
            }
            case MODULO -> {
                if (y.signum() == 0) {
                    throw divisionByZero(x.toPlainString(), y.toPlainString());
                }
                yield x.remainder(y);
            }
        };
        BigInteger unscaled = value.setScale(resultScale, RoundingMode.HALF_UP).unscaledValue();
        if (!DecimalMath.fits(unscaled, resultPrecision)) {
            throw overflow(x.toPlainString(), y.toPlainString());
        }
        return unscaled;
    }

    // ------------------------------------------------------------------ errors

    private QuiverException overflow(String x, String y) {
        return new QuiverException(
                ErrorCode.NUMERIC_OVERFLOW,
                "Overflow in " + operator.noun + " of "
                        + KernelVectors.sqlName(field) + ": " + x + " " + operator.symbol + " " + y
                        + " does not fit the result type");
    }

    private QuiverException divisionByZero(String x, String y) {
        return new QuiverException(
                ErrorCode.DIVISION_BY_ZERO, "Division by zero: " + x + " " + operator.symbol + " " + y);
    }
}
