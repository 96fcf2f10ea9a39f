package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code random()}: a new DOUBLE in [0, 1) in every row. Each thread draws from its own generator,
 * so parallel pipelines never contend; not a {@link KernelExpr}, so {@link ConstantFolder} never
 * turns it into one constant.
 */
public final class RandomExpr implements Expr {
    private final Field field;

    /** {@code field} is a DOUBLE field. */
    public RandomExpr(Field field) {
        this.field = field;
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
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int row = 0; row < rowCount; row++) {
                values.set(row, random.nextDouble());
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
