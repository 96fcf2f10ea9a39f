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
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Unary minus; negating the smallest value of an integer type is NUMERIC_OVERFLOW. */
public final class NegateExpr implements KernelExpr {
    private final Expr operand;
    private final Field field;
    private final ValueKind kind;

    public NegateExpr(Expr operand, Field field) {
        this.operand = operand;
        this.field = field;
        this.kind = ValueKind.of(field.getType());
        ValueKind operandKind = ValueKind.of(operand.field().getType());
        boolean sameStorage = operandKind == kind || operandKind == ValueKind.NULL;
        if (!kind.isNumeric()
                || !sameStorage
                || (kind == ValueKind.DECIMAL
                        && operandKind == ValueKind.DECIMAL
                        && Numbers.scale(operand.field().getType()) != Numbers.scale(field.getType()))) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "cannot negate " + KernelVectors.sqlName(operand.field()) + " into "
                            + KernelVectors.sqlName(field));
        }
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return List.of(operand);
    }

    @Override
    public boolean mayFail() {
        return kind.isInteger();
    }

    @Override
    public String describe() {
        return "(- " + operand.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            FieldVector result = KernelVectors.allocateFixed(field, rowCount, context.allocator());
            try {
                KernelVectors.setValidity(result, Bits.validity(values, rowCount), rowCount);
                Bits valid = Bits.of(result.getValidityBuffer(), rowCount);
                switch (kind) {
                    case REAL, DOUBLE -> {
                        double[] numbers = Numbers.readDoubles(values, rowCount);
                        for (int row = 0; row < rowCount; row++) {
                            numbers[row] = -numbers[row];
                        }
                        Numbers.writeDoubles(numbers, result, rowCount);
                    }
                    case DECIMAL -> negateDecimal(values, result, valid, rowCount);
                    default -> {
                        long[] numbers = Numbers.readLongs(values, rowCount);
                        long minimum = Numbers.minimum(kind);
                        boolean flagged = false;
                        for (int row = 0; row < rowCount; row++) {
                            long value = numbers[row];
                            flagged |= value == minimum;
                            numbers[row] = -value;
                        }
                        if (flagged) {
                            for (int row = 0; row < rowCount; row++) {
                                if (-numbers[row] == minimum && valid.get(row)) {
                                    throw new QuiverException(
                                            ErrorCode.NUMERIC_OVERFLOW,
                                            "Overflow in negation of " + kind + ": -(" + minimum
                                                    + ") does not fit the type");
                                }
                            }
                        }
                        Numbers.writeLongs(numbers, result, rowCount);
                    }
                }
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    private static void negateDecimal(FieldVector values, FieldVector result, Bits valid, int rowCount) {
        long[] numbers = Numbers.readUnscaled(values, rowCount);
        if (numbers != null) {
            // |value| < 10^18 for precision <= 18, and a fitting 128-bit value is never Long.MIN_VALUE's lone case:
            // negating Long.MIN_VALUE needs 128 bits, which write() below gets right via BigInteger
            ArrowBuf data = result.getDataBuffer();
            for (int row = 0; row < rowCount; row++) {
                long value = numbers[row];
                if (value == Long.MIN_VALUE) {
                    DecimalMath.write(data, row, BigInteger.valueOf(value).negate());
                } else {
                    DecimalMath.write(data, row, -value);
                }
            }
            return;
        }
        BigInteger[] big = Numbers.readBig(values, rowCount);
        ArrowBuf data = result.getDataBuffer();
        for (int row = 0; row < rowCount; row++) {
            DecimalMath.write(data, row, valid.get(row) ? big[row].negate() : BigInteger.ZERO);
        }
    }
}
