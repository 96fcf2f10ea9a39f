package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A DOUBLE function of one or two DOUBLE operands given as a lambda ({@code Math::sqrt},
 * {@code Math::atan2}); NULL in either operand gives NULL, and the function is never asked about
 * a NULL row's value (it sees a placeholder and its result is masked). IEEE results, never an
 * error: {@code sqrt(-1)} is NaN, as in DuckDB. The planner casts other numbers to DOUBLE first.
 *
 * <p># Performance: 1024-row primitive chunks, one (unboxed) lambda call per row.
 */
public final class DoubleKernelExpr extends FunctionExpr {
    private final DoubleUnaryOperator unary;
    private final DoubleBinaryOperator binary;

    private DoubleKernelExpr(
            String name, DoubleUnaryOperator unary, DoubleBinaryOperator binary, List<Expr> operands, Field field) {
        super(name, operands, field, false);
        this.unary = unary;
        this.binary = binary;
        for (Expr operand : operands) {
            ValueKind kind = ValueKind.of(operand.field().getType());
            if (kind != ValueKind.DOUBLE && kind != ValueKind.NULL) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        name + " needs DOUBLE operands, got " + KernelVectors.sqlName(operand.field()));
            }
        }
        if (ValueKind.of(field.getType()) != ValueKind.DOUBLE) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH, name + " returns DOUBLE, not " + KernelVectors.sqlName(field));
        }
    }

    /** {@code name(operand)} computing {@code function}. */
    public static DoubleKernelExpr unary(String name, DoubleUnaryOperator function, Expr operand, Field field) {
        return new DoubleKernelExpr(name, function, null, List.of(operand), field);
    }

    /** {@code name(left, right)} computing {@code function}. */
    public static DoubleKernelExpr binary(
            String name, DoubleBinaryOperator function, Expr left, Expr right, Field field) {
        return new DoubleKernelExpr(name, null, function, List.of(left, right), field);
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        List<Expr> operands = children();
        try (NumericOperand first = NumericOperand.of(operands.get(0), input, context);
                NumericOperand second = binary != null ? NumericOperand.of(operands.get(1), input, context) : null) {
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                if (second == null) {
                    KernelVectors.setValidity(result, first.validity(rowCount), rowCount);
                } else {
                    KernelVectors.setValidity(result, first.validity(rowCount), second.validity(rowCount), rowCount);
                }
                double[] a = new double[Numbers.CHUNK];
                double[] b = new double[Numbers.CHUNK];
                double[] values = new double[Numbers.CHUNK];
                for (int from = 0; from < rowCount; from += Numbers.CHUNK) {
                    int count = Math.min(Numbers.CHUNK, rowCount - from);
                    first.readDoubles(from, count, a);
                    if (second == null) {
                        for (int row = 0; row < count; row++) {
                            values[row] = unary.applyAsDouble(a[row]);
                        }
                    } else {
                        second.readDoubles(from, count, b);
                        for (int row = 0; row < count; row++) {
                            values[row] = binary.applyAsDouble(a[row], b[row]);
                        }
                    }
                    Numbers.writeDoubles(values, result, from, count);
                }
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
