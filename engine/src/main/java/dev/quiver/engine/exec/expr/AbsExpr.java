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
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code abs(x)} in x's own type. The integer minimum ({@code abs(-128::TINYINT)}) has no
 * absolute value in its type: NUMERIC_OVERFLOW, as DuckDB refuses it too.
 */
public final class AbsExpr extends FunctionExpr {
    private final Expr operand;
    private final ValueKind kind;

    public AbsExpr(Expr operand, Field field) {
        super("abs", List.of(operand), field, ValueKind.of(field.getType()).isInteger());
        this.operand = operand;
        this.kind = ValueKind.of(field.getType());
        ValueKind operandKind = ValueKind.of(operand.field().getType());
        if (!kind.isNumeric()
                || !CastExpr.sameStorage(operand.field().getType(), field.getType()) && operandKind != ValueKind.NULL) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "cannot compute abs of " + KernelVectors.sqlName(operand.field()) + " as "
                            + KernelVectors.sqlName(field));
        }
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
                        for (int row = 0; row < rowCount; row++) {
                            numbers[row] = Math.abs(numbers[row]);
                        }
                        Numbers.writeDoubles(numbers, result, rowCount);
                    }
                    case DECIMAL -> {
                        ArrowBuf out = result.getDataBuffer();
                        for (int row = 0; row < rowCount; row++) {
                            if (valid.get(row)) {
                                DecimalMath.write(
                                        out,
                                        row,
                                        DecimalMath.unscaledAt(values, row).abs());
                            }
                        }
                    }
                    default -> {
                        long[] numbers = Numbers.readLongs(values, rowCount);
                        for (int row = 0; row < rowCount; row++) {
                            numbers[row] = Math.abs(numbers[row]);
                        }
                        int outOfRange = Numbers.firstOutOfRange(numbers, kind, valid, rowCount);
                        if (outOfRange >= 0 || kind == ValueKind.BIGINT && hasLongMinimum(numbers, valid, rowCount)) {
                            throw new QuiverException(
                                    ErrorCode.NUMERIC_OVERFLOW,
                                    "abs of the smallest " + KernelVectors.sqlName(field()) + " is out of range");
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

    /** {@code Math.abs(Long.MIN_VALUE)} stays negative, which the range check of BIGINT misses. */
    private static boolean hasLongMinimum(long[] numbers, Bits valid, int rowCount) {
        for (int row = 0; row < rowCount; row++) {
            if (numbers[row] < 0 && valid.get(row)) {
                return true;
            }
        }
        return false;
    }
}
