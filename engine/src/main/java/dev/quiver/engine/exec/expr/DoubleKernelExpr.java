package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
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
 * a NULL row's value (it sees a placeholder and its result is masked). IEEE results, unless a
 * {@link DomainCheck} is given: then a non-NULL row whose result is NaN, infinite or zero is shown to it, and it
 * may refuse the operands as DuckDB does ({@code ln(0)}, {@code sqrt(-1)}). The planner casts other
 * numbers to DOUBLE first.
 *
 * <p># Performance: 1024-row primitive chunks, one (unboxed) lambda call per row; the domain check
 * costs two tests per row.
 */
public final class DoubleKernelExpr extends FunctionExpr {
    /** Refuses operands outside a function's domain; called only for non-NULL rows whose result is not finite or is zero. */
    @FunctionalInterface
    public interface DomainCheck {
        /**
         * Throws a {@link QuiverException} saying what is wrong when DuckDB refuses these operands;
         * returns when their result stands ({@code second} is 0 for a unary function).
         */
        void check(double first, double second);
    }

    private final DoubleUnaryOperator unary;
    private final DoubleBinaryOperator binary;
    private final DomainCheck domain;

    private DoubleKernelExpr(
            String name,
            DoubleUnaryOperator unary,
            DoubleBinaryOperator binary,
            DomainCheck domain,
            List<Expr> operands,
            Field field) {
        super(name, operands, field, domain != null);
        this.unary = unary;
        this.binary = binary;
        this.domain = domain;
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
        return new DoubleKernelExpr(name, function, null, null, List.of(operand), field);
    }

    /** {@code name(operand)} computing {@code function}, refusing what {@code domain} refuses. */
    public static DoubleKernelExpr unary(
            String name, DoubleUnaryOperator function, DomainCheck domain, Expr operand, Field field) {
        return new DoubleKernelExpr(name, function, null, domain, List.of(operand), field);
    }

    /** {@code name(left, right)} computing {@code function}. */
    public static DoubleKernelExpr binary(
            String name, DoubleBinaryOperator function, Expr left, Expr right, Field field) {
        return new DoubleKernelExpr(name, null, function, null, List.of(left, right), field);
    }

    /** {@code name(left, right)} computing {@code function}, refusing what {@code domain} refuses. */
    public static DoubleKernelExpr binary(
            String name, DoubleBinaryOperator function, DomainCheck domain, Expr left, Expr right, Field field) {
        return new DoubleKernelExpr(name, null, function, domain, List.of(left, right), field);
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
                    if (domain != null) {
                        Bits valid = Bits.of(result.getValidityBuffer(), rowCount);
                        for (int row = 0; row < count; row++) {
                            // zero too: log(0, x) is -0.0, where DuckDB refuses the base
                            if ((values[row] == 0 || !Double.isFinite(values[row])) && valid.get(from + row)) {
                                domain.check(a[row], second == null ? 0 : b[row]);
                            }
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
