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
import dev.quiver.engine.exec.vector.Interval;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Arithmetic whose operands or result are INTERVALs, row by row, as DuckDB does it: INTERVAL ±
 * INTERVAL and INTERVAL * integer part by part, INTERVAL * or / a fractional number with the
 * fractions cascading down ({@link Interval#times(double)}; / 0 is DIVISION_BY_ZERO), {@code -INTERVAL},
 * {@code normalized_interval}, DATE/TIMESTAMP ± INTERVAL
 * (months first, clamped to the month's end, then days, then microseconds; a DATE gives a
 * TIMESTAMP unless the result type is DATE) and TIMESTAMP − TIMESTAMP (days and microseconds).
 * A NULL operand gives NULL; a result out of range is NUMERIC_OVERFLOW.
 */
public final class IntervalArithmeticExpr implements KernelExpr {
    /** The operation. */
    public enum Operator {
        PLUS("+"),
        MINUS("-"),
        TIMES("*"),
        DIVIDE("/"),
        NEGATE("-"),
        NORMALIZE("normalized_interval");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    private final Operator operator;
    private final Expr left;
    private final Expr right;
    private final Field field;

    /**
     * @param right the second operand, or null for {@link Operator#NEGATE} and {@link Operator#NORMALIZE}
     */
    public IntervalArithmeticExpr(Operator operator, Expr left, Expr right, Field field) {
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.field = field;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        List<Expr> children = new ArrayList<>();
        children.add(left);
        if (right != null) {
            children.add(right);
        }
        return children;
    }

    @Override
    public boolean mayFail() {
        return true;
    }

    @Override
    public String describe() {
        if (operator == Operator.NORMALIZE) {
            return operator.symbol + "(" + left.describe() + ")";
        }
        return right == null
                ? "(" + operator.symbol + left.describe() + ")"
                : "(" + left.describe() + " " + operator.symbol + " " + right.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector leftValues = left.evaluate(input, context);
                FieldVector rightValues = right == null ? null : right.evaluate(input, context)) {
            ValueKind leftKind = ValueKind.of(leftValues.getField().getType());
            ValueKind rightKind = rightValues == null
                    ? null
                    : ValueKind.of(rightValues.getField().getType());
            if (leftKind == ValueKind.NULL || rightKind == ValueKind.NULL) {
                return KernelVectors.nulls(field, rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field, rowCount, context.allocator());
            try {
                Bits leftValid = Bits.validity(leftValues, rowCount);
                Bits rightValid = rightValues == null ? leftValid : Bits.validity(rightValues, rowCount);
                KernelVectors.setValidity(result, leftValid, rightValid, rowCount);
                ValueKind resultKind = ValueKind.of(field.getType());
                boolean fractional = fractional(leftKind) || fractional(rightKind) || operator == Operator.DIVIDE;
                long[] leftLongs =
                        leftKind == ValueKind.INTERVAL || fractional ? null : Numbers.readLongs(leftValues, rowCount);
                long[] rightLongs = rightKind == null || rightKind == ValueKind.INTERVAL || fractional
                        ? null
                        : Numbers.readLongs(rightValues, rowCount);
                double[] factors = !fractional
                        ? null
                        : Numbers.readDoubles(leftKind == ValueKind.INTERVAL ? rightValues : leftValues, rowCount);
                long[] out = resultKind == ValueKind.INTERVAL ? null : new long[rowCount];
                ArrowBuf data = result.getDataBuffer();
                for (int row = 0; row < rowCount; row++) {
                    if (!leftValid.get(row) || !rightValid.get(row)) {
                        continue;
                    }
                    Interval leftInterval =
                            leftKind == ValueKind.INTERVAL ? Interval.read(leftValues.getDataBuffer(), row) : null;
                    Interval rightInterval =
                            rightKind == ValueKind.INTERVAL ? Interval.read(rightValues.getDataBuffer(), row) : null;
                    if (factors != null) {
                        Interval interval = leftInterval != null ? leftInterval : rightInterval;
                        if (operator == Operator.DIVIDE && factors[row] == 0) {
                            // DuckDB 2.0 refuses it (1.x gave NULL); TRY(...) makes it NULL
                            throw new QuiverException(
                                    ErrorCode.DIVISION_BY_ZERO, "Division by zero: " + interval + " / 0");
                        }
                        interval.times(operator == Operator.DIVIDE ? 1 / factors[row] : factors[row])
                                .write(data, row);
                        continue;
                    }
                    if (resultKind == ValueKind.INTERVAL) {
                        Interval value = switch (operator) {
                            case NEGATE -> leftInterval.negate();
                            case NORMALIZE -> leftInterval.normalized();
                            case DIVIDE -> throw new IllegalStateException("DIVIDE always takes a fractional factor");
                            case PLUS -> leftInterval.plus(rightInterval);
                            case MINUS ->
                                leftKind == ValueKind.INTERVAL
                                        ? leftInterval.plus(rightInterval.negate())
                                        : difference(leftKind, leftLongs[row], rightLongs[row]);
                            case TIMES ->
                                leftInterval != null
                                        ? leftInterval.times(rightLongs[row])
                                        : rightInterval.times(leftLongs[row]);
                        };
                        value.write(data, row);
                    } else {
                        boolean leftIsTime = leftInterval == null;
                        long time = leftIsTime ? leftLongs[row] : rightLongs[row];
                        Interval interval = leftIsTime ? rightInterval : leftInterval;
                        if (operator == Operator.MINUS) {
                            interval = interval.negate();
                        }
                        out[row] = add(leftIsTime ? leftKind : rightKind, time, interval, resultKind);
                    }
                }
                if (out != null) {
                    Numbers.writeLongs(out, result, rowCount);
                }
                return KernelVectors.finish(result, rowCount);
            } catch (ArithmeticException e) {
                result.close();
                throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "out of range: " + describe());
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    /** Whether a factor of this kind scales an interval fractionally (DECIMAL, REAL, DOUBLE). */
    private static boolean fractional(ValueKind kind) {
        return kind != null && (kind.isFloating() || kind == ValueKind.DECIMAL);
    }

    /** TIMESTAMP − TIMESTAMP (or DATE − DATE as timestamps): whole days and the microseconds left. */
    private static Interval difference(ValueKind kind, long left, long right) {
        boolean finite = kind == ValueKind.DATE
                ? DateTimes.isFiniteDate(left) && DateTimes.isFiniteDate(right)
                : DateTimes.isFiniteTimestamp(left) && DateTimes.isFiniteTimestamp(right);
        if (!finite) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Cannot subtract infinite timestamps");
        }
        long micros = kind == ValueKind.DATE
                ? Math.multiplyExact(Math.subtractExact(left, right), DateTimes.MICROS_PER_DAY)
                : Math.subtractExact(left, right);
        long days = micros / DateTimes.MICROS_PER_DAY;
        return new Interval(0, Math.toIntExact(days), micros - days * DateTimes.MICROS_PER_DAY);
    }

    /** A DATE (days) or TIMESTAMP (microseconds) plus an interval, as {@code resultKind}. */
    public static long add(ValueKind kind, long value, Interval interval, ValueKind resultKind) {
        boolean finite = kind == ValueKind.DATE ? DateTimes.isFiniteDate(value) : DateTimes.isFiniteTimestamp(value);
        if (!finite) {
            return DateTimes.infinityOf(value, resultKind != ValueKind.DATE); // as DuckDB: it stays that infinity
        }
        long days = kind == ValueKind.DATE ? value : Math.floorDiv(value, DateTimes.MICROS_PER_DAY);
        long timeOfDay = kind == ValueKind.DATE ? 0 : value - days * DateTimes.MICROS_PER_DAY;
        if (interval.months() != 0) {
            days = DateTimes.addMonths(days, interval.months());
        }
        days = Math.addExact(days, interval.days());
        long instant = Math.addExact(
                Math.addExact(Math.multiplyExact(days, DateTimes.MICROS_PER_DAY), timeOfDay), interval.micros());
        return resultKind == ValueKind.DATE ? Math.floorDiv(instant, DateTimes.MICROS_PER_DAY) : instant;
    }
}
