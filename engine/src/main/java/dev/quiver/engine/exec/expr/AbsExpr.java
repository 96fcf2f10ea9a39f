package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code abs(x)} in x's own type. The integer minimum ({@code abs(-128::TINYINT)}) has no
 * absolute value in its type: NUMERIC_OVERFLOW, as DuckDB refuses it too.
 */
public final class AbsExpr implements KernelExpr {
    private final Expr operand;
    private final Field field;
    private final ValueKind kind;

    public AbsExpr(Expr operand, Field field) {
        this.operand = operand;
        this.field = field;
        this.kind = ValueKind.of(field.getType());
        ValueKind operandKind = ValueKind.of(operand.field().getType());
        if (!kind.isNumeric() || !CastExpr.sameStorage(operand.field().getType(), field.getType())
                && operandKind != ValueKind.NULL) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, "cannot compute abs of "
                    + Vectors.sqlName(operand.field()) + " as " + Vectors.sqlName(field));
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
        return "abs(" + operand.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            if (ValueKind.of(values.getField().getType()) == ValueKind.NULL) {
                return Vectors.nulls(field, rowCount, context.allocator());
            }
            FieldVector result = Vectors.allocateFixed(field, rowCount, context.allocator());
            try {
                Bits valid = Bits.validity(values, rowCount);
                Vectors.setValidity(result, valid, rowCount);
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
                                DecimalMath.write(out, row, DecimalMath.unscaledAt(values, row).abs());
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
                            throw new QuiverException(ErrorCode.NUMERIC_OVERFLOW, "abs of the smallest "
                                    + Vectors.sqlName(field) + " is out of range");
                        }
                        Numbers.writeLongs(numbers, result, rowCount);
                    }
                }
                return Vectors.finish(result, rowCount);
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
