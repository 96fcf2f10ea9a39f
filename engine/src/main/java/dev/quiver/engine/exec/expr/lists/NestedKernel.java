package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.FunctionExpr;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Base of the nested-value kernels: evaluates every operand over the batch, hands the vectors to
 * {@link #compute} and closes them afterwards, so a kernel only says what one batch gives.
 */
abstract class NestedKernel extends FunctionExpr {
    protected NestedKernel(String name, List<Expr> operands, Field field, boolean mayFail) {
        super(name, operands, field, mayFail);
    }

    @Override
    public final FieldVector evaluate(Batch input, ExecutionContext context) {
        if (field().getType() instanceof ArrowType.Null) {
            // typed from an untyped NULL operand (list_sort(NULL)): every row is NULL
            return KernelVectors.nulls(field(), input.rowCount(), context.allocator());
        }
        List<Expr> operands = children();
        FieldVector[] vectors = new FieldVector[operands.size()];
        try {
            for (int index = 0; index < vectors.length; index++) {
                vectors[index] = operands.get(index).evaluate(input, context);
            }
            return compute(vectors, input.rowCount(), context);
        } finally {
            for (FieldVector vector : vectors) {
                KernelVectors.closeQuietly(vector);
            }
        }
    }

    /** The result for one batch of {@code rowCount} rows; {@code operands} stay the caller's. */
    protected abstract FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context);

    /** An integer result of the result field's type: {@code values[row]}, NULL where {@code nulls[row]}. */
    protected final FieldVector integers(long[] values, boolean[] nulls, int rowCount, BufferAllocator allocator) {
        FieldVector result = KernelVectors.allocateFixed(field(), rowCount, allocator);
        try {
            for (int row = 0; row < rowCount; row++) {
                if (!nulls[row]) {
                    Bits.set(result.getValidityBuffer(), row);
                }
            }
            Numbers.writeLongs(values, result, rowCount);
            return KernelVectors.finish(result, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** A BOOLEAN result: {@code values[row]}, NULL where {@code nulls[row]}. */
    protected final FieldVector booleans(boolean[] values, boolean[] nulls, int rowCount, BufferAllocator allocator) {
        BitVector result = KernelVectors.booleans(field(), rowCount, allocator);
        for (int row = 0; row < rowCount; row++) {
            if (!nulls[row]) {
                Bits.set(result.getValidityBuffer(), row);
                if (values[row]) {
                    Bits.set(result.getDataBuffer(), row);
                }
            }
        }
        return KernelVectors.finish(result, rowCount);
    }
}
