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
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** {@code sign(x)}: -1, 0 or 1 as an integer of the planned type; NaN gives 0, as in DuckDB. */
public final class SignExpr extends FunctionExpr {
    private final Expr operand;

    public SignExpr(Expr operand, Field field) {
        super("sign", List.of(operand), field, false);
        this.operand = operand;
        ValueKind operandKind = ValueKind.of(operand.field().getType());
        if (!ValueKind.of(field.getType()).isInteger() || !operandKind.isNumeric() && operandKind != ValueKind.NULL) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    "cannot compute sign of " + KernelVectors.sqlName(operand.field()) + " as "
                            + KernelVectors.sqlName(field));
        }
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = operand.evaluate(input, context)) {
            ValueKind kind = ValueKind.of(values.getField().getType());
            if (kind == ValueKind.NULL) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                Bits valid = Bits.validity(values, rowCount);
                KernelVectors.setValidity(result, valid, rowCount);
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
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
