package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.Numbers;
import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A DECIMAL {@code + - *} read by its DECIMAL parent kernel a chunk at a time as unscaled longs,
 * never evaluated to a vector: {@code price * (1 - discount) * (1 + tax)} writes one 16-byte result
 * vector instead of three, and reads its intermediate values from a 1024-entry array in the L1 cache
 * instead of from Arrow buffers.
 *
 * <p>A chunk the 64-bit path cannot compute (an intermediate overflow, a value beyond the result
 * precision) is computed exactly for every non-NULL row of the chunk, raising this expression's
 * own errors as evaluating it to a vector would. INVARIANT: the parent reads every chunk in order,
 * {@code [0, 1024)}, {@code [1024, 2048)} …; {@link #unscaledAt} serves the exact values of the
 * chunk holding its row.
 *
 * <p>Owns its operands and its validity buffer; confined to the evaluating thread.
 */
final class DecimalChunks implements AutoCloseable {
    private final ArithmeticExpr expression;
    private final NumericOperand left;
    private final NumericOperand right;
    private final int rowCount;
    private final int leftScale;
    private final int rightScale;
    private final int resultScale;
    private final int resultPrecision;
    private final Bits validity;
    /** The AND of the operands' validity when both have NULLs; null when one of theirs is used as is. */
    private final ArrowBuf validityBuffer;

    private final long[] leftChunk = new long[Numbers.CHUNK];
    private final long[] rightChunk = new long[Numbers.CHUNK];
    private BigInteger[] exact;
    private int exactFrom = -1;
    private int exactCount;

    private DecimalChunks(
            ArithmeticExpr expression,
            NumericOperand left,
            NumericOperand right,
            int rowCount,
            Bits validity,
            ArrowBuf validityBuffer) {
        this.expression = expression;
        this.left = left;
        this.right = right;
        this.rowCount = rowCount;
        this.leftScale = Numbers.scale(left.type());
        this.rightScale = Numbers.scale(right.type());
        this.resultScale = Numbers.scale(expression.field().getType());
        this.resultPrecision = Numbers.precision(expression.field().getType());
        this.validity = validity;
        this.validityBuffer = validityBuffer;
    }

    /** Opens {@code expression} (one that {@link ArithmeticExpr#fusesIntoDecimalParent fuses}) over {@code input}. */
    static DecimalChunks open(ArithmeticExpr expression, Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        NumericOperand left = NumericOperand.of(expression.children().get(0), input, context, true);
        NumericOperand right = null;
        ArrowBuf buffer = null;
        try {
            right = NumericOperand.of(expression.children().get(1), input, context, true);
            Bits leftValid = left.validity(rowCount);
            Bits rightValid = right.validity(rowCount);
            Bits validity;
            if (allValid(leftValid)) {
                validity = rightValid;
            } else if (allValid(rightValid)) {
                validity = leftValid;
            } else {
                int words = Bits.wordCount(rowCount);
                buffer = context.allocator().buffer((long) Math.max(1, words) << 3);
                Bits.writeAnd(buffer, leftValid, rightValid, rowCount);
                validity = Bits.of(buffer, rowCount);
            }
            return new DecimalChunks(expression, left, right, rowCount, validity, buffer);
        } catch (RuntimeException e) {
            if (buffer != null) {
                buffer.close();
            }
            if (right != null) {
                right.close();
            }
            left.close();
            throw e;
        }
    }

    private static boolean allValid(Bits validity) {
        return validity.isConstant() && validity.constantWord() == -1L;
    }

    /** The expression's result type. */
    ArrowType type() {
        return expression.field().getType();
    }

    /** Its non-NULL rows: those non-NULL in both operands. */
    Bits validity() {
        return validity;
    }

    /**
     * Rows {@code [from, from + count)} as unscaled longs into {@code into}; false when a non-NULL
     * result needs more than 64 bits (then the parent reads the chunk through {@link #unscaledAt}).
     */
    boolean readUnscaled(int from, int count, long[] into) {
        boolean leftFits = left.readUnscaled(from, count, leftChunk);
        boolean rightFits = right.readUnscaled(from, count, rightChunk);
        if (leftFits
                && rightFits
                && expression.decimalFast(
                        leftChunk, rightChunk, leftScale, rightScale, resultScale, resultPrecision, into, count)) {
            return true;
        }
        computeExact(from, count);
        for (int index = 0; index < count; index++) {
            BigInteger value = exact[index];
            if (value.bitLength() > 63) {
                return false;
            }
            into[index] = value.longValue();
        }
        return true;
    }

    /** The exact unscaled value of a non-NULL row. */
    BigInteger unscaledAt(int row) {
        if (row < exactFrom || row >= exactFrom + exactCount) {
            int from = row - row % Numbers.CHUNK;
            computeExact(from, Math.min(Numbers.CHUNK, rowCount - from));
        }
        return exact[row - exactFrom];
    }

    /** Computes rows {@code [from, from + count)} exactly (0 for NULL rows), raising their errors. */
    private void computeExact(int from, int count) {
        if (exact == null) {
            exact = new BigInteger[Numbers.CHUNK];
        }
        exactFrom = -1; // an error below leaves no half-computed chunk behind
        for (int index = 0; index < count; index++) {
            int row = from + index;
            exact[index] = validity.get(row)
                    ? expression.decimalExactRow(
                            left.unscaledAt(row),
                            right.unscaledAt(row),
                            leftScale,
                            rightScale,
                            resultScale,
                            resultPrecision)
                    : BigInteger.ZERO;
        }
        exactFrom = from;
        exactCount = count;
    }

    @Override
    public void close() {
        try (NumericOperand first = left;
                NumericOperand second = right) {
            if (validityBuffer != null) {
                validityBuffer.close();
            }
        }
    }
}
