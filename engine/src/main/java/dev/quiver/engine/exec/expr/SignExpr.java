package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** {@code sign(x)}: -1, 0 or 1 as an integer of the planned type; NaN gives 0, as in DuckDB. */
public final class SignExpr implements KernelExpr {
    private final Expr operand;
    private final Field field;

    public SignExpr(Expr operand, Field field) {
        this.operand = operand;
        this.field = field;
        ValueKind operandKind = ValueKind.of(operand.field().getType());
        if (!ValueKind.of(field.getType()).isInteger() || !operandKind.isNumeric() && operandKind != ValueKind.NULL) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, "cannot compute sign of "
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
        return false;
    }

    @Override
    public String describe() {
        return "sign(" + operand.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            ValueKind kind = ValueKind.of(values.getField().getType());
            if (kind == ValueKind.NULL) {
                return Vectors.nulls(field, rowCount, context.allocator());
            }
            FieldVector result = Vectors.allocateFixed(field, rowCount, context.allocator());
            try {
                Bits valid = Bits.validity(values, rowCount);
                Vectors.setValidity(result, valid, rowCount);
                long[] signs = new long[rowCount];
                switch (kind) {
                    case REAL, DOUBLE -> {
                        double[] numbers = Numbers.readDoubles(values, rowCount);
                        for (int row = 0; row < rowCount; row++) {
                            double x = numbers[row];
                            signs[row] = x > 0 ? 1 : x < 0 ? -1 : 0;
                        }
                    }
                    case DECIMAL -> {
                        for (int row = 0; row < rowCount; row++) {
                            if (valid.get(row)) {
                                signs[row] = DecimalMath.unscaledAt(values, row).signum();
                            }
                        }
                    }
                    default -> {
                        long[] numbers = Numbers.readLongs(values, rowCount);
                        for (int row = 0; row < rowCount; row++) {
                            signs[row] = Long.signum(numbers[row]);
                        }
                    }
                }
                Numbers.writeLongs(signs, result, rowCount);
                return Vectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
