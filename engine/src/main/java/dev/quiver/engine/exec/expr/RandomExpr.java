package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code random()}: a new DOUBLE in [0, 1) in every row, from the session's {@link RandomSource}
 * (each thread's own generator unless setseed seeded it); not a {@link KernelExpr}, so
 * {@link ConstantFolder} never turns it into one constant.
 */
public final class RandomExpr implements Expr {
    private final Field field;
    private final RandomSource source;

    /** {@code field} is a DOUBLE field. */
    public RandomExpr(Field field, RandomSource source) {
        this.field = field;
        this.source = source;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        Float8Vector values = (Float8Vector) field.createVector(context.allocator());
        try {
            values.allocateNew(rowCount);
            double[] numbers = new double[rowCount];
            source.fill(numbers);
            for (int row = 0; row < rowCount; row++) {
                values.set(row, numbers[row]);
            }
            values.setValueCount(rowCount);
            return values;
        } catch (RuntimeException | Error e) {
            values.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "random()";
    }
}
