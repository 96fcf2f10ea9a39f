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
import java.util.function.LongBinaryOperator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A BIGINT function of two BIGINT operands given as a lambda ({@code gcd}, {@code lcm}); NULL in
 * either operand gives NULL and the function is called only for rows where both are valid, so it
 * may throw a {@link QuiverException} (an overflow) naming the row's values.
 *
 * <p># Performance: 1024-row primitive chunks, one (unboxed) lambda call per valid row.
 */
public final class LongKernelExpr extends FunctionExpr {
    private final LongBinaryOperator function;

    /**
     * @param mayFail whether {@code function} can throw a data error (then CASE evaluates it only
     *                on the rows that need it)
     */
    public LongKernelExpr(
            String name, LongBinaryOperator function, boolean mayFail, Expr left, Expr right, Field field) {
        super(
                name,
                List.of(StringOperands.requireInteger(name, left), StringOperands.requireInteger(name, right)),
                field,
                mayFail);
        this.function = function;
        if (ValueKind.of(field.getType()) != ValueKind.BIGINT) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH, name + " returns BIGINT, not " + KernelVectors.sqlName(field));
        }
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        List<Expr> operands = children();
        try (NumericOperand first = NumericOperand.of(operands.get(0), input, context);
                NumericOperand second = NumericOperand.of(operands.get(1), input, context)) {
            FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
            try {
                Bits firstValid = first.validity(rowCount);
                Bits secondValid = second.validity(rowCount);
                KernelVectors.setValidity(result, firstValid, secondValid, rowCount);
                long[] a = new long[Numbers.CHUNK];
                long[] b = new long[Numbers.CHUNK];
                long[] values = new long[Numbers.CHUNK];
                for (int from = 0; from < rowCount; from += Numbers.CHUNK) {
                    int count = Math.min(Numbers.CHUNK, rowCount - from);
                    first.readLongs(from, count, a);
                    second.readLongs(from, count, b);
                    for (int index = 0; index < count; index++) {
                        int row = from + index;
                        // a NULL row's placeholder must not reach a function that can throw
                        values[index] = firstValid.get(row) && secondValid.get(row)
                                ? function.applyAsLong(a[index], b[index])
                                : 0;
                    }
                    Numbers.writeLongs(values, result, from, count);
                }
                return KernelVectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }
}
