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
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code round}, {@code floor}, {@code ceil} and {@code trunc} to a constant number of decimal
 * digits (negative: to tens, hundreds, ...), as DuckDB computes them:
 * <ul>
 *   <li>DECIMAL: exact, half away from zero for round; the result has the scale the planner typed
 *       (at most the digits kept);
 *   <li>DOUBLE/REAL: round is C's {@code round} (half away from zero) of {@code x * 10^digits},
 *       divided back — so {@code round(0.285, 2)} is 0.28, as in DuckDB — and an overflowing
 *       intermediate gives x back;
 *   <li>integers: unchanged for digits &gt;= 0, else rounded to a multiple of {@code 10^-digits};
 *       a result out of the type's range is NUMERIC_OVERFLOW.
 * </ul>
 * The operand already has the result's kind (the planner casts integers to DOUBLE for floor/ceil).
 */
public final class RoundExpr extends FunctionExpr {
    /** How to drop digits. */
    public enum Mode {
        ROUND(RoundingMode.HALF_UP),
        FLOOR(RoundingMode.FLOOR),
        CEIL(RoundingMode.CEILING),
        TRUNC(RoundingMode.DOWN),
        /** round_even: half to the even neighbour. */
        EVEN(RoundingMode.HALF_EVEN);

        final RoundingMode rounding;

        Mode(RoundingMode rounding) {
            this.rounding = rounding;
        }
    }

    /** The most digits a DECIMAL has. */
    private static final int MAX_DECIMAL_DIGITS = 38;

    private final Mode mode;
    private final Expr operand;
    private final int digits;
    private final ValueKind kind;

    public RoundExpr(Mode mode, Expr operand, int digits, Field field) {
        super(
                mode.name().toLowerCase(Locale.ROOT),
                List.of(operand),
                field,
                ValueKind.of(field.getType()).isInteger() && digits < 0);
        this.mode = mode;
        this.operand = operand;
        this.digits = digits;
        this.kind = ValueKind.of(field.getType());
        ValueKind operandKind = ValueKind.of(operand.field().getType());
        boolean accepted = kind.isNumeric() && (operandKind == kind || operandKind == ValueKind.NULL);
        if (!accepted
                || kind == ValueKind.DECIMAL
                        && operandKind == ValueKind.DECIMAL
                        && Numbers.scale(field.getType())
                                > Numbers.scale(operand.field().getType())) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "cannot " + name() + " " + KernelVectors.sqlName(operand.field()) + " into "
                            + KernelVectors.sqlName(field));
        }
    }

    @Override
    public String describe() {
        return name() + "(" + operand.describe() + (digits != 0 ? ", " + digits : "") + ")";
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
                Bits valid = Bits.validity(values, rowCount);
                KernelVectors.setValidity(result, valid, rowCount);
                switch (kind) {
                    case REAL, DOUBLE -> {
                        double[] numbers = Numbers.readDoubles(values, rowCount);
                        floating(numbers, rowCount);
                        Numbers.writeDoubles(numbers, result, rowCount);
                    }
                    case DECIMAL -> decimal(values, result, valid, rowCount);
                    default -> integer(values, result, valid, rowCount);
                }
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    // ------------------------------------------------------------------ floating point

    private void floating(double[] numbers, int rowCount) {
        switch (mode) {
            case FLOOR -> {
                for (int row = 0; row < rowCount; row++) {
                    numbers[row] = Math.floor(numbers[row]);
                }
            }
            case CEIL -> {
                for (int row = 0; row < rowCount; row++) {
                    numbers[row] = Math.ceil(numbers[row]);
                }
            }
            case EVEN -> {
                for (int row = 0; row < rowCount; row++) {
                    numbers[row] = MathFunctions.roundEven(numbers[row], digits);
                }
            }
            case ROUND, TRUNC -> {
                boolean round = mode == Mode.ROUND;
                if (digits == 0) {
                    for (int row = 0; row < rowCount; row++) {
                        numbers[row] = round ? roundHalfAway(numbers[row]) : truncate(numbers[row]);
                    }
                } else if (digits > 0) {
                    double modifier = Math.pow(10, digits);
                    for (int row = 0; row < rowCount; row++) {
                        double x = numbers[row];
                        double scaled = x * modifier;
                        double rounded = (round ? roundHalfAway(scaled) : truncate(scaled)) / modifier;
                        numbers[row] = Double.isInfinite(rounded) || Double.isNaN(rounded) ? x : rounded;
                    }
                } else {
                    double modifier = Math.pow(10, -digits);
                    for (int row = 0; row < rowCount; row++) {
                        double x = numbers[row];
                        double scaled = x / modifier;
                        double rounded = (round ? roundHalfAway(scaled) : truncate(scaled)) * modifier;
                        // NaN and infinities stay themselves; a finite x lost to overflow becomes 0, as in DuckDB
                        numbers[row] = !Double.isFinite(x) ? x : Double.isFinite(rounded) ? rounded : 0;
                    }
                }
            }
        }
    }

    /** C's {@code round}: half away from zero ({@link Math#round} rounds -2.5 to -2). */
    static double roundHalfAway(double x) {
        double whole = truncate(x);
        return Math.abs(x - whole) >= 0.5 ? whole + Math.copySign(1.0, x) : whole;
    }

    private static double truncate(double x) {
        return x < 0 ? Math.ceil(x) : Math.floor(x);
    }

    // ------------------------------------------------------------------ DECIMAL

    private void decimal(FieldVector values, FieldVector result, Bits valid, int rowCount) {
        int fromScale = Numbers.scale(values.getField().getType());
        int toScale = Numbers.scale(field().getType());
        ArrowBuf out = result.getDataBuffer();
        if ((long) fromScale - digits > MAX_DECIMAL_DIGITS + 1) {
            // more digits dropped than a DECIMAL holds: every value rounds to 0 (round(1.0, -2^31) too)
            for (int row = 0; row < rowCount; row++) {
                if (valid.get(row)) {
                    DecimalMath.write(out, row, 0L);
                }
            }
            return;
        }
        int dropped = fromScale - digits; // digits removed by the rounding
        long[] unscaled = Numbers.precision(values.getField().getType()) <= 18 && dropped <= 18
                ? Numbers.readUnscaled(values, rowCount)
                : null;
        if (dropped <= 0) {
            // nothing to drop: only the scale may change (never down: toScale <= fromScale)
            for (int row = 0; row < rowCount; row++) {
                if (valid.get(row)) {
                    DecimalMath.write(
                            out, row, DecimalMath.rescale(DecimalMath.unscaledAt(values, row), fromScale, toScale));
                }
            }
            return;
        }
        if (unscaled == null) {
            for (int row = 0; row < rowCount; row++) {
                if (valid.get(row)) {
                    BigDecimal value = new BigDecimal(DecimalMath.unscaledAt(values, row), fromScale)
                            .setScale(digits, mode.rounding)
                            .setScale(toScale, RoundingMode.UNNECESSARY);
                    DecimalMath.write(out, row, value.unscaledValue());
                }
            }
            return;
        }
        long divisor = DecimalMath.longPower(dropped);
        // digits < 0: the result (scale 0) is the quotient times 10^-digits; a result typed with more
        // scale than the digits kept (digits the planner could not see as a constant) is rescaled
        long multiplier =
                digits < 0 ? DecimalMath.longPower(-digits) : DecimalMath.longPower(Math.max(0, toScale - digits));
        for (int row = 0; row < rowCount; row++) {
            long value = unscaled[row];
            long quotient = switch (mode) {
                case ROUND -> DecimalMath.divideRounded(value, divisor);
                case FLOOR -> Math.floorDiv(value, divisor);
                case CEIL -> -Math.floorDiv(-value, divisor);
                case TRUNC -> value / divisor;
                case EVEN -> DecimalMath.divideRoundedEven(value, divisor);
            };
            unscaled[row] = quotient * multiplier;
        }
        for (int row = 0; row < rowCount; row++) {
            if (valid.get(row)) {
                DecimalMath.write(out, row, unscaled[row]);
            }
        }
    }

    // ------------------------------------------------------------------ integers

    private void integer(FieldVector values, FieldVector result, Bits valid, int rowCount) {
        long[] numbers = Numbers.readLongs(values, rowCount);
        if (digits < 0 && mode != Mode.FLOOR && mode != Mode.CEIL) {
            if (-digits > 18) {
                java.util.Arrays.fill(numbers, 0, rowCount, 0L);
            } else {
                long divisor = DecimalMath.longPower(-digits);
                for (int row = 0; row < rowCount; row++) {
                    long quotient = switch (mode) {
                        case ROUND -> DecimalMath.divideRounded(numbers[row], divisor);
                        case EVEN -> DecimalMath.divideRoundedEven(numbers[row], divisor);
                        default -> numbers[row] / divisor;
                    };
                    long rounded = quotient * divisor;
                    if (Math.multiplyHigh(quotient, divisor) != (rounded >> 63) && valid.get(row)) {
                        throw overflow(numbers[row]);
                    }
                    numbers[row] = rounded;
                }
            }
            int outOfRange = Numbers.firstOutOfRange(numbers, kind, valid, rowCount);
            if (outOfRange >= 0) {
                throw overflow(Numbers.readLongs(values, rowCount)[outOfRange]);
            }
        }
        Numbers.writeLongs(numbers, result, rowCount);
    }

    private QuiverException overflow(long value) {
        return new QuiverException(
                ErrorCode.NUMERIC_OVERFLOW,
                name() + "(" + value + ", " + digits + ") is out of range for " + KernelVectors.sqlName(field()));
    }
}
