package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.DecimalMath;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * One numeric operand of a kernel for one batch: the vector its expression evaluated to, or —
 * for a non-NULL literal — the constant itself, which is never materialised as a vector
 * ({@code price * (1 - discount)} fills a 1024-entry array with 1 instead of building a column).
 *
 * <p>Owns the vector; confined to the evaluating thread.
 */
final class NumericOperand implements AutoCloseable {
    private final FieldVector vector;
    private final ArrowType type;
    private final long constantLong;
    private final double constantDouble;
    private final BigInteger constantUnscaled;
    /** A fused DECIMAL operand, read chunk by chunk; null otherwise. */
    private final DecimalChunks chunks;

    private NumericOperand(
            FieldVector vector, ArrowType type, long constantLong, double constantDouble, BigInteger constantUnscaled) {
        this(vector, type, constantLong, constantDouble, constantUnscaled, null);
    }

    private NumericOperand(
            FieldVector vector,
            ArrowType type,
            long constantLong,
            double constantDouble,
            BigInteger constantUnscaled,
            DecimalChunks chunks) {
        this.chunks = chunks;
        this.vector = vector;
        this.type = type;
        this.constantLong = constantLong;
        this.constantDouble = constantDouble;
        this.constantUnscaled = constantUnscaled;
    }

    /** Evaluates {@code expr}, unless it is a constant that fits 64 bits. */
    static NumericOperand of(Expr expr, Batch input, ExecutionContext context) {
        return of(expr, input, context, false);
    }

    /**
     * As {@link #of(Expr, Batch, ExecutionContext)}; when {@code unscaledOnly} — the caller reads
     * only {@link #readUnscaled}, {@link #unscaledAt} and {@link #validity} — a DECIMAL {@code + - *}
     * is not evaluated but read a chunk at a time ({@link DecimalChunks}).
     */
    static NumericOperand of(Expr expr, Batch input, ExecutionContext context, boolean unscaledOnly) {
        if (unscaledOnly && expr instanceof ArithmeticExpr arithmetic && arithmetic.fusesIntoDecimalParent()) {
            DecimalChunks fused = DecimalChunks.open(arithmetic, input, context);
            return new NumericOperand(null, fused.type(), 0, 0, null, fused);
        }
        if (expr instanceof LiteralExpr literal && !literal.isNull()) {
            ArrowType type = literal.field().getType();
            switch (ValueKind.of(type)) {
                case TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIMESTAMP -> {
                    long value = literal.longValue();
                    return new NumericOperand(null, type, value, value, BigInteger.valueOf(value));
                }
                case REAL, DOUBLE -> {
                    // a REAL constant is the float the vector would hold
                    double value = ValueKind.of(type) == ValueKind.REAL
                            ? (float) literal.doubleValue()
                            : literal.doubleValue();
                    return new NumericOperand(null, type, (long) value, value, null);
                }
                case DECIMAL -> {
                    BigDecimal value = literal.decimalValue();
                    BigInteger unscaled = value.unscaledValue();
                    if (unscaled.bitLength() < 64) {
                        int scale = Numbers.scale(type);
                        double asDouble = Numbers.precision(type) > 18
                                ? DecimalMath.toDouble(unscaled, scale)
                                : DecimalMath.toDouble(unscaled.longValue(), scale);
                        return new NumericOperand(null, type, unscaled.longValue(), asDouble, unscaled);
                    }
                }
                default -> {}
            }
        }
        FieldVector vector = expr.evaluate(input, context);
        return new NumericOperand(vector, vector.getField().getType(), 0, 0, null);
    }

    ArrowType type() {
        return type;
    }

    Bits validity(int rowCount) {
        if (chunks != null) {
            return chunks.validity();
        }
        return vector == null ? Bits.constant(true, rowCount) : Bits.validity(vector, rowCount);
    }

    /** See {@link Numbers#readLongs(FieldVector, int, int, long[])}. */
    void readLongs(int from, int count, long[] into) {
        requireEvaluated();
        if (vector == null) {
            Arrays.fill(into, 0, count, constantLong);
        } else {
            Numbers.readLongs(vector, from, count, into);
        }
    }

    /** See {@link Numbers#readUnscaled(FieldVector, int, int, long[])}. */
    boolean readUnscaled(int from, int count, long[] into) {
        if (chunks != null) {
            return chunks.readUnscaled(from, count, into);
        }
        if (vector == null) {
            Arrays.fill(into, 0, count, constantLong);
            return true;
        }
        return Numbers.readUnscaled(vector, from, count, into);
    }

    /** See {@link Numbers#readDoubles(FieldVector, int, int, double[])}. */
    void readDoubles(int from, int count, double[] into) {
        requireEvaluated();
        if (vector == null) {
            Arrays.fill(into, 0, count, constantDouble);
        } else {
            Numbers.readDoubles(vector, from, count, into);
        }
    }

    /** The unscaled value of row {@code row}, for the exact path. */
    BigInteger unscaledAt(int row) {
        if (chunks != null) {
            return chunks.unscaledAt(row);
        }
        return vector == null ? constantUnscaled : DecimalMath.unscaledAt(vector, row);
    }

    private void requireEvaluated() {
        if (chunks != null) {
            throw new IllegalStateException(
                    "internal error (a bug): a fused DECIMAL operand read as integers or doubles");
        }
    }

    @Override
    public void close() {
        if (chunks != null) {
            chunks.close();
        }
        if (vector != null) {
            vector.close();
        }
    }
}
